/**
 * Bootstrap helpers used before dependencies exist: find or install pnpm, run
 * commands with inherited output, spawn long-running services with prefixed logs.
 * Only Node.js built-ins here: this runs on a fresh clone.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';

export const PNPM_VERSION = '12.4.2';
export const ROOT = new URL('../..', import.meta.url).pathname.replace(/\/$/, '');

const COLORS = { web: 36, worker: 35, bridge: 33, postgres: 34, redis: 31, rrnet: 32, sim: 94 };

export function say(message, tag = 'rrnet') {
  const color = COLORS[tag] ?? 37;
  process.stdout.write(`\x1b[${color}m[${tag}]\x1b[0m ${message}\n`);
}

function versionOf(cmd, args) {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

/** Returns the argv prefix that runs pnpm PNPM_VERSION, installing it when missing. */
export function ensurePnpm() {
  if (versionOf('pnpm', ['--version']) === PNPM_VERSION) return ['pnpm'];
  say(`installing pnpm ${PNPM_VERSION} (npm i -g)`);
  const global = spawnSync('npm', ['install', '-g', `pnpm@${PNPM_VERSION}`], { stdio: 'inherit' });
  if (global.status === 0 && versionOf('pnpm', ['--version']) === PNPM_VERSION) return ['pnpm'];
  say(`global install not possible; using npx pnpm@${PNPM_VERSION}`);
  return ['npx', '--yes', `pnpm@${PNPM_VERSION}`];
}

export function runOrExit(argv, options = {}) {
  const [cmd, ...args] = argv;
  const r = spawnSync(cmd, args, { stdio: 'inherit', cwd: ROOT, ...options });
  if (r.status !== 0) {
    say(`command failed (${r.status ?? r.signal}): ${argv.join(' ')}`);
    process.exit(r.status ?? 1);
  }
}

export function run(argv, options = {}) {
  const [cmd, ...args] = argv;
  return spawnSync(cmd, args, { stdio: 'inherit', cwd: ROOT, ...options });
}

export function installDependencies(pnpm) {
  const frozen = existsSync(`${ROOT}/pnpm-lock.yaml`) ? ['--frozen-lockfile'] : [];
  runOrExit([...pnpm, 'install', ...frozen]);
}

/** Spawns a long-running child whose output lines are prefixed with its tag. */
export function spawnService(tag, argv, options = {}) {
  const [cmd, ...args] = argv;
  const child = spawn(cmd, args, {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // own process group: Ctrl-C reaches it only through us
    ...options,
  });
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => say(line, tag));
  }
  return child;
}

/** Sends SIGTERM to a child's process group and waits (then SIGKILL) for it to exit. */
export function stopService(child, timeoutMs = 15_000) {
  return new Promise((resolve) => {
    if (!child || child.exitCode !== null || child.signalCode !== null) return resolve();
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }, timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      resolve();
    }
  });
}

export async function waitForHttp(url, { timeoutMs = 300_000, ok = (r) => r.ok } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url);
      if (ok(res)) return res;
      last = `${res.status} ${await res.text()}`;
    } catch (err) {
      last = err.message;
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(`${url} not ready after ${timeoutMs / 1000}s: ${last}`);
}
