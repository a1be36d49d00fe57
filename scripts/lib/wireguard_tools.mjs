/**
 * WireGuard tools for the router-tunnel layer (issue #21): `wg` (Debian wireguard-tools)
 * and `wireguard-go` (Debian wireguard-go, the userspace WireGuard for machines without
 * the kernel module), plus `ip` and `nft` that the namespace test drives. Idempotent:
 * nothing runs when every binary is already there; `apt-get install -y` runs only as
 * root and only for the missing packages (an `apt-get update` once if the first try
 * fails on a stale list). Only Node.js built-ins: this runs before dependencies exist.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const SEARCH = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

/** binary → Debian package that ships it */
export const WIREGUARD_BINARIES = { wg: 'wireguard-tools', 'wireguard-go': 'wireguard-go', ip: 'iproute2', nft: 'nftables' };

export function findBinary(name) {
  for (const dir of [...(process.env.PATH ?? '').split(':').filter(Boolean), ...SEARCH]) {
    if (existsSync(`${dir}/${name}`)) return `${dir}/${name}`;
  }
  return null;
}

function missingPackages() {
  return [...new Set(Object.entries(WIREGUARD_BINARIES).filter(([bin]) => !findBinary(bin)).map(([, pkg]) => pkg))];
}

/**
 * Makes sure `wg`, `wireguard-go`, `ip` and `nft` exist, installing what is missing
 * with apt when root. Returns `{ ok, missing, installed }`: `missing` names the packages
 * still absent afterwards (the namespace test then skips, saying which).
 */
export function ensureWireguardTools({ log = (m) => process.stdout.write(`[wireguard] ${m}\n`) } = {}) {
  const before = missingPackages();
  if (before.length === 0) return { ok: true, missing: [], installed: [] };
  if (process.getuid?.() !== 0 || !findBinary('apt-get')) {
    log(`missing ${before.join(', ')} (not root or no apt-get: not installing)`);
    return { ok: false, missing: before, installed: [] };
  }
  log(`installing ${before.join(', ')} (apt-get)`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () => spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...before], { stdio: 'ignore', env }).status === 0;
  if (!install()) {
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'ignore', env });
    install();
  }
  const after = missingPackages();
  if (after.length > 0) log(`still missing after apt-get: ${after.join(', ')}`);
  return { ok: after.length === 0, missing: after, installed: before.filter((p) => !after.includes(p)) };
}

// `node scripts/lib/wireguard_tools.mjs` installs and reports
if (import.meta.url === `file://${process.argv[1]}`) {
  const result = ensureWireguardTools();
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(result.ok ? 0 : 1);
}
