/**
 * Debian packages the test layers need beyond Node (pgBackRest for the restore test,
 * faketime for the clock layer, jq for the backup scripts, WireGuard and nftables for the
 * router-tunnel namespace test).
 * Idempotent: a package whose binary is already on PATH is left alone; a missing one is
 * installed with apt-get only when running as root. Only Node.js built-ins here.
 */
import { spawnSync } from 'node:child_process';

/** package → the binary that proves it is installed */
export const APT_TOOLS = {
  pgbackrest: 'pgbackrest',
  openssl: 'openssl',
  faketime: 'faketime',
  'wireguard-tools': 'wg',
  'wireguard-go': 'wireguard-go',
  nftables: 'nft',
};

export function hasBinary(binary) {
  return spawnSync('sh', ['-c', `command -v ${binary}`], { stdio: 'ignore' }).status === 0;
}

/**
 * Ensures each package is installed. Returns the packages still missing afterwards
 * (not root, apt failed, or no such package), so callers can say what will be skipped.
 */
export function ensureAptPackages(packages, { log = (m) => process.stdout.write(`${m}\n`) } = {}) {
  const missing = packages.filter((p) => !hasBinary(APT_TOOLS[p] ?? p));
  if (missing.length === 0) return [];
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    log(
      `not installed and not root, so not installing: ${missing.join(', ')} (apt-get install -y ${missing.join(' ')})`,
    );
    return missing;
  }
  log(`installing ${missing.join(', ')} (apt-get)`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  // another apt run (a parallel job) holds the dpkg lock: wait for it rather than fail
  const lock = ['-o', 'DPkg::Lock::Timeout=300'];
  const install = () =>
    spawnSync('apt-get', [...lock, 'install', '-y', '-qq', '--no-install-recommends', ...missing], {
      stdio: 'inherit',
      env,
    }).status;
  if (install() !== 0) {
    // the package lists may be stale or absent (fresh container): refresh once and retry
    spawnSync('apt-get', [...lock, 'update', '-qq'], { stdio: 'inherit', env });
    install();
  }
  return missing.filter((p) => !hasBinary(APT_TOOLS[p] ?? p));
}
