/**
 * The Midtrans notification URL over HTTP (the route handler, on a seeded database and the
 * real Redis): documented payload with a valid signature → 200 and a queued
 * payment_processing job; forged signature → 403 in the envelope, recorded; unknown ISP →
 * 404; a body that is not JSON → 400, recorded; an address past 1000 rejected
 * notifications in an hour → 429, no longer processed or recorded, for that ISP only.
 */
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUpstashBridge } from '@rrnet/cache';
import type { UpstashBridge } from '@rrnet/cache';
import { errorEnvelopeSchema } from '@rrnet/contracts';
import { ConfigKeyProvider, SecretBox, generateKeySpec } from '@rrnet/crypto';
import { seedDemo } from '@rrnet/db/seed';
import { createTestDatabase } from '@rrnet/db/testing';
import type { TestDatabase } from '@rrnet/db/testing';
import { rejectedNotificationLimit } from '@rrnet/api';
import { midtransSignature } from '@rrnet/core/billing/midtrans';
import type * as WebhookRoute from '~/app/api/v1/billing/webhooks/midtrans/[tenant]/route';
import { TEST_PG_URL, TEST_REDIS_URL } from '../../../../tests/services';

const TOKEN = 'test-token-0123456789';
const SERVER_KEY = 'SB-Mid-server-webhook-test-key';
let testDb: TestDatabase;
let bridge: UpstashBridge;
let admin: postgres.Sql;
let route: typeof WebhookRoute;
let invoiceNumber: string;

beforeAll(async () => {
  testDb = await createTestDatabase(TEST_PG_URL);
  const keys = generateKeySpec();
  const box = new SecretBox(new ConfigKeyProvider(keys));
  await seedDemo({ appUrl: testDb.appUrl, systemUrl: testDb.systemUrl, secretBox: box });
  admin = postgres(testDb.adminUrl, { max: 1, onnotice: () => {} });
  await admin`UPDATE tenant_settings SET midtrans_server_key_enc = ${await box.encrypt(SERVER_KEY)}
              WHERE tenant_id = (SELECT id FROM saas_tenants WHERE slug = 'sinar-net')`;
  const [inv] = await admin<{ number: string }[]>`
    SELECT i.number FROM tenant_invoices i JOIN saas_tenants t ON t.id = i.tenant_id WHERE t.slug = 'sinar-net' AND i.status IN ('unpaid', 'overdue') LIMIT 1`;
  invoiceNumber = inv!.number;
  bridge = await createUpstashBridge({ redisUrl: TEST_REDIS_URL, token: TOKEN });
  Object.assign(process.env, {
    NODE_ENV: 'test',
    LOG_LEVEL: 'error',
    APP_DATABASE_URL: testDb.appUrl,
    SYSTEM_DATABASE_URL: testDb.systemUrl,
    AUTH_SECRET: 'test-secret-0123456789-0123456789-abcdef',
    UPSTASH_REDIS_REST_URL: bridge.url,
    UPSTASH_REDIS_REST_TOKEN: TOKEN,
    ENCRYPTION_KEYS: keys,
    // this run's own rate-limit windows in the shared Redis
    REDIS_KEY_PREFIX: `test-${testDb.name.slice(-24).toLowerCase().replace(/[^a-z0-9_-]/g, '')}`,
  });
  route = await import('~/app/api/v1/billing/webhooks/midtrans/[tenant]/route');
});
afterAll(async () => {
  const { services } = await import('~/server/services');
  await services().sql.end();
  await services().systemSql.end();
  await admin.end();
  await bridge.close();
  await testDb.drop();
});

const post = (tenant: string, body: string) =>
  route.POST(new Request(`http://x/api/v1/billing/webhooks/midtrans/${tenant}`, { method: 'POST', body, headers: { 'content-type': 'application/json' } }), {
    params: Promise.resolve({ tenant }),
  });

