/**
 * Pool connections as PostgreSQL sees them: a transaction held open and a statement
 * running count as in use, the scrape's own statements do not.
 *
 * With PostgreSQL unreachable (a real client pointed at a closed port) the scrape still
 * answers: rrnet_dependency_up says postgres 0 (what the database_unreachable alert
 * reads), Redis memory still comes from the real Redis, the gauges that need Postgres
 * are left empty (labelled) or NaN (unlabelled) instead of stale or 0, and each failing
 * collector is counted.
 */
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedis, createUpstashBridge } from '@rrnet/cache';
import type { UpstashBridge } from '@rrnet/cache';
import { createDatabase } from '@rrnet/db';
import type { DatabaseHandle } from '@rrnet/db';
import { createTestDatabase } from '@rrnet/db/testing';
import type { TestDatabase } from '@rrnet/db/testing';
import { createLogger } from '@rrnet/logger';
import { createWebMetrics } from '../../src/web_metrics';
import { TEST_PG_URL, TEST_REDIS_URL } from '../../../../tests/services';
import { parseExposition, sampleValue } from '../../../../tests/prometheus_text';

const TOKEN = 'test-token-0123456789';
let bridge: UpstashBridge;
let dead: DatabaseHandle;

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

beforeAll(async () => {
  bridge = await createUpstashBridge({ redisUrl: TEST_REDIS_URL, token: TOKEN });
  dead = createDatabase(`postgres://rrnet_app@127.0.0.1:${await closedPort()}/rrnet`, { max: 2, connectTimeout: 1 });
});
afterAll(async () => {
  await dead.close();
  await bridge.close();
});

describe('web metrics with PostgreSQL down', () => {
  it('still scrapes: postgres 0, redis 1, Postgres-backed gauges empty, failures counted', async () => {
    const metrics = createWebMetrics({
      sql: dead.sql,
      systemSql: dead.sql,
      pools: [{ name: 'app', sql: dead.sql, applicationName: 'rrnet-web-dead', max: 2 }],
      redis: createRedis({ url: bridge.url, token: TOKEN }),
      logger: createLogger({ service: 'test', level: 'silent' }),
      workerStaleAfterMs: 30_000,
      cacheTtlMs: 0,
    });
    const { body, contentType } = await metrics.scrape();
    expect(contentType).toMatch(/^text\/plain/);
    const exp = parseExposition(body);
    expect(sampleValue(exp, 'rrnet_dependency_up', { dependency: 'postgres' })).toBe(0);
    expect(sampleValue(exp, 'rrnet_dependency_up', { dependency: 'worker' })).toBe(0);
    expect(sampleValue(exp, 'rrnet_dependency_up', { dependency: 'redis' })).toBe(1);
    expect(sampleValue(exp, 'rrnet_redis_memory_used_bytes')).toBeGreaterThan(0);
    expect(sampleValue(exp, 'rrnet_db_pool_max', { pool: 'app' })).toBe(2);
    expect(sampleValue(exp, 'rrnet_jobs_dead_letters')).toBeNaN();
    for (const name of ['rrnet_jobs_queue_depth', 'rrnet_jobs_running', 'rrnet_db_pool_connections', 'rrnet_invoice_conversion_rate', 'rrnet_router_sync_success_rate']) {
      expect(exp.samples.filter((s) => s.name === name), name).toEqual([]);
    }
    // the collectors run concurrently, so a scrape's failures show from the next scrape on
    // and stays within Prometheus's default scrape_timeout (10 s) while postgres.js backs off reconnecting
    const started = performance.now();
    const next = parseExposition((await metrics.scrape()).body);
    expect(performance.now() - started).toBeLessThan(5000);
    for (const collector of ['job_queues', 'db_pool', 'router_sync', 'invoice_conversion']) {
      expect(sampleValue(next, 'rrnet_metrics_collect_failures_total', { collector }), collector).toBeGreaterThanOrEqual(1);
    }
    expect(sampleValue(next, 'rrnet_metrics_collect_failures_total', { collector: 'redis_memory' })).toBeUndefined();
    expect(sampleValue(next, 'rrnet_dependency_up', { dependency: 'postgres' })).toBe(0);
  });
});

describe('web metrics pool connections on a live database', () => {
  let testDb: TestDatabase;
  let app: DatabaseHandle;
  let admin: DatabaseHandle;
  const applicationName = `rrnet-web-pooltest-${process.pid}`;

  beforeAll(async () => {
    testDb = await createTestDatabase(TEST_PG_URL);
    app = createDatabase(testDb.appUrl, { max: 10, applicationName });
    admin = createDatabase(testDb.adminUrl, { max: 1, applicationName: 'pooltest-admin' });
  });
  afterAll(async () => {
    await app.close();
    await admin.close();
    await testDb.drop();
  });

  it('counts a held transaction and a running statement as in use, and neither once they end', async () => {
    const metrics = createWebMetrics({
      sql: app.sql,
      systemSql: app.sql,
      pools: [{ name: 'app', sql: app.sql, applicationName, max: 10 }],
      redis: createRedis({ url: bridge.url, token: TOKEN }),
      logger: createLogger({ service: 'test', level: 'silent' }),
      workerStaleAfterMs: 30_000,
      cacheTtlMs: 0,
    });
    const pool = async () => {
      const exp = parseExposition((await metrics.scrape()).body);
      return {
        inUse: sampleValue(exp, 'rrnet_db_pool_connections', { pool: 'app', state: 'in_use' }),
        idle: sampleValue(exp, 'rrnet_db_pool_connections', { pool: 'app', state: 'idle' }),
      };
    };
    // the first scrape opens the pool's connections (postgres.js's type lookup on a new
    // connection is a statement in flight); from then on the scrape's own statements
    // (queues, business rates, readiness) run on the same pool without counting
    // (on a busy machine the count can take longer than the readiness probes wait for it,
    // and one probe shows up in use: a later scrape settles)
    await pool();
    await expect.poll(async () => (await pool()).inUse, { timeout: 15_000, interval: 50 }).toBe(0);

    const held = await app.sql.reserve();
    await held`BEGIN`;
    await held`SELECT 1`; // now idle in transaction
    const sleeping = app.sql`SELECT pg_sleep(8)`.execute();
    for (let i = 0; ; i++) {
      const [row] = await admin.sql<{ n: number }[]>`
        SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = ${applicationName} AND state = 'active' AND query LIKE 'SELECT pg_sleep%'`;
      if (row!.n === 1) break;
      if (i > 100) throw new Error('pg_sleep never became active');
      await new Promise((r) => setTimeout(r, 20));
    }
    await expect.poll(async () => (await pool()).inUse, { timeout: 6000, interval: 50 }).toBe(2);
    await held`ROLLBACK`;
    held.release();
    await sleeping;
    // pg_stat_activity shows a backend idle a moment after its client has the result
    let after = await pool();
    for (let i = 0; i < 100 && after.inUse !== 0; i++) {
      await new Promise((r) => setTimeout(r, 20));
      after = await pool();
    }
    expect(after.inUse).toBe(0);
    expect(after.idle).toBeGreaterThanOrEqual(2);
    expect(after.idle).toBeLessThanOrEqual(10);
  });
});
