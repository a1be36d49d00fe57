/**
 * Xendit end to end over HTTP, on a seeded database, the worker's real task list, the RouterOS
 * simulator and the Xendit simulator: an ISP that chose Xendit gets a Xendit invoice from the
 * gateway-neutral createPaymentLink; the simulator's PAID callback (x-callback-token) reaches
 * the callback receiver, payment_processing settles the invoice and the isolated customer is
 * restored on the router; the same callback again (and SETTLED after PAID) pays nothing twice;
 * a wrong token is 401 and never applied; an EXPIRED invoice pays nothing.
 */
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_HTTP_STATUS } from '@rrnet/contracts';
import { createPaymentLink, paymentGatewayStatus, selectPaymentGateway } from '@rrnet/core/billing/payment_gateway';
import { receiveXenditCallback, setXenditKeys } from '@rrnet/core/billing/xendit';
import { withTenant } from '@rrnet/db';
import type { TenantTx } from '@rrnet/db';
import { enqueue } from '@rrnet/jobs';
import { XenditBreakers } from '@rrnet/payments';
import { createXenditSimulator } from '@rrnet/payments/xendit_simulator';
import type { XenditSimulator } from '@rrnet/payments/xendit_simulator';
import { createRouterSimulator } from '@rrnet/routeros/simulator';
import type { RouterSimulator } from '@rrnet/routeros/simulator';
import { startSeededWorker } from './worker_env';
import type { SeededWorker } from './worker_env';

const SECRET_KEY = 'xnd_development_worker_test_secret';
const CALLBACK_TOKEN = 'xendit-callback-token-worker-test';

let h: SeededWorker;
let admin: postgres.Sql;
let tenantA: string;
let routers: RouterSimulator;
let xendit: XenditSimulator;
let receiver: Server;
let receiverUrl: string;
const breakers = new XenditBreakers();

const inTenant = <T>(fn: (tx: TenantTx) => Promise<T>) => withTenant(h.app.sql, { tenantId: tenantA }, fn);

/** What the callback route does, as a plain HTTP server (the route itself: apps/web xendit_webhook.test.ts). */
async function startReceiver(): Promise<Server> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        body = { raw: text };
      }
      const slug = (req.url ?? '').split('/').pop()!;
      const token = req.headers['x-callback-token'];
      receiveXenditCallback({ appSql: h.app.sql, systemSql: h.system.sql, services: h.services.network }, slug, typeof token === 'string' ? token : null, body).then(
        (r) => res.writeHead(r.status === 'accepted' ? 200 : ERROR_HTTP_STATUS[r.error_code!], { 'content-type': 'application/json' }).end(JSON.stringify(r)),
        () => res.writeHead(404).end(),
      );
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return server;
}

beforeAll(async () => {
  h = await startSeededWorker({ concurrency: 2 });
  ({ admin, tenantA } = h);
  routers = await createRouterSimulator({ ports: [0, 0, 0, 0] });
  const rs = await admin<{ id: string }[]>`SELECT id FROM tenant_routers ORDER BY tenant_id = ${tenantA} DESC, name`;
  for (const [i, r] of rs.entries()) await admin`UPDATE tenant_routers SET host = '127.0.0.1', port = ${routers.routers[i]!.port} WHERE id = ${r.id}`;
  // nothing else owed: only the invoices a test creates are open
  await admin`UPDATE tenant_invoices SET status = 'paid', paid_amount = total, paid_at = now() WHERE status IN ('unpaid', 'overdue')`;
  receiver = await startReceiver();
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  xendit = await createXenditSimulator({ accounts: [{ secret_key: SECRET_KEY, callback_token: CALLBACK_TOKEN, callback_url: `${receiverUrl}/cb/sinar-net`, merchant_name: 'Sinar Net' }] });
  await inTenant(async (tx) => {
    await setXenditKeys(tx, h.services.network, { secret_key: SECRET_KEY, callback_token: CALLBACK_TOKEN });
    await selectPaymentGateway(tx, 'xendit');
  });
});
afterAll(async () => {
  await xendit?.close();
  await new Promise((r) => receiver?.close(r));
  await routers?.close();
  await h?.close();
});

