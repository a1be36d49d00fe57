/**
 * promtool (Prometheus's rule checker and rule unit-test runner) for the alert-rule tests.
 * Debian ships it in the `prometheus` package. ensurePromtool() returns its path: from
 * PATH when present; otherwise, as root only, it runs `apt-get update` and
 * `apt-get install -y --no-install-recommends prometheus` once and looks again.
 * Idempotent: a second call finds the binary and installs nothing. Returns
 * { path: null, reason } when it cannot be had (not root, no apt, the install failed),
 * so a caller can skip with that reason.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

function findOnPath(binary) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, binary);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return null;
}

/** @returns {{ path: string, installed: boolean } | { path: null, reason: string }} */
export function ensurePromtool() {
  const found = findOnPath('promtool');
  if (found) return { path: found, installed: false };
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) {
    return { path: null, reason: 'promtool is not on PATH and installing it needs root (apt-get install prometheus)' };
  }
  if (!findOnPath('apt-get')) return { path: null, reason: 'promtool is not on PATH and apt-get is not available' };
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  if (update.status !== 0) return { path: null, reason: `apt-get update failed (exit ${update.status})` };
  const install = spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'prometheus'], { stdio: 'inherit', env });
  if (install.status !== 0) return { path: null, reason: `apt-get install prometheus failed (exit ${install.status})` };
  // the package's postinst may start a Prometheus service where systemd runs; this
  // machine only needs the binary
  const installedPath = findOnPath('promtool');
  return installedPath ? { path: installedPath, installed: true } : { path: null, reason: 'prometheus installed but promtool not found on PATH' };
}
