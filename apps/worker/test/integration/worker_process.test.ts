import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase } from '@rrnet/db/testing';
import type { TestDatabase } from '@rrnet/db/testing';
import { TEST_PG_URL } from '../../../../tests/services';
import { startWorkerTestEnv } from './worker_env';
import type { WorkerTestEnv } from './worker_env';

const WORKER_DIR = fileURLToPath(new URL('../..', import.meta.url));
let testDb: TestDatabase;
let workerEnv: WorkerTestEnv;
let admin: postgres.Sql;

beforeAll(async () => {
  workerEnv = await startWorkerTestEnv();
  testDb = await createTestDatabase(TEST_PG_URL);
  admin = postgres(testDb.adminUrl, { max: 1, onnotice: () => {} });
});
afterAll(async () => {
  await admin.end();
  await testDb.drop();
  await workerEnv.close();
});

function startWorker(): { child: ChildProcess; output: string[] } {
  const output: string[] = [];
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: WORKER_DIR,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      ...workerEnv.env,
      APP_DATABASE_URL: testDb.appUrl,
      SYSTEM_DATABASE_URL: testDb.systemUrl,
      WORKER_METRICS_PORT: '0',
      WORKER_CRON: 'false',
      WORKER_HEARTBEAT_MS: '1000',
      WORKER_CONCURRENCY: '2',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => output.push(String(d)));
  child.stderr!.on('data', (d) => output.push(String(d)));
  return { child, output };
}

// a worker process starts through tsx: on a loaded 2-core machine loading its modules alone
// has taken more than 20 s, so the bounds are wide (they only guard against a hang)
const START_BOUND_MS = 90_000;

async function until<T>(fn: () => Promise<T | undefined>, timeoutMs = START_BOUND_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await fn();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('condition not met in time');
}

describe('worker process', () => {
  it('heartbeats as rrnet_app, logs JSON, and drains on SIGTERM', { timeout: 2 * START_BOUND_MS }, async () => {
    const { child, output } = startWorker();
    const row = await until(async () => {
      const rows = await admin<{ worker_id: string; concurrency: number }[]>`
        SELECT worker_id, concurrency FROM sys_worker_heartbeats`;
      return rows[0];
    }).catch((err: Error) => {
      throw new Error(`${err.message}; the worker said:\n${output.join('')}`);
    });
    expect(row.concurrency).toBe(2);
    const [session] = await admin<{ usename: string }[]>`
      SELECT usename FROM pg_stat_activity WHERE application_name = ${row.worker_id}`;
    expect(session?.usename).toBe('rrnet_app');

    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    const rows = await admin`SELECT 1 FROM sys_worker_heartbeats`;
    expect(rows).toHaveLength(0);

    const lines = output.join('').split('\n').filter((l) => l.startsWith('{'));
    const messages = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(messages.map((m) => m.message)).toEqual(
      expect.arrayContaining(['worker started', 'draining: waiting for running jobs to finish', 'worker stopped']),
    );
    for (const m of messages) expect(m).toMatchObject({ service: 'worker', level: expect.any(String) });
  });

  it('a SIGTERM during startup (connected, not yet heartbeating) still drains cleanly', { timeout: 2 * START_BOUND_MS }, async () => {
    const { child, output } = startWorker();
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    // the first database session of the worker: startup is under way, the heartbeat is not
    await until(async () => {
      const rows = await admin`
        SELECT 1 FROM pg_stat_activity WHERE application_name LIKE 'worker-%' AND datname = current_database()`;
      return rows.length > 0 ? true : undefined;
    });
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(await admin`SELECT 1 FROM sys_worker_heartbeats`).toHaveLength(0);
    expect(output.join('')).toContain('worker stopped');
  });

  it('refuses to start with one clear message naming a bad variable', { timeout: 2 * START_BOUND_MS }, async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: WORKER_DIR,
      env: { PATH: process.env.PATH, APP_DATABASE_URL: 'mysql://x', WORKER_CONCURRENCY: 'many' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += String(d)));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).not.toBe(0);
    expect(stderr).toContain('Invalid configuration for worker');
    expect(stderr).toMatch(/APP_DATABASE_URL: invalid/);
    expect(stderr).toMatch(/WORKER_CONCURRENCY: invalid/);
  });
});
