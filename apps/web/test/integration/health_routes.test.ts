import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUpstashBridge } from '@rrnet/cache';
import type { UpstashBridge } from '@rrnet/cache';
import { errorEnvelopeSchema } from '@rrnet/contracts';
import { createTestDatabase } from '@rrnet/db/testing';
import type { TestDatabase } from '@rrnet/db/testing';
import postgres from 'postgres';
import type * as LiveRoute from '~/app/api/health/route';
import type * as ReadyRoute from '~/app/api/health/ready/route';
import type * as TrpcRoute from '~/app/api/trpc/[trpc]/route';
import { TEST_PG_URL, TEST_REDIS_URL } from '../../../../tests/services';
import { generateKeySpec } from '@rrnet/crypto';

const TOKEN = 'test-token-0123456789';
let testDb: TestDatabase;
let bridge: UpstashBridge;
let ready: typeof ReadyRoute;
let live: typeof LiveRoute;
let trpc: typeof TrpcRoute;

beforeAll(async () => {
  testDb = await createTestDatabase(TEST_PG_URL);
  bridge = await createUpstashBridge({ redisUrl: TEST_REDIS_URL, token: TOKEN });
  Object.assign(process.env, {
    NODE_ENV: 'test',
    LOG_LEVEL: 'error',
    APP_DATABASE_URL: testDb.appUrl,
    SYSTEM_DATABASE_URL: testDb.systemUrl,
    AUTH_SECRET: 'test-secret-0123456789-0123456789-abcdef',
    UPSTASH_REDIS_REST_URL: bridge.url,
    UPSTASH_REDIS_REST_TOKEN: TOKEN,
    ENCRYPTION_KEYS: generateKeySpec(),
  });
  ready = await import('~/app/api/health/ready/route');
  live = await import('~/app/api/health/route');
  trpc = await import('~/app/api/trpc/[trpc]/route');
});
afterAll(async () => {
  const { services } = await import('~/server/services');
  await services().sql.end();
  await services().systemSql.end();
  await bridge.close();
  await testDb.drop();
});

describe('health endpoints', () => {
  it('liveness answers in the success envelope and echoes a request id', async () => {
    const res = live.GET(new Request('http://x/api/health', { headers: { 'x-request-id': 'req-abcdef12' } }));
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ status: 'success', data: { status: 'alive' }, meta: { request_id: 'req-abcdef12' } });
    expect(res.headers.get('x-request-id')).toBe('req-abcdef12');
  });

  it('readiness is 503 naming the worker until one heartbeats, then 200', async () => {
    let res = await ready.GET(new Request('http://x/api/health/ready'));
    expect(res.status).toBe(503);
    const body = errorEnvelopeSchema.parse(await res.json());
    expect(body.error_code).toBe('SERVICE_UNAVAILABLE');
    expect(body.message).toBe('Not ready: worker unavailable');
    expect(Object.keys(body.details)).toEqual(['worker']);

    const admin = postgres(testDb.adminUrl, { max: 1, onnotice: () => {} });
    await admin`INSERT INTO sys_worker_heartbeats (worker_id, hostname, pid, concurrency) VALUES ('w', 'h', 1, 1)`;
    await admin.end();
    res = await ready.GET(new Request('http://x/api/health/ready'));
    expect(res.status).toBe(200);
    expect((await res.json()).data).toMatchObject({ ready: true, failed: [] });
  });

  it('tRPC answers with error_code, details and request_id for bad input and unknown paths', async () => {
    const res = await trpc.GET(
      new Request('http://x/api/trpc/system.nope?input=%7B%7D', { headers: { 'x-request-id': 'req-trpc-0001' } }),
    );
    expect(res.status).toBe(404);
    const body = await res.json();
    expect(body.error.json.data).toMatchObject({ error_code: 'NOT_FOUND', request_id: 'req-trpc-0001', details: {} });

    const ok = await trpc.GET(new Request('http://x/api/trpc/system.health'));
    expect(ok.status).toBe(200);
    expect((await ok.json()).result.data.json.checks.postgres.ok).toBe(true);
  });
});
