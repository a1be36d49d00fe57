#!/bin/sh
# Runs one pgBackRest backup of the RRNet cluster: run_backup.sh [full|incr|diff]
# (default incr; pgBackRest makes it a full one when no full backup exists yet).
# Creates the stanza on the first run, expires what the 30-day retention no longer
# needs (pgBackRest does that after every backup) and prints the repository summary.
#
# Environment: PGBACKREST_STANZA (default rrnet), PGBACKREST_CONFIG (default
# /etc/pgbackrest/pgbackrest.conf), PGBACKREST_REPO1_CIPHER_PASS and any other
# PGBACKREST_* option. Run as postgres; as root it re-runs itself as postgres.
# Exit status: 0 backed up, 64 bad usage, 69 pgbackrest/jq missing, else pgBackRest's.
set -eu

TYPE=${1:-incr}
case "$TYPE" in
  full | incr | diff) ;;
  *)
    echo "usage: $0 [full|incr|diff]" >&2
    exit 64
    ;;
esac

if [ "$(id -u)" = 0 ]; then
  exec runuser -u postgres -- "$0" "$@"
fi

for bin in pgbackrest jq; do
  command -v "$bin" >/dev/null 2>&1 || { echo "$bin not found (apt-get install -y pgbackrest jq)" >&2; exit 69; }
done

export PGBACKREST_STANZA="${PGBACKREST_STANZA:-rrnet}"
log() { echo "$(date -u +%Y-%m-%dT%H:%M:%SZ) [backup] $*"; }

# status 1 = "missing stanza path": the repository has never seen this cluster
status=$(pgbackrest info --output=json | jq -r --arg s "$PGBACKREST_STANZA" '(.[] | select(.name == $s) | .status.code) // 1')
if [ "$status" = 1 ]; then
  log "stanza $PGBACKREST_STANZA: creating it in the repository"
  pgbackrest stanza-create
fi

log "stanza $PGBACKREST_STANZA: $TYPE backup starting"
started=$(date +%s)
pgbackrest --type="$TYPE" backup
log "stanza $PGBACKREST_STANZA: $TYPE backup finished in $(($(date +%s) - started)) s"

pgbackrest info --output=json | jq -r --arg s "$PGBACKREST_STANZA" '
  .[] | select(.name == $s) | .backup[-1] as $b |
  "newest: \($b.label) (\($b.type)), \($b.info.size) bytes in the cluster, \($b.info.repository.delta) bytes stored; \(.backup | length) backup(s) kept"'
