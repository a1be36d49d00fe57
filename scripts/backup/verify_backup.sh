#!/bin/sh
# Verifies the RRNet backups; exits non-zero (and says why) when any check fails:
#   1. archiving works: `pgbackrest check` forces a WAL switch and waits for the
#      segment to reach the repository (the archive_command, the spool, the repo);
#   2. the repository is intact: `pgbackrest verify` checks every backup file and WAL
#      segment against its recorded checksum;
#   3. backups are fresh: the newest full backup is younger than
#      BACKUP_MAX_FULL_AGE_HOURS (26: daily + slack) and the newest backup of any type
#      younger than BACKUP_MAX_AGE_HOURS (2: hourly + slack).
# A restore drill is separate: `pnpm backup:restore-test` (the automated restore test).
#
# Environment: as run_backup.sh; BACKUP_VERIFY_NOW (epoch seconds) replaces the clock.
# Exit status: 0 all good, 1 a check failed, 69 pgbackrest/jq missing.
set -eu

if [ "$(id -u)" = 0 ]; then
  exec runuser -u postgres -- "$0" "$@"
fi
for bin in pgbackrest jq; do
  command -v "$bin" >/dev/null 2>&1 || { echo "$bin not found (apt-get install -y pgbackrest jq)" >&2; exit 69; }
done

export PGBACKREST_STANZA="${PGBACKREST_STANZA:-rrnet}"
MAX_FULL_AGE_HOURS=${BACKUP_MAX_FULL_AGE_HOURS:-26}
MAX_AGE_HOURS=${BACKUP_MAX_AGE_HOURS:-2}
NOW=${BACKUP_VERIFY_NOW:-$(date +%s)}
log() { echo "$(date -u +%Y-%m-%dT%H:%M:%SZ) [verify] $*"; }
fail() {
  log "FAILED: $*" >&2
  exit 1
}

pgbackrest check || fail "pgbackrest check: WAL archiving does not reach the repository"
log "archiving works"
pgbackrest verify || fail "pgbackrest verify: the repository has missing or corrupt files"
log "repository files match their checksums"

info=$(pgbackrest info --output=json)
summary=$(printf '%s' "$info" | jq -r --arg s "$PGBACKREST_STANZA" '
  (.[] | select(.name == $s)) as $st |
  [ $st.status.code,
    ([$st.backup[] | select(.type == "full") | .timestamp.stop] | max // 0),
    ([$st.backup[] | .timestamp.stop] | max // 0),
    ($st.backup | length) ] | @tsv')
[ -n "$summary" ] || fail "stanza $PGBACKREST_STANZA not in the repository"
set -- $summary
status=$1 last_full=$2 last_any=$3 count=$4
[ "$status" = 0 ] || fail "stanza status $status: $(printf '%s' "$info" | jq -r '.[0].status.message')"
[ "$last_full" -gt 0 ] || fail "no full backup"
full_age=$((NOW - last_full))
any_age=$((NOW - last_any))
[ "$full_age" -le $((MAX_FULL_AGE_HOURS * 3600)) ] || fail "newest full backup is $((full_age / 3600)) h old (limit ${MAX_FULL_AGE_HOURS} h)"
[ "$any_age" -le $((MAX_AGE_HOURS * 3600)) ] || fail "newest backup is $((any_age / 3600)) h old (limit ${MAX_AGE_HOURS} h)"
log "OK: $count backup(s); newest full ${full_age} s old, newest backup ${any_age} s old"
