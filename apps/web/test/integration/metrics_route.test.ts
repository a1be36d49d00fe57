/**
 * GET /api/metrics on a seeded database, the real Redis and the tRPC route handler:
 * refused without (or with a wrong) METRICS_TOKEN; with it, the Prometheus text has the
 * API histogram counting this file's tRPC calls by procedure and outcome, errors by
 * code, dependencies up, this process's pool connections, Redis memory, queue depth per
 * class, dead letters, and the business rates computed by hand from the fixture below.
 */
import { availableParallelism } from 'node:os';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUpstashBridge } from '@rrnet/cache';
import type { UpstashBridge } from '@rrnet/cache';
import { errorEnvelopeSchema } from '@rrnet/contracts';
import { ConfigKeyProvider, SecretBox, generateKeySpec } from '@rrnet/crypto';
import { seedDemo } from '@rrnet/db/seed';
import { createTestDatabase } from '@rrnet/db/testing';
import type { TestDatabase } from '@rrnet/db/testing';
import { enqueue } from '@rrnet/jobs';
import type * as MetricsRoute from '~/app/api/metrics/route';
import type * as TrpcRoute from '~/app/api/trpc/[trpc]/route';
import { TEST_PG_URL, TEST_REDIS_URL } from '../../../../tests/services';
import { parseExposition, sampleValue } from '../../../../tests/prometheus_text';
import type { Exposition } from '../../../../tests/prometheus_text';

const BRIDGE_TOKEN = 'test-token-0123456789';
const METRICS_TOKEN = 'metrics-token-0123456789abcdef';
let testDb: TestDatabase;
let bridge: UpstashBridge;
let admin: postgres.Sql;
let metrics: typeof MetricsRoute;
let trpc: typeof TrpcRoute;

/**
 * The fixture the business rates are checked against:
 * - sinar-net: routers last synced online, offline → router sync 1/2; of the invoices
 *   issued in the last 90 days one paid and one unpaid (the rest moved 200 days back)
 *   → conversion 1/2.
 * - parahyangan-link: no router ever synced → no router-sync series; three paid and one
 *   unpaid recent invoices → 3/4.
 * Overall conversion (1 + 3) / (2 + 4) = 2/3.
 */
async function arrangeBusinessFixture(): Promise<void> {
  await admin`UPDATE tenant_routers SET last_sync_at = NULL, status = 'unknown'`;
  await admin`
    WITH picked AS (
      SELECT r.tenant_id, r.id, row_number() OVER (ORDER BY r.name) AS n
      FROM tenant_routers r JOIN saas_tenants t ON t.id = r.tenant_id WHERE t.slug = 'sinar-net')
    UPDATE tenant_routers r SET last_sync_at = now(), status = CASE WHEN p.n = 1 THEN 'online' ELSE 'offline' END
    FROM picked p WHERE r.tenant_id = p.tenant_id AND r.id = p.id AND p.n <= 2`;
  await admin`UPDATE tenant_invoices SET issued_at = now() - interval '200 days'`;
  // SaaS invoices: Sinar Net 1 paid of 2 in the window, Parahyangan Link 1 of 1 (its others issued long ago)
  await admin`UPDATE saas_invoices SET issued_at = now() - interval '200 days'`;
  for (const [slug, paid, open] of [['sinar-net', 1, 1], ['parahyangan-link', 1, 0]] as const) {
    await admin`
      WITH ranked AS (
        SELECT i.tenant_id, i.id, i.status, row_number() OVER (PARTITION BY i.status ORDER BY i.number) AS n
        FROM saas_invoices i JOIN saas_tenants t ON t.id = i.tenant_id WHERE t.slug = ${slug})
      UPDATE saas_invoices i SET issued_at = now() - interval '3 days'
      FROM ranked k WHERE i.tenant_id = k.tenant_id AND i.id = k.id
        AND ((k.status = 'paid' AND k.n <= ${paid}) OR (k.status = 'open' AND k.n <= ${open}))`;
  }
  for (const [slug, paid, open] of [['sinar-net', 1, 1], ['parahyangan-link', 3, 1]] as const) {
    await admin`
      WITH ranked AS (
        SELECT i.tenant_id, i.id, i.status, row_number() OVER (PARTITION BY i.status = 'paid' ORDER BY i.number) AS n
        FROM tenant_invoices i JOIN saas_tenants t ON t.id = i.tenant_id
        WHERE t.slug = ${slug} AND i.status IN ('paid', 'unpaid', 'overdue'))
      UPDATE tenant_invoices i SET issued_at = now() - interval '3 days'
      FROM ranked k WHERE i.tenant_id = k.tenant_id AND i.id = k.id
        AND ((k.status = 'paid' AND k.n <= ${paid}) OR (k.status <> 'paid' AND k.n <= ${open}))`;
    const [check] = await admin<{ paid: number; open: number }[]>`
      SELECT count(*) FILTER (WHERE i.status = 'paid')::int AS paid, count(*) FILTER (WHERE i.status <> 'paid')::int AS open
      FROM tenant_invoices i JOIN saas_tenants t ON t.id = i.tenant_id
      WHERE t.slug = ${slug} AND i.issued_at > now() - interval '90 days' AND i.status <> 'void'`;
    expect(check, `the demo seed has enough invoices of ${slug}`).toEqual({ paid, open });
  }
}

