/**
 * promtool (Prometheus's rule checker and rule unit-test runner) for the alert-rule tests.
 * Debian ships it in the `prometheus` package. ensurePromtool() returns its path: from
 * PATH when present; otherwise, as root only, it runs `apt-get update` and
 * `apt-get install -y --no-install-recommends prometheus` once and looks again.
 * Idempotent: a second call finds the binary and installs nothing; concurrent callers
 * (test files in parallel workers) take turns through a lock directory, and the one that
 * waited finds the binary the other installed. Returns { path: null, reason } when it
 * cannot be had (not root, no apt, the install failed), so a caller can skip with that reason.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, mkdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

const LOCK_DIR = join(tmpdir(), 'rrnet-promtool-install.lock');
const LOCK_WAIT_MS = 10 * 60_000;
/** a lock older than this was left by a process that died mid-install */
const LOCK_STALE_MS = 15 * 60_000;

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
  if (!acquireLock()) return { path: null, reason: 'another process has been installing promtool for too long' };
  try {
    const again = findOnPath('promtool');
    if (again) return { path: again, installed: false };
    return aptInstall();
  } finally {
    rmSync(LOCK_DIR, { recursive: true, force: true });
  }
}

function acquireLock() {
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      mkdirSync(LOCK_DIR);
      return true;
    } catch {
      try {
        if (Date.now() - statSync(LOCK_DIR).mtimeMs > LOCK_STALE_MS) rmSync(LOCK_DIR, { recursive: true, force: true });
      } catch {
        // released meanwhile
      }
      if (Date.now() > deadline) return false;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
    }
  }
}

function aptInstall() {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  // wait for another apt/dpkg (e.g. the e2e layer installing Chromium) instead of failing
  const lockWait = ['-o', 'DPkg::Lock::Timeout=300'];
  const update = spawnSync('apt-get', [...lockWait, 'update', '-qq'], { stdio: 'inherit', env });
  if (update.status !== 0) return { path: null, reason: `apt-get update failed (exit ${update.status})` };
  const install = spawnSync('apt-get', [...lockWait, 'install', '-y', '-qq', '--no-install-recommends', 'prometheus'], { stdio: 'inherit', env });
  if (install.status !== 0) return { path: null, reason: `apt-get install prometheus failed (exit ${install.status})` };
  // where no init system runs (containers, CI) the package starts no service; only its
  // promtool binary is used here
  const installedPath = findOnPath('promtool');
  return installedPath ? { path: installedPath, installed: true } : { path: null, reason: 'prometheus installed but promtool not found on PATH' };
}
