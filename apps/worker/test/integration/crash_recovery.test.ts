/**
 * A real worker process is SIGKILLed in the middle of a batch; another worker starts,
 * releases the dead worker's locked jobs (stale heartbeat) and finishes the batch:
 * every job completes, none is lost, and re-run jobs produce one effect each.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo } from '@rrnet/db/seed';
import { createTestDatabase } from '@rrnet/db/testing';
import type { TestDatabase } from '@rrnet/db/testing';
import { enqueue } from '@rrnet/jobs';
import { TEST_PG_URL } from '../../../../tests/services';
import { startWorkerTestEnv } from './worker_env';
import type { WorkerTestEnv } from './worker_env';

const WORKER_DIR = fileURLToPath(new URL('../..', import.meta.url));
const JOBS = 400;
let db: TestDatabase;
let workerEnv: WorkerTestEnv;
let admin: postgres.Sql;
let tenantId: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  workerEnv = await startWorkerTestEnv();
  db = await createTestDatabase(TEST_PG_URL);
  const seed = await seedDemo({ appUrl: db.appUrl, systemUrl: db.systemUrl, secretBox: workerEnv.secretBox });
  tenantId = seed.tenants[0]!.id;
  admin = postgres(db.adminUrl, { max: 1, onnotice: () => {} });
});
afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  await admin.end();
  await db.drop();
  await workerEnv.close();
});

function startWorker(): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: WORKER_DIR,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      LOG_LEVEL: process.env.CRASH_TEST_LOG_LEVEL ?? 'warn',
      ...workerEnv.env,
      APP_DATABASE_URL: db.appUrl,
      SYSTEM_DATABASE_URL: db.systemUrl,
      WORKER_CONCURRENCY: '4',
      WORKER_HEARTBEAT_MS: '1000',
      WORKER_STALE_AFTER_MS: '3000',
      WORKER_POLL_INTERVAL_MS: '200',
      WORKER_METRICS_PORT: '0',
      WORKER_CRON: 'false',
    },
    stdio: ['ignore', process.env.CRASH_TEST_LOG_LEVEL ? 'inherit' : 'ignore', 'inherit'],
  });
  children.push(child);
  return child;
}

const rollups = async () =>
  ((await admin`SELECT count(*)::int AS n FROM tenant_analytics_daily WHERE tenant_id = ${tenantId} AND day < '2021-01-01'`)[0]!.n as number);
const queued = async () => ((await admin`SELECT count(*)::int AS n FROM graphile_worker._private_jobs`)[0]!.n as number);

async function until(check: () => Promise<boolean>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('timed out');
}

describe('worker crash', () => {
  it('SIGKILL during a batch: a new worker completes every job exactly once', { timeout: 180_000 }, async () => {
    const app = postgres(db.appUrl, { max: 1, onnotice: () => {} });
    const start = Date.UTC(2019, 0, 1);
    for (let i = 0; i < JOBS; i++) {
      const day = new Date(start + i * 86_400_000).toISOString().slice(0, 10);
      await enqueue(app as never, 'analytics', { day }, { tenantId });
    }
    await app.end();
    expect(await queued()).toBe(JOBS);

    const first = startWorker();
    await until(async () => (await rollups()) >= 40, 60_000);
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    const doneAtKill = await rollups();
    const lockedAtKill = ((await admin`SELECT count(*)::int AS n FROM graphile_worker._private_jobs WHERE locked_at IS NOT NULL`)[0]!.n as number);
    expect(doneAtKill).toBeLessThan(JOBS);

    const second = startWorker();
    await until(async () => (await queued()) === 0, 90_000).catch(async (err: unknown) => {
      const left = await admin`SELECT id, locked_by, locked_at, run_at, attempts, max_attempts, job_queue_id, is_available FROM graphile_worker._private_jobs`;
      const q = await admin`SELECT * FROM graphile_worker._private_job_queues`;
      throw new Error(`${String(err)}; left: ${JSON.stringify(left)} queues: ${JSON.stringify(q)}`);
    });
    expect(await rollups()).toBe(JOBS);
    const [dup] = await admin`SELECT count(*)::int AS n FROM (SELECT day FROM tenant_analytics_daily WHERE tenant_id = ${tenantId} GROUP BY day HAVING count(*) > 1) d`;
    expect(dup!.n).toBe(0);
    const [dead] = await admin`SELECT count(*)::int AS n FROM sys_dead_letter_jobs`;
    expect(dead!.n).toBe(0);
    // the dead worker's heartbeat was cleared when its jobs were released
    const workers = await admin`SELECT worker_id FROM sys_worker_heartbeats`;
    expect(workers).toHaveLength(1);
    second.kill('SIGTERM');
    await new Promise((r) => second.once('exit', r));
    console.log(`crash test: ${doneAtKill} done and ${lockedAtKill} locked at SIGKILL; all ${JOBS} completed after restart`);
  });
});