async function drain(rounds = 10): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    await h.runAll();
    const [left] = await admin<{ n: number }[]>`SELECT count(*)::int AS n FROM graphile_worker._private_jobs`;
    if (left!.n === 0) return;
    await admin`UPDATE graphile_worker._private_jobs SET run_at = now() - interval '1 second'`;
  }
}

let seq = 0;
/** An overdue invoice of an active customer on simulated router `routerIndex`. */
async function overdueInvoiceOn(routerIndex: number) {
  const port = routers.routers[routerIndex]!.port;
  const [c] = await admin<{ id: string; pppoe_username: string }[]>`
    SELECT c.id, c.pppoe_username FROM tenant_customers c JOIN tenant_routers r ON r.id = c.router_id
    WHERE c.tenant_id = ${tenantA} AND r.port = ${port} AND c.status = 'active' AND NOT c.isolir_pending
      AND NOT EXISTS (SELECT 1 FROM tenant_invoices i WHERE i.customer_id = c.id AND i.number LIKE 'XD-T%')
    ORDER BY c.code LIMIT 1`;
  seq += 1;
  const [inv] = await admin<{ id: string; number: string }[]>`
    INSERT INTO tenant_invoices (tenant_id, number, customer_id, period_start, period_end, subtotal, total, due_date, status)
    VALUES (${tenantA}, ${`XD-T${seq}-${c!.id.slice(0, 8)}`}, ${c!.id}, '2025-03-03', '2025-04-02', 165000, 165000, '2025-04-12', 'unpaid')
    RETURNING id, number`;
  return { customer: c!, invoice: inv! };
}

const link = (invoiceId: string) =>
  inTenant((tx) => createPaymentLink(tx, h.services.network, invoiceId, { xenditBaseUrl: xendit.url, successRedirectUrl: `https://isp.example/billing/invoices/${invoiceId}`, breakers }));

const notificationsOf = (xenditId: string) =>
  admin<{ status: string; reason: string | null; transaction_status: string }[]>`
    SELECT status, reason, transaction_status FROM tenant_gateway_notifications WHERE gateway = 'xendit' AND transaction_id = ${xenditId} ORDER BY created_at, id`;

