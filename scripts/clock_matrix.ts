/**
 * The clock layer of `npm test`: the integration files that decide by the calendar run
 * again at four moments of the day (and of the year), so a test that depends on the hour
 * or the date fails here whatever the hour CI happens to run at.
 *
 * How: libfaketime (Debian `faketime`) shifts the clock of the test processes AND of a
 * throwaway PostgreSQL cluster started for each moment by the same offset, so `now()` in
 * SQL and `Date.now()` in Node agree, as they do in production. The monotonic clock is
 * left alone (timeouts keep working). Redis keeps the real clock: it only sees relative
 * TTLs. Each moment writes its own vitest JSON report; the summary adds them up.
 *
 *   pnpm exec tsx scripts/clock_matrix.ts [--report DIR] [--only 2026-12-31T23:50:00Z] [files…]
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createCluster, postgresBinDir } from '../tests/pg_cluster';
import { ensureAptPackages } from './lib/apt_tools.mjs';
import { ROOT, say } from './lib/toolchain.mjs';

/** Moments that have broken calendar code before: midnight just passed, month and year ends, a leap day. */
export const MOMENTS = [
  { at: '2027-01-01T00:10:00Z', why: '00:10 UTC on New Year (07:10 in Jakarta)' },
  { at: '2028-02-29T06:00:00Z', why: '06:00 UTC on a leap day' },
  { at: '2027-03-31T13:00:00Z', why: '13:00 UTC on the 31st (20:00 in Jakarta; the old fan-out test broke from 13:00)' },
  { at: '2026-12-31T23:50:00Z', why: '23:50 UTC on New Year’s Eve (already 1 Jan in Jakarta)' },
];

/** The integration files whose code decides by the day, the month or the hour. */
export const CLOCK_FILES = [
  'apps/worker/test/integration/tasks.test.ts', // analytics days and fan-outs in tenant timezones
  'apps/worker/test/integration/billing_tasks.test.ts', // the billing fan-out, the isolir sweep
  'packages/api/test/integration/billing_loop.test.ts', // billing days, due dates, grace, proration
  'packages/api/test/integration/network_customers.test.ts', // plan changes take effect "today"
  'packages/api/test/integration/token_attacks.test.ts', // token expiry
  'packages/api/test/integration/rate_limits.test.ts', // windows aligned to the epoch
  'packages/db/test/integration/seed_demo.test.ts', // the seed bills up to today in Jakarta
  'packages/db/test/integration/audit_trail.test.ts', // monthly partitions
  'apps/web/test/integration/saas_invoices.test.ts', // SaaS months in the platform's timezone, proration
  'packages/api/test/integration/saas_dunning.test.ts', // days past due, grace and suspension
  'packages/api/test/integration/saas_payments.test.ts', // days past due of the seeded invoices, paying "today", a trial started on a fixed day
  'apps/web/test/integration/signup.test.ts', // the trial's days from today in Jakarta, code expiry, reminder stages and hours
  'packages/core/test/integration/reports_overview.test.ts', // periods, the previous period, arrears ageing "as of today"
  'packages/core/test/integration/reports_exports.test.ts', // retention (expires_at) and the invoices of "this month"
  'packages/core/test/integration/outages.test.ts', // durations and 30-day resolution times
  'packages/core/test/integration/tickets.test.ts', // SLA due times and overdue
  'packages/jobs/test/integration/job_platform.test.ts', // run_at, backoff schedules
  'apps/web/test/integration/audit_log.test.ts', // audit filters and chain verification by days of the ISP's calendar
];

const LIBFAKETIME = ['/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1', '/usr/lib/aarch64-linux-gnu/faketime/libfaketime.so.1', '/usr/lib/faketime/libfaketime.so.1'];

function findLibfaketime(): string | null {
  ensureAptPackages(['faketime'], {
    log: (m: string) => {
      say(`clock layer: ${m}`);
      return true;
    },
  });
  return LIBFAKETIME.find((p) => existsSync(p)) ?? null;
}

function fakedEnv(lib: string, offsetSeconds: number): NodeJS.ProcessEnv {
  return {
    ...process.env,
    LD_PRELOAD: lib,
    FAKETIME: `${offsetSeconds >= 0 ? '+' : ''}${offsetSeconds}`,
    FAKETIME_DONT_FAKE_MONOTONIC: '1', // timeouts keep working
    FAKETIME_DONT_RESET: '1',
    NO_FAKE_STAT: '1', // file times stay real (vite's transform cache compares them)
  };
}

function runVitest(env: NodeJS.ProcessEnv, files: string[], reportFile: string): Promise<number> {
  return new Promise((resolve) => {
    const argv = ['exec', 'vitest', 'run', '--config', 'vitest.integration.config.ts', '--reporter=dot', '--reporter=json', `--outputFile.json=${reportFile}`, ...files];
    const child = spawn('pnpm', argv, { cwd: ROOT, env, stdio: 'inherit' });
    child.on('exit', (code) => resolve(code ?? 1));
  });
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({ options: { report: { type: 'string' }, only: { type: 'string' } }, allowPositionals: true });
  const reportDir = values.report ?? mkdtempSync(join(tmpdir(), 'rrnet-clock-report-'));
  const files = positionals.length > 0 ? positionals : CLOCK_FILES;
  const moments = values.only ? MOMENTS.filter((m) => m.at === values.only) : MOMENTS;
  const lib = findLibfaketime();
  if (!lib || !postgresBinDir()) {
    const missing = !lib ? 'libfaketime (apt-get install faketime)' : 'PostgreSQL server binaries (initdb, pg_ctl)';
    say(`clock layer skipped: ${missing} not found and cannot be installed without root`);
    writeFileSync(join(reportDir, 'clock-skipped.json'), JSON.stringify({ skipped: missing }));
    return 0;
  }
  let failed = 0;
  for (const moment of moments) {
    const offset = Math.round((Date.parse(moment.at) - Date.now()) / 1000);
    const env = fakedEnv(lib, offset);
    say(`clock ${moment.at} — ${moment.why} (offset ${offset} s)`);
    // a cluster of its own on the same faked clock, so SQL now() agrees with Date.now()
    const cluster = await createCluster({ env, settings: { max_connections: '200', synchronous_commit: 'off', full_page_writes: 'off' } });
    try {
      cluster.start();
      const code = await runVitest({ ...env, RRNET_TEST_PG_URL: cluster.url() }, files, join(reportDir, `clock-${moment.at.slice(0, 16).replace(/:/g, '')}.json`));
      if (code !== 0) failed += 1;
    } finally {
      cluster.destroy();
    }
  }
  return failed === 0 ? 0 : 1;
}

process.exit(await main());