/** Queue: 2 critical, 1 high, 0 normal, 1 low; 3 open dead letters (and one retried). */
async function arrangeQueues(): Promise<void> {
  await admin`DELETE FROM graphile_worker._private_jobs`;
  await admin`DELETE FROM sys_dead_letter_jobs`;
  const [router] = await admin<{ tenant_id: string; id: string }[]>`
    SELECT r.tenant_id, r.id FROM tenant_routers r JOIN saas_tenants t ON t.id = r.tenant_id WHERE t.slug = 'sinar-net' LIMIT 1`;
  const tenantId = router!.tenant_id;
  const app = postgres(testDb.appUrl, { max: 1, onnotice: () => {} });
  try {
    await enqueue(app as never, 'payment_processing', { gateway: 'midtrans', transaction_id: 'm-1' }, { tenantId });
    await enqueue(app as never, 'payment_processing', { gateway: 'midtrans', transaction_id: 'm-2' }, { tenantId });
    await enqueue(app as never, 'router_sync', { router_id: router!.id, apply: false }, { tenantId });
    await enqueue(app as never, 'analytics_fanout', {}, { tenantId: null });
  } finally {
    await app.end();
  }
  for (const status of ['dead', 'dead', 'dead', 'retried']) {
    await admin`
      INSERT INTO sys_dead_letter_jobs (task_identifier, payload, job_class, attempts, errors, status, first_failed_at, last_failed_at)
      VALUES ('analytics', '{}'::jsonb, 'low', 1, '[]'::jsonb, ${status}, now(), now())`;
  }
}

beforeAll(async () => {
  testDb = await createTestDatabase(TEST_PG_URL);
  const keys = generateKeySpec();
  await seedDemo({ appUrl: testDb.appUrl, systemUrl: testDb.systemUrl, secretBox: new SecretBox(new ConfigKeyProvider(keys)) });
  admin = postgres(testDb.adminUrl, { max: 1, onnotice: () => {} });
  await arrangeBusinessFixture();
  await arrangeQueues();
  await admin`INSERT INTO sys_worker_heartbeats (worker_id, hostname, pid, concurrency) VALUES ('w', 'h', 1, 1)`;
  bridge = await createUpstashBridge({ redisUrl: TEST_REDIS_URL, token: BRIDGE_TOKEN });
  Object.assign(process.env, {
    NODE_ENV: 'test',
    LOG_LEVEL: 'error',
    APP_DATABASE_URL: testDb.appUrl,
    SYSTEM_DATABASE_URL: testDb.systemUrl,
    AUTH_SECRET: 'test-secret-0123456789-0123456789-abcdef',
    UPSTASH_REDIS_REST_URL: bridge.url,
    UPSTASH_REDIS_REST_TOKEN: BRIDGE_TOKEN,
    ENCRYPTION_KEYS: keys,
    METRICS_TOKEN,
    REDIS_KEY_PREFIX: `test-${testDb.name.slice(-24).toLowerCase().replace(/[^a-z0-9_-]/g, '')}`,
  });
  metrics = await import('~/app/api/metrics/route');
  trpc = await import('~/app/api/trpc/[trpc]/route');
});
afterAll(async () => {
  const { services } = await import('~/server/services');
  await services().sql.end();
  await services().systemSql.end();
  await admin.end();
  await bridge.close();
  await testDb.drop();
});