function notification(signatureKey?: string, transactionId = 'b2c3d4e5-http-test') {
  const base = { order_id: `${invoiceNumber}.http`, status_code: '200', gross_amount: '150000.00' };
  return {
    transaction_time: '2026-11-26 09:00:00',
    transaction_status: 'settlement',
    transaction_id: transactionId,
    status_message: 'midtrans payment notification',
    payment_type: 'qris',
    fraud_status: 'accept',
    currency: 'IDR',
    ...base,
    signature_key: signatureKey ?? midtransSignature(base, SERVER_KEY),
  };
}

describe('POST /api/v1/billing/webhooks/midtrans/{tenant}', () => {
  it('accepts a correctly signed notification and queues its processing', async () => {
    const res = await post('sinar-net', JSON.stringify(notification()));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'success', data: { status: 'accepted' } });
    const jobs = await admin`SELECT count(*)::int AS n FROM graphile_worker._private_jobs WHERE key LIKE 'payment_processing:%:midtrans:b2c3d4e5-http-test'`;
    expect(jobs[0]!.n).toBe(1);
  });

  it('refuses a forged signature with 403 and keeps the evidence', async () => {
    const res = await post('sinar-net', JSON.stringify(notification('0'.repeat(128))));
    expect(res.status).toBe(403);
    const body = errorEnvelopeSchema.parse(await res.json());
    expect(body.error_code).toBe('FORBIDDEN');
    const [row] = await admin`SELECT status, reason, signature_valid FROM tenant_gateway_notifications WHERE id = ${body.details.notification_id!}`;
    expect(row).toMatchObject({ status: 'rejected', reason: 'bad signature', signature_valid: false });
  });

  it('answers 404 for an unknown ISP and 400 for a body that is not a notification', async () => {
    expect((await post('nobody-here', JSON.stringify(notification()))).status).toBe(404);
    const res = await post('sinar-net', 'not json at all');
    expect(res.status).toBe(400);
    expect(errorEnvelopeSchema.parse(await res.json()).error_code).toBe('VALIDATION_FAILED');
  });

  it('stops taking rejected notifications from one address for one ISP after 1000 in an hour; valid ones never count', async () => {
    const ip = '203.0.113.77';
    const from = (tenant: string, body: string, addr = ip) =>
      route.POST(
        new Request(`http://x/api/v1/billing/webhooks/midtrans/${tenant}`, {
          method: 'POST',
          body,
          headers: { 'content-type': 'application/json', 'x-forwarded-for': addr },
        }),
        { params: Promise.resolve({ tenant }) },
      );
    const recorded = async () => (await admin<{ n: number }[]>`SELECT count(*)::int AS n FROM tenant_gateway_notifications`)[0]!.n;
    const forged = () => JSON.stringify(notification('f'.repeat(128), 'forged-from-one-address'));

    expect((await from('sinar-net', JSON.stringify(notification(undefined, 'valid-before-the-flood')))).status).toBe(200);
    expect((await from('sinar-net', forged())).status).toBe(403);
    // 998 more rejections in the same window, as a flood would have made them
    const { services } = await import('~/server/services');
    const limit = rejectedNotificationLimit(services(), 'midtrans', 'sinar-net', ip);
    await services().limiters.ip.limit(limit.key, { rate: 998 });
    expect((await from('sinar-net', forged())).status).toBe(403); // the 1000th is still taken and recorded

    const before = await recorded();
    const refused = await from('sinar-net', forged());
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(errorEnvelopeSchema.parse(await refused.json())).toMatchObject({ error_code: 'RATE_LIMITED', details: { scope: 'ip' } });
    expect(await recorded()).toBe(before); // refused before anything is written

    // another ISP, or another address, is not affected
    expect((await from('parahyangan-link', forged())).status).not.toBe(429);
    expect((await from('sinar-net', JSON.stringify(notification(undefined, 'valid-from-elsewhere')), '198.51.100.9')).status).toBe(200);
  });
});
