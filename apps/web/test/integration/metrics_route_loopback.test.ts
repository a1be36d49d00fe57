/**
 * GET /api/metrics with no METRICS_TOKEN outside production: served to loopback clients
 * only (the address Next.js appends to X-Forwarded-For), 404 for anyone else — the route
 * does not even admit it exists. (Production without a token answers 404 to everyone:
 * ~/server/metrics_access, unit-tested in test/unit/metrics_access.test.ts.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUpstashBridge } from '@rrnet/cache';
import type { UpstashBridge } from '@rrnet/cache';
import { errorEnvelopeSchema } from '@rrnet/contracts';
import { generateKeySpec } from '@rrnet/crypto';
import { createTestDatabase } from '@rrnet/db/testing';
import type { TestDatabase } from '@rrnet/db/testing';
import type * as MetricsRoute from '~/app/api/metrics/route';
import { TEST_PG_URL, TEST_REDIS_URL } from '../../../../tests/services';
import { parseExposition, sampleValue } from '../../../../tests/prometheus_text';

const BRIDGE_TOKEN = 'test-token-0123456789';
let testDb: TestDatabase;
let bridge: UpstashBridge;
let metrics: typeof MetricsRoute;

beforeAll(async () => {
  testDb = await createTestDatabase(TEST_PG_URL);
  bridge = await createUpstashBridge({ redisUrl: TEST_REDIS_URL, token: BRIDGE_TOKEN });
  delete process.env.METRICS_TOKEN;
  Object.assign(process.env, {
    NODE_ENV: 'development',
    LOG_LEVEL: 'error',
    LOG_PRETTY: 'false',
    APP_DATABASE_URL: testDb.appUrl,
    SYSTEM_DATABASE_URL: testDb.systemUrl,
    AUTH_SECRET: 'test-secret-0123456789-0123456789-abcdef',
    UPSTASH_REDIS_REST_URL: bridge.url,
    UPSTASH_REDIS_REST_TOKEN: BRIDGE_TOKEN,
    ENCRYPTION_KEYS: generateKeySpec(),
  });
  metrics = await import('~/app/api/metrics/route');
  // the pool's first connection is opened here, not inside the readiness probe's 2 s: on a
  // loaded machine a cold connect can take longer, and this file is about who may scrape
  const { services } = await import('~/server/services');
  await services().sql`SELECT 1`;
});
afterAll(async () => {
  const { services } = await import('~/server/services');
  await services().sql.end();
  await services().systemSql.end();
  await bridge.close();
  await testDb.drop();
});

const get = (forwardedFor: string | null, authorization?: string) =>
  metrics.GET(
    new Request('http://x/api/metrics', {
      headers: { ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}), ...(authorization ? { authorization } : {}) },
    }),
  );

describe('GET /api/metrics without METRICS_TOKEN (development)', () => {
  it('serves loopback clients, IPv4 and IPv6', async () => {
    for (const ip of ['127.0.0.1', '::1', '::ffff:127.0.0.1']) {
      const res = await get(ip);
      expect(res.status, ip).toBe(200);
      const exp = parseExposition(await res.text());
      expect(sampleValue(exp, 'rrnet_dependency_up', { dependency: 'postgres' }), ip).toBe(1);
    }
  });

  it('answers 404 to any other client, a spoofed loopback entry before the real address, or an unknown address — a bearer token changes nothing', async () => {
    for (const forwarded of ['10.0.0.5', '203.0.113.7', '127.0.0.1, 203.0.113.7', null]) {
      const res = await get(forwarded, 'Bearer anything-at-all-0123456789');
      expect(res.status, String(forwarded)).toBe(404);
      expect(errorEnvelopeSchema.parse(await res.json()).error_code).toBe('NOT_FOUND');
    }
  });
});
