/**
 * The Xendit callback URL over HTTP (the route handler behind a real HTTP server, on a seeded
 * database and the real Redis), fed by the Xendit simulator: a PAID callback with the ISP's
 * x-callback-token → 200 and one queued payment_processing job; the same callback again →
 * 200, recorded, still one job; a wrong or missing token → 401 in the envelope, recorded as
 * rejected, nothing queued; an ISP without a token → 401; a trusted body that is not an
 * invoice callback → 400; not JSON → 400 (never 500); unknown ISP → 404; rejected callbacks
 * count toward the per-address limit (429).
 */
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createUpstashBridge } from '@rrnet/cache';
import type { UpstashBridge } from '@rrnet/cache';
import { errorEnvelopeSchema, successEnvelopeSchema } from '@rrnet/contracts';
import { ConfigKeyProvider, SecretBox, generateKeySpec } from '@rrnet/crypto';
import { seedDemo } from '@rrnet/db/seed';
import { createTestDatabase } from '@rrnet/db/testing';
import type { TestDatabase } from '@rrnet/db/testing';
import { rejectedNotificationLimit } from '@rrnet/api';
import { xenditAuthorization } from '@rrnet/payments';
import { createXenditSimulator } from '@rrnet/payments/xendit_simulator';
import type { XenditSimulator } from '@rrnet/payments/xendit_simulator';
import type * as CallbackRoute from '~/app/api/v1/billing/webhooks/xendit/[tenant]/route';
import { TEST_PG_URL, TEST_REDIS_URL } from '../../../../tests/services';

const TOKEN = 'test-token-0123456789';
const SECRET_KEY = 'xnd_development_web_test_secret';
const CALLBACK_TOKEN = 'xendit-callback-token-web-test';
let testDb: TestDatabase;
let bridge: UpstashBridge;
let admin: postgres.Sql;
let route: typeof CallbackRoute;
let server: Server;
let baseUrl: string;
let xendit: XenditSimulator;
let invoiceNumber: string;

/** The route handler behind a real HTTP server, as Next.js serves it. */
async function serveRoute(): Promise<Server> {
  const s = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const tenant = decodeURIComponent((req.url ?? '').split('?')[0]!.split('/').pop()!);
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
      void route
        .POST(new Request(`http://x${req.url}`, { method: 'POST', headers, body: Buffer.concat(chunks) }), { params: Promise.resolve({ tenant }) })
        .then(async (r) => {
          res.writeHead(r.status, Object.fromEntries(r.headers.entries())).end(Buffer.from(await r.arrayBuffer()));
        });
    });
  });
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return s;
}

beforeAll(async () => {
  testDb = await createTestDatabase(TEST_PG_URL);
  const keys = generateKeySpec();
  const box = new SecretBox(new ConfigKeyProvider(keys));
  await seedDemo({ appUrl: testDb.appUrl, systemUrl: testDb.systemUrl, secretBox: box });
  admin = postgres(testDb.adminUrl, { max: 1, onnotice: () => {} });
  await admin`UPDATE tenant_settings SET xendit_secret_key_enc = ${await box.encrypt(SECRET_KEY)}, xendit_callback_token_enc = ${await box.encrypt(CALLBACK_TOKEN)}, payment_gateway = 'xendit'
              WHERE tenant_id = (SELECT id FROM saas_tenants WHERE slug = 'sinar-net')`;
  // an ISP that never set Xendit up
  await admin`UPDATE tenant_settings SET xendit_secret_key_enc = NULL, xendit_callback_token_enc = NULL, payment_gateway = 'midtrans'
              WHERE tenant_id = (SELECT id FROM saas_tenants WHERE slug = 'parahyangan-link')`;
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
    REDIS_KEY_PREFIX: `test-${testDb.name.slice(-24).toLowerCase().replace(/[^a-z0-9_-]/g, '')}`,
  });
  route = await import('~/app/api/v1/billing/webhooks/xendit/[tenant]/route');
  server = await serveRoute();
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  xendit = await createXenditSimulator({
    accounts: [
      { secret_key: SECRET_KEY, callback_token: CALLBACK_TOKEN, callback_url: `${baseUrl}/api/v1/billing/webhooks/xendit/sinar-net` },
      { secret_key: 'xnd_development_impostor', callback_token: 'not-the-token-of-sinar-net', callback_url: `${baseUrl}/api/v1/billing/webhooks/xendit/sinar-net` },
      { secret_key: 'xnd_development_parahyangan', callback_token: 'whatever-token-0000', callback_url: `${baseUrl}/api/v1/billing/webhooks/xendit/parahyangan-link` },
    ],
  });
});
afterAll(async () => {
  await xendit?.close();
  await new Promise((r) => server?.close(r));
  const { services } = await import('~/server/services');
  await services().sql.end();
  await services().systemSql.end();
  await admin.end();
  await bridge.close();
  await testDb.drop();
});

/** A Xendit invoice on the simulator for the seeded open invoice, made with `key`. */
async function simInvoice(key: string, suffix: string): Promise<string> {
  const res = await fetch(`${xendit.url}/v2/invoices`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: xenditAuthorization(key) },
    body: JSON.stringify({ external_id: `${invoiceNumber}.${suffix}`, amount: 150000, description: 'test', invoice_duration: 3600, currency: 'IDR' }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { id: string }).id;
}

