#!/usr/bin/env node
/**
 * `npm test`: the whole suite, layer by layer, against real services.
 *   naming → lint → typecheck → unit (with coverage) → integration (PostgreSQL + Redis on
 *   127.0.0.1, with coverage) → clock (the calendar-sensitive integration files at four faked
 *   moments) → e2e (Playwright in Debian's Chromium, installed with apt when root and absent)
 *   → host (production web and worker as nobody on a read-only root, against e2e's build).
 * Unit and integration fail below their coverage thresholds (tests/coverage_scope.mjs).
 * Every layer runs even after a failure; the exit code is non-zero if any failed.
 * Prints the tests run per layer and a closing "N passed, N failed" line.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { relative } from 'node:path';
import { INTEGRATION_COVERAGE, UNIT_COVERAGE } from '../tests/coverage_scope.mjs';
import { ensureAptPackages } from './lib/apt_tools.mjs';
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
// Debian tools of the integration layer: pgBackRest (+ jq) for the restore test,
// wireguard-go, wireguard-tools and nftables for the router-tunnel namespace test
ensureAptPackages(['pgbackrest', 'jq', 'wireguard-tools', 'wireguard-go', 'nftables'], { log: (m) => say(m) });

// the failing tests by file and title, repeated in the summary so a truncated CI log still names them
const vitestFailures = (r) =>
  (r.testResults ?? []).flatMap((file) => {
    const path = relative(ROOT, file.name);
    const failedTests = (file.assertionResults ?? []).filter((a) => a.status === 'failed');
    if (failedTests.length === 0 && file.status === 'failed') return [`${path}: ${String(file.message ?? '').split('\n')[0].slice(0, 300)}`];
    return failedTests.map((a) => `${path} › ${a.fullName}: ${String(a.failureMessages?.[0] ?? '').split('\n')[0].slice(0, 300)}`);
  });
const vitestJson = (file) => {
  const r = JSON.parse(readFileSync(file, 'utf8'));
  return {
    passed: r.numPassedTests,
    failed: r.numFailedTests + (r.numRuntimeErrorTestSuites ?? 0),
    skipped: r.numPendingTests + r.numTodoTests,
    failures: vitestFailures(r),
  };
};
const clockJson = (dir) => {
  const files = readdirSync(dir).filter((f) => /^clock-\d.*\.json$/.test(f));
  if (existsSync(`${dir}/clock-skipped.json`)) return { passed: 0, failed: 0, skipped: 1, failures: [] };
  const sum = { passed: 0, failed: 0, skipped: 0, failures: [] };
  for (const f of files) {
    const c = vitestJson(`${dir}/${f}`);
    sum.passed += c.passed;
    sum.failed += c.failed;
    sum.skipped += c.skipped;
    sum.failures.push(...c.failures.map((line) => `${f.replace(/\.json$/, '')}: ${line}`));
  }
  return files.length === 4 ? sum : { ...sum, failed: sum.failed + (4 - files.length) };
};
// terminal colour codes in Playwright's error messages
const ANSI_COLOUR = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');
const playwrightJson = (file) => {
  const report = JSON.parse(readFileSync(file, 'utf8'));
  const s = report.stats;
  const failures = [];
  const walk = (suite) => {
    for (const spec of suite.specs ?? []) {
      for (const t of spec.tests ?? []) {
        if (t.status === 'unexpected') {
          const error = t.results?.at(-1)?.error?.message ?? '';
          failures.push(`${spec.file}:${spec.line} › ${spec.title}: ${String(error).replace(ANSI_COLOUR, '').split('\n')[0].slice(0, 300)}`);
        }
      }
    }
    for (const child of suite.suites ?? []) walk(child);
  };
  for (const suite of report.suites ?? []) walk(suite);
  return { passed: s.expected + s.flaky, failed: s.unexpected, skipped: s.skipped, failures };
};

// coverage (spec §7): thresholds and scopes live in tests/coverage_scope.mjs, read by the vitest configs
const coverageSummary = (layer) => {
  const file = `${REPORTS}/coverage-${layer}/coverage-summary.json`;
  if (!existsSync(file)) return null;
  const summary = JSON.parse(readFileSync(file, 'utf8'));
  const files = Object.keys(summary).filter((k) => k !== 'total').length;
  const t = summary.total;
  return { lines: t.lines.pct, statements: t.statements.pct, branches: t.branches.pct, functions: t.functions.pct, files };
};
// the attack and fuzz suites' counts (apps/web/test/integration/{attack,fuzz}_suite.test.ts)
const securitySummary = () => {
  const read = (name) => (existsSync(`${REPORTS}/${name}.json`) ? JSON.parse(readFileSync(`${REPORTS}/${name}.json`, 'utf8')) : null);
  const attack = read('attack');
  const fuzz = read('fuzz');
  const lines = [
    attack
      ? `attack: ${attack.requests} requests across tenants, ${attack.cross_tenant_2xx} cross-tenant 2xx, ${attack.server_errors} answers ≥ 500, ${attack.mismatches} off the OpenAPI document`
      : 'attack: no report (the suite did not run)',
    fuzz
      ? `fuzz: ${fuzz.requests} mutated requests, ${fuzz.server_errors} answers ≥ 500, ${fuzz.mismatches} off the OpenAPI document`
      : 'fuzz: no report (the suite did not run)',
  ];
  const ok = Boolean(attack && fuzz) && attack.cross_tenant_2xx === 0 && attack.server_errors === 0 && fuzz.server_errors === 0;
  return { ok, lines };
};
const COVERAGE_THRESHOLD = { unit: UNIT_COVERAGE.threshold, integration: INTEGRATION_COVERAGE.threshold };

const LAYERS = [
  { name: 'naming', argv: ['node', 'scripts/check_naming.mjs'] },
  { name: 'lint', argv: [...pnpm, 'turbo', 'run', 'lint', '--continue', '--output-logs=errors-only'], then: [...pnpm, 'run', '--silent', 'lint:root'] },
  { name: 'typecheck', argv: [...pnpm, 'turbo', 'run', 'typecheck', '--continue', '--output-logs=errors-only'], then: [...pnpm, 'run', '--silent', 'typecheck:root'] },
  {
    name: 'unit',
    argv: [...pnpm, 'exec', 'vitest', 'run', '--config', 'vitest.unit.config.ts', '--coverage.enabled', '--reporter=default', '--reporter=json', `--outputFile.json=${REPORTS}/unit.json`],
    count: () => vitestJson(`${REPORTS}/unit.json`),
    coverage: () => coverageSummary('unit'),
  },
  {
    name: 'integration',
    argv: [...pnpm, 'exec', 'vitest', 'run', '--config', 'vitest.integration.config.ts', '--coverage.enabled', '--reporter=default', '--reporter=json', `--outputFile.json=${REPORTS}/integration.json`],
    count: () => vitestJson(`${REPORTS}/integration.json`),
    coverage: () => coverageSummary('integration'),
    security: () => securitySummary(),
  },
  {
    // the calendar-sensitive integration files again at four faked moments (scripts/clock_matrix.ts)
    name: 'clock',
    argv: [...pnpm, 'exec', 'tsx', 'scripts/clock_matrix.ts', '--report', REPORTS],
    mayBeSkipped: true, // only where faketime cannot be installed (not root): it says so
    count: () => clockJson(REPORTS),
  },
  {
    name: 'e2e',
    argv: [...pnpm, '--filter', '@rrnet/web', 'exec', 'playwright', 'test'],
    count: () => playwrightJson(`${REPORTS}/e2e.json`),
  },
  {
    // the production web and worker as nobody on a read-only root (deploy/test/readonly_host.test.ts)
    // and two web + two workers on one database (horizontal_scale.test.ts), after e2e so that
    // the web parts run against the build the e2e layer made
    name: 'host',
    argv: [...pnpm, 'exec', 'vitest', 'run', '--config', 'vitest.integration.config.ts', '--reporter=default', '--reporter=json', `--outputFile.json=${REPORTS}/host.json`, 'deploy/test/readonly_host.test.ts', 'deploy/test/horizontal_scale.test.ts'],
    env: { RRNET_TEST_HOST: '1' },
    count: () => vitestJson(`${REPORTS}/host.json`),
  },
];

const results = [];
for (const layer of LAYERS) {
  say(`── ${layer.name} ──`);
  const started = Date.now();
  const env = { ...process.env, FORCE_COLOR: process.env.CI ? '0' : '1', NEXT_TELEMETRY_DISABLED: '1', ...layer.env };
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
  const coverage = layer.coverage?.() ?? null;
  const covered = !layer.coverage || (coverage !== null && coverage.lines >= COVERAGE_THRESHOLD[layer.name]);
  const ok = status === 0 && covered && (!counts || (counts.failed === 0 && (counts.passed > 0 || (layer.mayBeSkipped && counts.skipped > 0))));
  const security = layer.security?.() ?? null;
  const secure = !security || security.ok;
  results.push({ name: layer.name, ok: ok && secure, counts, coverage, security: security?.lines ?? null, seconds: Math.round((Date.now() - started) / 1000) });
}

say('── summary ──');
let passed = 0;
let failed = 0;
for (const r of results) {
  const tests = r.counts ? `${r.counts.passed} passed, ${r.counts.failed} failed, ${r.counts.skipped} skipped` : r.ok ? 'clean' : 'errors';
  say(`${r.ok ? 'PASS' : 'FAIL'}  ${r.name.padEnd(12)} ${tests}  (${r.seconds}s)`);
  if (r.security) {
    for (const line of r.security) say(`      ${line}`);
  }
  if (r.coverage) {
    const c = r.coverage;
    say(`      coverage ${c.lines.toFixed(1)} % of lines (threshold ${COVERAGE_THRESHOLD[r.name]} %), statements ${c.statements.toFixed(1)} %, branches ${c.branches.toFixed(1)} %, functions ${c.functions.toFixed(1)} %, over ${c.files} files (scope: tests/coverage_scope.mjs)`);
  } else if (COVERAGE_THRESHOLD[r.name] !== undefined) {
    say(`      coverage not measured (no report): the layer fails`);
  }
  for (const line of r.counts?.failures ?? []) say(`      ✗ ${line}`);
  if (r.counts) {
    passed += r.counts.passed;
    failed += r.counts.failed;
  } else if (!r.ok) {
    failed += 1;
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(results.every((r) => r.ok) ? 0 : 1);