describe('Xendit as the ISP’s gateway', () => {
  it('keeps the keys encrypted and reports the choice', async () => {
    const [row] = await admin<{ key: string; token: string; gateway: string }[]>`
      SELECT xendit_secret_key_enc AS key, xendit_callback_token_enc AS token, payment_gateway AS gateway FROM tenant_settings WHERE tenant_id = ${tenantA}`;
    expect(row!.gateway).toBe('xendit');
    expect(row!.key).not.toContain(SECRET_KEY);
    expect(row!.token).not.toContain(CALLBACK_TOKEN);
    expect(await inTenant((tx) => paymentGatewayStatus(tx))).toMatchObject({ gateway: 'xendit', xendit: { configured: true }, midtrans: { configured: false } });
    // Midtrans has no key here: choosing it is refused
    await expect(inTenant((tx) => selectPaymentGateway(tx, 'midtrans'))).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('createPaymentLink makes a Xendit invoice for what is owed (POST /v2/invoices, Basic auth, documented fields)', async () => {
    const { invoice } = await overdueInvoiceOn(1);
    const before = xendit.requests.length;
    const l = await link(invoice.id);
    expect(l).toMatchObject({ gateway: 'xendit', amount: 165000 });
    expect(l.order_id).toMatch(new RegExp(`^${invoice.number}\\.[0-9a-f]{6}$`));
    const sim = xendit.invoices.get(l.token)!;
    expect(l.redirect_url).toBe(sim.invoice_url);
    expect(sim).toMatchObject({ status: 'PENDING', external_id: l.order_id, amount: 165000, currency: 'IDR' });
    const req = xendit.requests[before]!;
    expect(req.authorization).toBe(`Basic ${Buffer.from(`${SECRET_KEY}:`).toString('base64')}`);
    expect(req.body).toMatchObject({
      external_id: l.order_id,
      amount: 165000,
      invoice_duration: 604800,
      success_redirect_url: `https://isp.example/billing/invoices/${invoice.id}`,
      customer: { given_names: expect.any(String) },
    });
    expect(String((req.body as { description: string }).description)).toContain(invoice.number);
    // nothing written: no payment until the callback
    const [n] = await admin<{ n: number }[]>`SELECT count(*)::int AS n FROM tenant_payments WHERE invoice_id = ${invoice.id}`;
    expect(n!.n).toBe(0);
  });

  it('the PAID callback settles the invoice once and restores the isolated customer; repeats and SETTLED change nothing', async () => {
    const { customer, invoice } = await overdueInvoiceOn(0);
    await admin`UPDATE tenant_invoices SET status = 'overdue' WHERE id = ${invoice.id}`;
    await enqueue(h.system.sql, 'isolir_sweep', {}, { tenantId: null });
    await drain();
    const secret = () => routers.routers[0]!.state.secrets.find((s) => s.name === customer.pppoe_username);
    expect(secret()).toMatchObject({ profile: 'isolir' });
    expect((await admin`SELECT status FROM tenant_customers WHERE id = ${customer.id}`)[0]!.status).toBe('isolated');

    const l = await link(invoice.id);
    const delivery = await xendit.pay(l.token, 'EWALLET');
    expect(delivery.http_status).toBe(200);
    await drain();
    const [paid] = await admin<{ status: string; paid_amount: string }[]>`SELECT status, paid_amount::int AS paid_amount FROM tenant_invoices WHERE id = ${invoice.id}`;
    expect(paid).toMatchObject({ status: 'paid', paid_amount: 165000 });
    const payments = await admin<{ gateway: string; gateway_transaction_id: string; amount: number; method: string; receipt_number: string }[]>`
      SELECT gateway, gateway_transaction_id, amount::int AS amount, method, receipt_number FROM tenant_payments WHERE invoice_id = ${invoice.id}`;
    expect(payments).toEqual([{ gateway: 'xendit', gateway_transaction_id: l.token, amount: 165000, method: 'gateway', receipt_number: `XD-${l.token}` }]);
    expect((await admin`SELECT status, isolir_pending FROM tenant_customers WHERE id = ${customer.id}`)[0]).toMatchObject({ status: 'active', isolir_pending: false });
    expect(secret()?.profile).not.toBe('isolir');

    // Xendit retries a callback, and sends SETTLED after PAID: recorded, processed, applied once
    expect((await xendit.resend(l.token)).http_status).toBe(200);
    xendit.invoices.get(l.token)!.status = 'SETTLED';
    expect((await xendit.resend(l.token)).http_status).toBe(200);
    await drain();
    const notes = await notificationsOf(l.token);
    expect(notes.map((n) => [n.transaction_status, n.status])).toEqual([
      ['PAID', 'applied'],
      ['PAID', 'ignored'],
      ['SETTLED', 'ignored'],
    ]);
    expect(notes[1]!.reason).toMatch(/^duplicate/);
    const [count] = await admin<{ n: number }[]>`SELECT count(*)::int AS n FROM tenant_payments WHERE invoice_id = ${invoice.id}`;
    expect(count!.n).toBe(1);
  });

  it('another Xendit invoice with an external_id already paid is not applied again', async () => {
    const { invoice } = await overdueInvoiceOn(1);
    const first = await link(invoice.id);
    await xendit.pay(first.token);
    await drain();
    // a forged-looking second Xendit id carrying the same external_id (trusted token): dedup on external_id
    const body = { ...xendit.invoices.get(first.token)!, id: 'ffffffffffffffffffffffff' };
    const res = await fetch(`${receiverUrl}/cb/sinar-net`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-callback-token': CALLBACK_TOKEN }, body: JSON.stringify(body) });
    expect(res.status).toBe(200);
    await drain();
    expect((await notificationsOf('ffffffffffffffffffffffff')).map((n) => n.status)).toEqual(['ignored']);
    const [count] = await admin<{ n: number }[]>`SELECT count(*)::int AS n FROM tenant_payments WHERE invoice_id = ${invoice.id}`;
    expect(count!.n).toBe(1);
  });

  it('a callback with a wrong or missing token is 401, recorded as rejected and never queued', async () => {
    const { invoice } = await overdueInvoiceOn(1);
    const l = await link(invoice.id);
    // a simulator account whose callback token does not match the ISP's
    const impostor = await createXenditSimulator({ accounts: [{ secret_key: SECRET_KEY, callback_token: 'not-the-isps-token-000', callback_url: `${receiverUrl}/cb/sinar-net` }] });
    try {
      const forged = await inTenant((tx) => createPaymentLink(tx, h.services.network, invoice.id, { xenditBaseUrl: impostor.url, breakers }));
      expect((await impostor.pay(forged.token)).http_status).toBe(401);
      const noToken = await fetch(`${receiverUrl}/cb/sinar-net`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ ...xendit.invoices.get(l.token), status: 'PAID' }) });
      expect(noToken.status).toBe(401);
      const rows = await admin<{ status: string; reason: string; signature_valid: boolean }[]>`
        SELECT status, reason, signature_valid FROM tenant_gateway_notifications WHERE gateway = 'xendit' AND transaction_id IN (${forged.token}, ${l.token})`;
      expect(rows).toHaveLength(2);
      for (const r of rows) expect(r).toMatchObject({ status: 'rejected', reason: 'bad callback token', signature_valid: false });
      const [jobs] = await admin<{ n: number }[]>`SELECT count(*)::int AS n FROM graphile_worker._private_jobs WHERE key LIKE ${`%:xendit:${forged.token}`} OR key LIKE ${`%:xendit:${l.token}`}`;
      expect(jobs!.n).toBe(0);
      expect((await admin`SELECT status FROM tenant_invoices WHERE id = ${invoice.id}`)[0]!.status).toBe('unpaid');
    } finally {
      await impostor.close();
    }
  });

  it('an EXPIRED invoice pays nothing: recorded and ignored, the invoice still owed', async () => {
    const { invoice } = await overdueInvoiceOn(1);
    const l = await link(invoice.id);
    expect((await xendit.expire(l.token)).http_status).toBe(200);
    await drain();
    const notes = await notificationsOf(l.token);
    expect(notes).toEqual([{ status: 'ignored', reason: expect.stringMatching(/^EXPIRED/), transaction_status: 'EXPIRED' }]);
    expect((await admin`SELECT status FROM tenant_invoices WHERE id = ${invoice.id}`)[0]!.status).toBe('unpaid');
    // a new link still works after the old one expired — here from a caller that names no URL (the portal's way): the services' override
    const services = { ...h.services.network, paymentGatewayUrls: { xenditApi: xendit.url } };
    const again = await inTenant((tx) => createPaymentLink(tx, services, invoice.id));
    expect(again).toMatchObject({ gateway: 'xendit', redirect_url: `${xendit.url}/web/invoices/${again.token}` });
    expect(again.token).not.toBe(l.token);
  });

  it('an ISP that kept Midtrans gets Midtrans from the same function', async () => {
    const [b] = await admin<{ tenant_id: string; id: string }[]>`
      SELECT i.tenant_id, i.id FROM tenant_invoices i WHERE i.tenant_id <> ${tenantA} LIMIT 1`;
    await admin`UPDATE tenant_invoices SET status = 'unpaid', paid_amount = 0 WHERE id = ${b!.id}`;
    await admin`UPDATE tenant_settings SET payment_gateway = 'midtrans' WHERE tenant_id = ${b!.tenant_id}`;
    await expect(withTenant(h.app.sql, { tenantId: b!.tenant_id }, (tx) => createPaymentLink(tx, h.services.network, b!.id, { xenditBaseUrl: xendit.url }))).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('Midtrans server key'),
    });
  });
});