async function scrape(): Promise<Exposition> {
  const res = await metrics.GET(new Request('http://x/api/metrics', { headers: { authorization: `Bearer ${METRICS_TOKEN}` } }));
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  return parseExposition(await res.text());
}

const count = (exp: Exposition, procedure: string, outcome: string) =>
  sampleValue(exp, 'rrnet_api_response_time_seconds_count', { procedure, outcome }) ?? 0;

describe('GET /api/metrics', () => {
  it('refuses a request without the token or with a wrong one (401 in the envelope), even from loopback', async () => {
    for (const headers of [
      {},
      { authorization: 'Bearer wrong-token-0123456789abcdef' },
      { authorization: METRICS_TOKEN },
      { 'x-forwarded-for': '127.0.0.1' },
    ] as Record<string, string>[]) {
      const res = await metrics.GET(new Request('http://x/api/metrics', { headers }));
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
      const body = errorEnvelopeSchema.parse(await res.json());
      expect(body.error_code).toBe('UNAUTHENTICATED');
    }
  });

  it('counts tRPC calls in the response-time histogram by procedure and outcome, and errors by code', async () => {
    const before = await scrape();
    for (let i = 0; i < 3; i++) {
      const res = await trpc.GET(new Request('http://x/api/trpc/system.health'));
      expect(res.status).toBe(200);
    }
    const refused = await trpc.GET(new Request('http://x/api/trpc/auth.me'));
    expect(refused.status).toBe(401);
    const after = await scrape();

    expect(count(after, 'system.health', 'ok') - count(before, 'system.health', 'ok')).toBe(3);
    expect(count(after, 'auth.me', 'client_error') - count(before, 'auth.me', 'client_error')).toBe(1);
    const errors = (e: Exposition) => sampleValue(e, 'rrnet_api_errors_total', { error_code: 'UNAUTHENTICATED' }) ?? 0;
    expect(errors(after) - errors(before)).toBe(1);
    // the +Inf bucket holds every observation; the sum is a positive duration below the test's own time
    expect(sampleValue(after, 'rrnet_api_response_time_seconds_bucket', { procedure: 'system.health', outcome: 'ok', le: '+Inf' })).toBe(
      count(after, 'system.health', 'ok'),
    );
    const sum = sampleValue(after, 'rrnet_api_response_time_seconds_sum', { procedure: 'system.health', outcome: 'ok' })!;
    expect(sum).toBeGreaterThan(0);
    expect(sum).toBeLessThan(30);
    // unknown paths reach no procedure and add no series (bounded label values)
    await trpc.GET(new Request('http://x/api/trpc/system.nope'));
    expect((await scrape()).samples.some((s) => s.labels.procedure === 'system.nope')).toBe(false);
  });

  it('reports dependencies, pools, Redis memory, queues and dead letters', async () => {
    const exp = await scrape();
    for (const dependency of ['postgres', 'redis', 'worker']) {
      expect(sampleValue(exp, 'rrnet_dependency_up', { dependency }), dependency).toBe(1);
    }
    for (const pool of ['app', 'system']) {
      const inUse = sampleValue(exp, 'rrnet_db_pool_connections', { pool, state: 'in_use' });
      const idle = sampleValue(exp, 'rrnet_db_pool_connections', { pool, state: 'idle' });
      const max = sampleValue(exp, 'rrnet_db_pool_max', { pool })!;
      expect(inUse, pool).toBeGreaterThanOrEqual(0);
      // the pool has answered queries, so it holds at least the connection that read its stats
      expect(idle, pool).toBeGreaterThanOrEqual(1);
      expect(inUse! + idle!, pool).toBeLessThanOrEqual(max);
    }
    expect(sampleValue(exp, 'rrnet_db_pool_max', { pool: 'app' })).toBe(10);
    // the admission gate: bounds from the pool (2× and 4× DATABASE_POOL_MAX), empty between calls;
    // the sign-in lane: as many password checks as CPUs (1 to 4), a queue of 16 × that
    expect(sampleValue(exp, 'rrnet_api_admission_limit', { lane: 'api', bound: 'in_flight' })).toBe(20);
    expect(sampleValue(exp, 'rrnet_api_admission_limit', { lane: 'api', bound: 'queued' })).toBe(40);
    const signInSlots = Math.max(1, Math.min(4, availableParallelism()));
    expect(sampleValue(exp, 'rrnet_api_admission_limit', { lane: 'sign_in', bound: 'in_flight' })).toBe(signInSlots);
    expect(sampleValue(exp, 'rrnet_api_admission_limit', { lane: 'sign_in', bound: 'queued' })).toBe(16 * signInSlots);
    for (const lane of ['api', 'sign_in']) {
      expect(sampleValue(exp, 'rrnet_api_admission_in_flight', { lane })).toBe(0);
      expect(sampleValue(exp, 'rrnet_api_admission_queued', { lane })).toBe(0);
      expect(sampleValue(exp, 'rrnet_api_admission_rejected_total', { lane, reason: 'full' })).toBe(0);
    }
    expect(sampleValue(exp, 'rrnet_redis_memory_used_bytes')).toBeGreaterThan(100_000);
    expect(sampleValue(exp, 'rrnet_redis_memory_max_bytes')).toBeGreaterThanOrEqual(0);
    expect(sampleValue(exp, 'rrnet_jobs_queue_depth', { class: 'critical' })).toBe(2);
    expect(sampleValue(exp, 'rrnet_jobs_queue_depth', { class: 'high' })).toBe(1);
    expect(sampleValue(exp, 'rrnet_jobs_queue_depth', { class: 'normal' })).toBe(0);
    expect(sampleValue(exp, 'rrnet_jobs_queue_depth', { class: 'low' })).toBe(1);
    expect(sampleValue(exp, 'rrnet_jobs_running', { class: 'critical' })).toBe(0);
    expect(sampleValue(exp, 'rrnet_jobs_dead_letters')).toBe(3);
    expect(sampleValue(exp, 'rrnet_web_process_resident_memory_bytes')).toBeGreaterThan(10_000_000);
    expect(exp.samples.some((s) => s.name === 'rrnet_metrics_collect_failures_total')).toBe(false);
  });

  it('computes router sync success and invoice conversion per tenant and overall', async () => {
    const exp = await scrape();
    expect(sampleValue(exp, 'rrnet_router_sync_success_rate', { tenant: 'sinar-net' })).toBe(0.5);
    expect(sampleValue(exp, 'rrnet_router_sync_success_rate', { tenant: 'parahyangan-link' })).toBeUndefined();
    expect(sampleValue(exp, 'rrnet_router_sync_success_rate')).toBe(0.5);
    expect(sampleValue(exp, 'rrnet_invoice_conversion_rate', { tenant: 'sinar-net' })).toBe(0.5);
    expect(sampleValue(exp, 'rrnet_invoice_conversion_rate', { tenant: 'parahyangan-link' })).toBe(0.75);
    expect(sampleValue(exp, 'rrnet_invoice_conversion_rate')).toBeCloseTo(2 / 3, 10);
    // and the platform's own SaaS invoices
    expect(sampleValue(exp, 'rrnet_saas_invoice_conversion_rate', { tenant: 'sinar-net' })).toBe(0.5);
    expect(sampleValue(exp, 'rrnet_saas_invoice_conversion_rate', { tenant: 'parahyangan-link' })).toBe(1);
    expect(sampleValue(exp, 'rrnet_saas_invoice_conversion_rate')).toBeCloseTo(2 / 3, 10);
  });
});
