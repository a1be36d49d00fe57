#!/usr/bin/env node
/**
 * `npm test`: the whole suite, layer by layer, against real services.
 *   naming → lint → typecheck → unit → integration (PostgreSQL + Redis on 127.0.0.1)
 *   → e2e (Playwright in Debian's Chromium, installed with apt when root and absent).
 * Every layer runs even after a failure; the exit code is non-zero if any failed.
 * Prints the tests run per layer and a closing "N passed, N failed" line.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { ensurePnpm, installDependencies, ROOT, say } from './lib/toolchain.mjs';

const pnpm = ensurePnpm();
installDependencies(pnpm);
const { tcpOpen } = await import('./lib/backends.mjs');

const REPORTS = `${ROOT}/.rrnet/reports`;
rmSync(REPORTS, { recursive: true, force: true });
mkdirSync(REPORTS, { recursive: true });

function ensureChromium() {
  const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (existsSync(path)) return;
  if (process.getuid?.() !== 0) {
    say(`Chromium not found at ${path}; install Debian's chromium package (apt-get install -y chromium)`);
    return;
  }
  say('installing Debian chromium for the e2e layer (apt-get)');
  spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
  spawnSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
}

const pgUrl = new URL(process.env.RRNET_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
const redisUrl = new URL(process.env.RRNET_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');
for (const [name, url, port] of [['PostgreSQL', pgUrl, 5432], ['Redis', redisUrl, 6379]]) {
  if (!(await tcpOpen(url.hostname, Number(url.port || port)))) {
    say(`${name} is not reachable at ${url.host}; start it (see README "Troubleshooting")`);
    process.exit(1);
  }
}
ensureChromium();

const vitestJson = (file) => {
  const r = JSON.parse(readFileSync(file, 'utf8'));
  return { passed: r.numPassedTests, failed: r.numFailedTests + (r.numRuntimeErrorTestSuites ?? 0), skipped: r.numPendingTests + r.numTodoTests };
};
const playwrightJson = (file) => {
  const s = JSON.parse(readFileSync(file, 'utf8')).stats;
  return { passed: s.expected + s.flaky, failed: s.unexpected, skipped: s.skipped };
};

const LAYERS = [
  { name: 'naming', argv: ['node', 'scripts/check_naming.mjs'] },
  { name: 'lint', argv: [...pnpm, 'turbo', 'run', 'lint', '--continue', '--output-logs=errors-only'], then: [...pnpm, 'run', '--silent', 'lint:root'] },
  { name: 'typecheck', argv: [...pnpm, 'turbo', 'run', 'typecheck', '--continue', '--output-logs=errors-only'], then: [...pnpm, 'run', '--silent', 'typecheck:root'] },
  {
    name: 'unit',
    argv: [...pnpm, 'exec', 'vitest', 'run', '--config', 'vitest.unit.config.ts', '--reporter=default', '--reporter=json', `--outputFile.json=${REPORTS}/unit.json`],
    count: () => vitestJson(`${REPORTS}/unit.json`),
  },
  {
    name: 'integration',
    argv: [...pnpm, 'exec', 'vitest', 'run', '--config', 'vitest.integration.config.ts', '--reporter=default', '--reporter=json', `--outputFile.json=${REPORTS}/integration.json`],
    count: () => vitestJson(`${REPORTS}/integration.json`),
  },
  {
    name: 'e2e',
    argv: [...pnpm, '--filter', '@rrnet/web', 'exec', 'playwright', 'test'],
    count: () => playwrightJson(`${REPORTS}/e2e.json`),
  },
];

const results = [];
for (const layer of LAYERS) {
  say(`── ${layer.name} ──`);
  const started = Date.now();
  const env = { ...process.env, FORCE_COLOR: process.env.CI ? '0' : '1', NEXT_TELEMETRY_DISABLED: '1' };
  let status = spawnSync(layer.argv[0], layer.argv.slice(1), { stdio: 'inherit', cwd: ROOT, env }).status;
  if (status === 0 && layer.then) {
    status = spawnSync(layer.then[0], layer.then.slice(1), { stdio: 'inherit', cwd: ROOT, env }).status;
  }
  let counts = null;
  if (layer.count) {
    try {
      counts = layer.count();
    } catch {
      counts = null;
    }
  }
  const ok = status === 0 && (!counts || (counts.failed === 0 && counts.passed > 0));
  results.push({ name: layer.name, ok, counts, seconds: Math.round((Date.now() - started) / 1000) });
}

say('── summary ──');
let passed = 0;
let failed = 0;
for (const r of results) {
  const tests = r.counts ? `${r.counts.passed} passed, ${r.counts.failed} failed, ${r.counts.skipped} skipped` : r.ok ? 'clean' : 'errors';
  say(`${r.ok ? 'PASS' : 'FAIL'}  ${r.name.padEnd(12)} ${tests}  (${r.seconds}s)`);
  if (r.counts) {
    passed += r.counts.passed;
    failed += r.counts.failed;
  } else if (!r.ok) {
    failed += 1;
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(results.every((r) => r.ok) ? 0 : 1);