const jobsFor = async (xenditId: string) =>
  (await admin<{ n: number }[]>`SELECT count(*)::int AS n FROM graphile_worker._private_jobs WHERE key LIKE ${`payment_processing:%:xendit:${xenditId}`}`)[0]!.n;
const post = (tenant: string, body: string, headers: Record<string, string> = {}) =>
  fetch(`${baseUrl}/api/v1/billing/webhooks/xendit/${tenant}`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });

describe('POST /api/v1/billing/webhooks/xendit/{tenant}', () => {
  it('accepts the simulator’s PAID callback with the ISP’s token and queues one payment_processing job, also when sent twice', async () => {
    const id = await simInvoice(SECRET_KEY, 'web1');
    const first = await xendit.pay(id, 'QR_CODE');
    expect(first.http_status).toBe(200);
    const again = await xendit.resend(id);
    expect(again.http_status).toBe(200);
    const rows = await admin<{ status: string; order_id: string; transaction_status: string; gross_amount: string; signature_valid: boolean }[]>`
      SELECT status, order_id, transaction_status, gross_amount, signature_valid FROM tenant_gateway_notifications WHERE gateway = 'xendit' AND transaction_id = ${id}`;
    expect(rows).toEqual([
      { status: 'received', order_id: `${invoiceNumber}.web1`, transaction_status: 'PAID', gross_amount: '150000', signature_valid: true },
      { status: 'received', order_id: `${invoiceNumber}.web1`, transaction_status: 'PAID', gross_amount: '150000', signature_valid: true },
    ]);
    // one job per Xendit invoice id: graphile's job key folds the repeat into the queued job
    expect(await jobsFor(id)).toBe(1);
    const res = await post('sinar-net', JSON.stringify({ ...xendit.invoices.get(id) }), { 'x-callback-token': CALLBACK_TOKEN });
    expect(successEnvelopeSchema(z.object({ status: z.literal('accepted'), notification_id: z.string() })).parse(await res.json())).toMatchObject({ status: 'success', data: { status: 'accepted' } });
  });

  it('a wrong token is 401 in the envelope, recorded as rejected, nothing queued', async () => {
    const id = await simInvoice('xnd_development_impostor', 'web2');
    expect((await xendit.pay(id)).http_status).toBe(401);
    const [row] = await admin`SELECT status, reason, signature_valid FROM tenant_gateway_notifications WHERE transaction_id = ${id}`;
    expect(row).toMatchObject({ status: 'rejected', reason: 'bad callback token', signature_valid: false });
    expect(await jobsFor(id)).toBe(0);
    const res = await post('sinar-net', JSON.stringify(xendit.invoices.get(id)), { 'x-callback-token': `${CALLBACK_TOKEN}x` });
    expect(res.status).toBe(401);
    const body = errorEnvelopeSchema.parse(await res.json());
    expect(body).toMatchObject({ status: 'error', error_code: 'UNAUTHENTICATED' });
    expect(body.details.notification_id).toEqual(expect.any(String));
    expect(res.headers.get('x-request-id')).toBe(body.request_id);
  });

  it('a missing token is 401, and so is any token for an ISP that has none configured', async () => {
    const id = await simInvoice(SECRET_KEY, 'web3');
    const paid = { ...xendit.invoices.get(id), status: 'PAID', paid_amount: 150000 };
    expect((await post('sinar-net', JSON.stringify(paid))).status).toBe(401);
    const other = await simInvoice('xnd_development_parahyangan', 'web4');
    expect((await xendit.pay(other)).http_status).toBe(401);
    const [row] = await admin`SELECT reason FROM tenant_gateway_notifications WHERE transaction_id = ${other}`;
    expect(row!.reason).toBe('no Xendit callback token configured');
    expect(await jobsFor(id)).toBe(0);
  });

  it('a trusted body that is not an invoice callback, or not JSON, is 400 — never 500', async () => {
    const headers = { 'x-callback-token': CALLBACK_TOKEN };
    for (const body of ['{"id":"x"}', '{"id":"a","external_id":"b","status":"PAID","paid_amount":"lots"}', 'not json at all', '[]', 'null', '']) {
      const res = await post('sinar-net', body, headers);
      expect(res.status, body).toBe(400);
      expect(errorEnvelopeSchema.parse(await res.json()).error_code).toBe('VALIDATION_FAILED');
    }
    // an untrusted bad body is 401: nothing about it is believed
    expect((await post('sinar-net', 'not json at all')).status).toBe(401);
  });

  it('an unknown ISP is 404', async () => {
    const res = await post('nobody-here', '{}', { 'x-callback-token': CALLBACK_TOKEN });
    expect(res.status).toBe(404);
    expect(errorEnvelopeSchema.parse(await res.json()).error_code).toBe('NOT_FOUND');
  });

  it('rejected callbacks count toward the per-address limit: the next one from that address is 429', async () => {
    const ip = '203.0.113.91';
    const { services } = await import('~/server/services');
    const limit = rejectedNotificationLimit(services(), 'xendit', 'sinar-net', ip);
    await services().limiters.ip.limit(limit.key, { rate: 1000 });
    const refused = await route.POST(
      new Request('http://x/api/v1/billing/webhooks/xendit/sinar-net', { method: 'POST', body: '{}', headers: { 'x-forwarded-for': ip, 'x-callback-token': 'nope' } }),
      { params: Promise.resolve({ tenant: 'sinar-net' }) },
    );
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
