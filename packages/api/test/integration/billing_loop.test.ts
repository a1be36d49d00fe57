/**
 * The billing loop on a seeded database, the real Redis and the RouterOS simulator:
 * billing runs (idempotent, gap-free numbers, proration, discount, tax, the tenant's
 * calendar), payments and reversals, Midtrans notifications (valid, bad signature, replay,
 * amount mismatch, unknown order, out of order), isolir and restore on the router, and a
 * router that cannot be changed.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '@rrnet/contracts';
import { localDay } from '@rrnet/core/billing/cycle';
import { createPaymentLink, midtransSignature, processMidtransTransaction, receiveMidtransNotification, setMidtransKey } from '@rrnet/core/billing/midtrans';
import { executeIsolir, executeIsolirBatch, sweepTenant, sweepTenantsInBatches } from '@rrnet/core/isolir/isolir';
import { provisionSecret, syncRouter } from '@rrnet/core/network/router_sync';
import { withTenant } from '@rrnet/db';
import type { TenantTx } from '@rrnet/db';
import { createRouterSimulator } from '@rrnet/routeros/simulator';
import type { RouterSimulator, SimRouter } from '@rrnet/routeros/simulator';
import { outcome, startHarness } from './api_harness';
import type { Harness } from './api_harness';
import { runQueuedJobs } from './queued_jobs';

let h: Harness;
let sim: RouterSimulator;
let admin: postgres.Sql;
let owner: string;
let billing: string;
let routerA: { id: string; sim: SimRouter };
const SERVER_KEY = 'SB-Mid-server-TEST-0123456789abcdef';
const api = () => h.call(owner);
const inTenant = <T>(fn: (tx: TenantTx) => Promise<T>) => withTenant(h.services.sql, { tenantId: h.tenantA }, fn);

const runQueued = (options: { lastAttempt?: boolean } = {}) =>
  runQueuedJobs(admin, h.services.sql, {
    pppoe_provision: ({ data, tenantId, withTenant: wt }) => provisionSecret(wt, h.services.network, tenantId, data.customer_id as string, data.router_id as string),
    billing_isolir: ({ data, tenantId, withTenant: wt }) =>
      executeIsolir(wt, h.services.network, tenantId, data as never, { lastAttempt: options.lastAttempt ?? false }),
    billing_isolir_batch: ({ data, tenantId, withTenant: wt }) =>
      executeIsolirBatch(wt, h.services.network, tenantId, data.items as never, { lastAttempt: options.lastAttempt ?? false }),
    payment_processing: ({ data, tenantId, withTenant: wt }) => wt((tx) => processMidtransTransaction(tx, h.services.network, tenantId, data.transaction_id as string)),
  });

beforeAll(async () => {
  h = await startHarness();
  admin = postgres(h.db.adminUrl, { max: 1, onnotice: () => {} });
  sim = await createRouterSimulator({ ports: [0, 0, 0, 0] });
  const routers = await admin<{ id: string }[]>`SELECT id FROM tenant_routers ORDER BY tenant_id = ${h.tenantA} DESC, name`;
  for (const [i, r] of routers.entries()) await admin`UPDATE tenant_routers SET host = '127.0.0.1', port = ${sim.routers[i]!.port} WHERE id = ${r.id}`;
  routerA = { id: routers[0]!.id, sim: sim.routers[0]! };
  await admin`DELETE FROM graphile_worker._private_jobs`;
  owner = (await h.login('owner@sinarnet.demo')).access_token;
  billing = (await h.login('billing@sinarnet.demo')).access_token;
  // the router has every customer's secret, as after "Apply fixes"
  await syncRouter(inTenant, h.services.network, h.tenantA, routerA.id, { apply: true });
});
afterAll(async () => {
  await sim?.close();
  await admin?.end();
  await h?.close();
});

describe('billing run', () => {
  it('issues one invoice per customer and period: prorated, discounted, taxed, gap-free, and a second run creates nothing', async () => {
    const plans = await api().customers.plans.list();
    const [a, b] = await admin<{ id: string; plan_id: string; price: string }[]>`
      SELECT c.id, c.plan_id, p.price FROM tenant_customers c JOIN tenant_service_plans p ON p.id = c.plan_id
      WHERE c.tenant_id = ${h.tenantA} AND c.billing_day = 5 AND c.status = 'active' ORDER BY c.code`;
    // a: upgraded on 15 Dec from the cheapest plan; b: a 25,000 monthly discount
    const cheapest = plans[0]!;
    await admin`UPDATE tenant_customers SET plan_id = ${plans[2]!.id} WHERE id = ${a!.id}`;
    await admin`INSERT INTO tenant_customer_plan_changes (tenant_id, customer_id, old_plan_id, new_plan_id, old_price, new_price, effective_on)
                VALUES (${h.tenantA}, ${a!.id}, ${cheapest.id}, ${plans[2]!.id}, ${cheapest.price}, ${plans[2]!.price}, '2036-12-15')`;
    await admin`UPDATE tenant_customers SET monthly_discount = 25000 WHERE id = ${b!.id}`;
    // c: a new customer, connected on 20 Dec
    const c = await api().customers.customers.create({ name: 'Rahmat Baru', phone: '081299990001', plan_id: plans[1]!.id, billing_day: 5 });
    await admin`UPDATE tenant_customers SET activated_at = '2036-12-20T03:00:00Z' WHERE id = ${c.id}`;

    const first = await api().billing.invoices.run({ day: '2037-01-05' });
    expect(first).toMatchObject({ period_start: '2036-12-05', period_end: '2037-01-04', created: 3 });
    const invoices = await admin<{ customer_id: string; number: string; subtotal: string; discount: string; tax: string; total: string; due_date: string }[]>`
      SELECT customer_id, number, subtotal, discount, tax, total, due_date::text FROM tenant_invoices
      WHERE tenant_id = ${h.tenantA} AND period_start = '2036-12-05' ORDER BY number`;
    expect(invoices.map((i) => i.number)).toEqual(['SNJ-203701-00001', 'SNJ-203701-00002', 'SNJ-203701-00003']);
    const of = (id: string) => invoices.find((i) => i.customer_id === id)!;
    const taxed = (net: number) => Math.round((net * 1100) / 10000);
    // 10 days at the old price + 21 at the new one, over a 31-day period: one line each
    const [oldPart, newPart] = [Math.round((10 * cheapest.price) / 31), Math.round((21 * plans[2]!.price) / 31)];
    const aSub = oldPart + newPart;
    expect(of(a!.id)).toMatchObject({ subtotal: String(aSub), discount: '0', tax: String(taxed(aSub)), total: String(aSub + taxed(aSub)) });
    const bPrice = Number(b!.price);
    expect(of(b!.id)).toMatchObject({ subtotal: String(bPrice), discount: '25000', tax: String(taxed(bPrice - 25000)) });
    const cSub = Math.round((16 * plans[1]!.price) / 31); // 20 Dec – 4 Jan
    expect(of(c.id).subtotal).toBe(String(cSub));
    expect(of(c.id).due_date).toBe('2037-01-15'); // sinar-net: due 10 days after issue
    // the lines, as the API returns them: what each amount is made of
    const linesOf = async (customerId: string) => {
      const page = await api().billing.invoices.list({ customer_id: customerId, period: '2037-01' });
      return (await api().billing.invoices.get({ id: page.items[0]!.id })).lines;
    };
    expect(await linesOf(a!.id)).toEqual([
      { plan_id: cheapest.id, plan_name: cheapest.name, from: '2036-12-05', to: '2036-12-14', days: 10, period_days: 31, monthly_price: cheapest.price, amount: oldPart },
      { plan_id: plans[2]!.id, plan_name: plans[2]!.name, from: '2036-12-15', to: '2037-01-04', days: 21, period_days: 31, monthly_price: plans[2]!.price, amount: newPart },
    ]);
    expect(await linesOf(b!.id)).toEqual([
      { plan_id: b!.plan_id, plan_name: plans.find((p) => p.id === b!.plan_id)!.name, from: '2036-12-05', to: '2037-01-04', days: 31, period_days: 31, monthly_price: bPrice, amount: bPrice },
    ]);
    expect(await linesOf(c.id)).toEqual([
      { plan_id: plans[1]!.id, plan_name: plans[1]!.name, from: '2036-12-20', to: '2037-01-04', days: 16, period_days: 31, monthly_price: plans[1]!.price, amount: cSub },
    ]);
    // the billing month filter: the month the invoice was issued for (its number's), not its period's start
    const inMonth = async (period: string) => (await api().billing.invoices.list({ customer_id: c.id, period })).items.map((i) => i.number);
    expect(await inMonth('2037-01')).toEqual([expect.stringMatching(/^SNJ-203701-/)]);
    expect(await inMonth('2036-12')).toEqual([]);
    expect(await outcome(api().billing.invoices.list({ period: '2037-13' }))).toBe('VALIDATION_FAILED');
    // the database holds the lines to the subtotal
    await expect(admin`UPDATE tenant_invoices SET subtotal = subtotal + 1, total = total + 1 WHERE customer_id = ${a!.id} AND period_start = '2036-12-05'`).rejects.toThrow(
      /tenant_invoices_lines_check/,
    );

    const again = await api().billing.invoices.run({ day: '2037-01-05' });
    expect(again.created).toBe(0);
    const [count] = await admin`SELECT count(*)::int AS n, max(last_number) AS last FROM tenant_invoices i, tenant_invoice_sequences s
                                WHERE i.tenant_id = ${h.tenantA} AND i.period_start = '2036-12-05' AND s.tenant_id = i.tenant_id AND s.period = '2037-01'`;
    expect(count).toMatchObject({ n: 3, last: 3 });
  });

  it('bills by the tenant’s calendar: 00:30 WIB on 1 March is still 28 February in UTC', async () => {
    const instant = new Date('2037-02-28T17:30:00Z');
    expect(localDay('Asia/Jakarta', instant)).toBe('2037-03-01');
    expect(instant.toISOString().slice(0, 10)).toBe('2037-02-28');
    const run = await api().billing.invoices.run({ day: localDay('Asia/Jakarta', instant) });
    expect(run.period_start).toBe('2037-02-01');
    const billed = await admin<{ billing_day: number }[]>`
      SELECT DISTINCT c.billing_day FROM tenant_invoices i JOIN tenant_customers c ON c.id = i.customer_id
      WHERE i.tenant_id = ${h.tenantA} AND i.period_start = '2037-02-01'`;
    expect(billed.map((r) => r.billing_day)).toEqual([1]);
    expect(run.created).toBeGreaterThan(0);
  });
});

async function openInvoice(customerId: string, total: number, due = '2037-01-15', number = `T-${Math.random().toString(36).slice(2, 10)}`): Promise<string> {
  const start = `2026-${String(10 + Math.floor(Math.random() * 2)).padStart(2, '0')}-${String(1 + Math.floor(Math.random() * 27)).padStart(2, '0')}`;
  const [row] = await admin<{ id: string }[]>`
    INSERT INTO tenant_invoices (tenant_id, number, customer_id, period_start, period_end, subtotal, total, due_date, status)
    VALUES (${h.tenantA}, ${number}, ${customerId}, ${start}, ${start}::date + 29, ${total}, ${total}, ${due}, 'unpaid')
    ON CONFLICT DO NOTHING RETURNING id`;
  if (!row) return openInvoice(customerId, total, due);
  return row.id;
}

describe('payments', () => {
  it('records partial and full payments, refuses overpayment, and reverses only by void', async () => {
    const [cust] = await admin<{ id: string }[]>`SELECT id FROM tenant_customers WHERE tenant_id = ${h.tenantA} AND status = 'active' ORDER BY code LIMIT 1`;
    const invoiceId = await openInvoice(cust!.id, 200_000);
    expect(await outcome(h.call(billing).billing.payments.record({ invoice_id: invoiceId, amount: 250_000, method: 'cash' }))).toBe('VALIDATION_FAILED');
    const part = await h.call(billing).billing.payments.record({ invoice_id: invoiceId, amount: 50_000, method: 'cash', receipt_number: 'KW-TEST-1' });
    expect(part).toMatchObject({ amount: 50_000, method: 'cash', status: 'completed' });
    expect((await api().billing.invoices.get({ id: invoiceId })).status).toBe('unpaid');
    expect(await outcome(h.call(billing).billing.payments.record({ invoice_id: invoiceId, amount: 10_000, method: 'cash', receipt_number: 'KW-TEST-1' }))).toBe('CONFLICT');
    await h.call(billing).billing.payments.record({ invoice_id: invoiceId, amount: 150_000, method: 'bank_transfer' });
    expect(await api().billing.invoices.get({ id: invoiceId })).toMatchObject({ status: 'paid', paid_amount: 200_000, outstanding: 0 });
    expect(await outcome(h.call(billing).billing.payments.record({ invoice_id: invoiceId, amount: 1, method: 'cash' }))).toBe('CONFLICT');
    expect(await outcome(api().billing.invoices.void({ id: invoiceId, reason: 'salah tagih' }))).toBe('CONFLICT');

    const voided = await h.call(billing).billing.payments.void({ id: part.id, reason: 'uang palsu' });
    expect(voided.status).toBe('voided');
    expect(await api().billing.invoices.get({ id: invoiceId })).toMatchObject({ status: 'unpaid', paid_amount: 150_000, outstanding: 50_000 });
    expect(await outcome(h.call(billing).billing.payments.void({ id: part.id, reason: 'again' }))).toBe('CONFLICT');
    const [audit] = await admin`SELECT count(*)::int AS n FROM sys_audit_logs WHERE action = 'payment.voided'`;
    expect(audit!.n).toBe(1);
    const viewer = (await h.login('viewer@sinarnet.demo')).access_token;
    expect(await outcome(h.call(viewer).billing.payments.record({ invoice_id: invoiceId, amount: 1, method: 'cash' }))).toBe('FORBIDDEN');
  });

  it('lists every payment newest first in keyset pages, without a gap or a repeat; a forged cursor is a validation error', async () => {
    const [all] = await admin<{ n: number }[]>`SELECT count(*)::int AS n FROM tenant_payments WHERE tenant_id = ${h.tenantA}`;
    expect(all!.n).toBeGreaterThan(7); // the seed's months of payments and the ones above
    const seen: { id: string; paid_at: Date }[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await api().billing.payments.list({ limit: 7, ...(cursor ? { cursor } : {}) });
      seen.push(...page.items);
      cursor = page.next_cursor ?? undefined;
      pages++;
    } while (cursor && pages < 1000);
    expect(seen).toHaveLength(all!.n);
    expect(new Set(seen.map((p) => p.id)).size).toBe(all!.n);
    expect(pages).toBe(Math.ceil(all!.n / 7));
    for (let i = 1; i < seen.length; i++) expect(seen[i - 1]!.paid_at.getTime()).toBeGreaterThanOrEqual(seen[i]!.paid_at.getTime());
    expect(await outcome(api().billing.payments.list({ cursor: 'not-a-cursor' }))).toBe('VALIDATION_FAILED');
  });
});

describe('Midtrans notifications', () => {
  let customerId: string;
  const deps = () => ({ appSql: h.services.sql, systemSql: h.services.systemSql, services: h.services.network });
  const notification = (orderId: string, grossAmount: string, status: string, transactionId: string, extra: Record<string, unknown> = {}) => {
    const base = { order_id: orderId, status_code: status === 'pending' ? '201' : '200', gross_amount: grossAmount };
    return {
      transaction_time: '2026-11-26 10:15:00',
      transaction_status: status,
      transaction_id: transactionId,
      status_message: 'midtrans payment notification',
      payment_type: 'bank_transfer',
      merchant_id: 'G123456789',
      fraud_status: 'accept',
      currency: 'IDR',
      ...base,
      signature_key: midtransSignature(base, SERVER_KEY),
      ...extra,
    };
  };
  const numberOf = async (id: string) => (await api().billing.invoices.get({ id })).number;

  beforeAll(async () => {
    await inTenant((tx) => setMidtransKey(tx, h.services.network, { server_key: SERVER_KEY, production: false }));
    const [c] = await admin<{ id: string }[]>`SELECT id FROM tenant_customers WHERE tenant_id = ${h.tenantA} AND status = 'active' ORDER BY code OFFSET 1 LIMIT 1`;
    customerId = c!.id;
  });

  it('applies a valid settlement once; a replay is recorded and changes nothing', async () => {
    const invoiceId = await openInvoice(customerId, 150_000);
    const body = notification(`${await numberOf(invoiceId)}.a1b2`, '150000.00', 'settlement', 'txn-valid-1');
    expect((await receiveMidtransNotification(deps(), 'sinar-net', body)).status).toBe('accepted');
    expect(await runQueued()).toEqual(['payment_processing']);
    expect(await api().billing.invoices.get({ id: invoiceId })).toMatchObject({ status: 'paid', paid_amount: 150_000 });
    expect((await receiveMidtransNotification(deps(), 'sinar-net', body)).status).toBe('accepted');
    await runQueued();
    const payments = await admin`SELECT count(*)::int AS n FROM tenant_payments WHERE gateway_transaction_id = 'txn-valid-1'`;
    expect(payments[0]!.n).toBe(1);
    const notes = await admin<{ status: string; reason: string | null }[]>`
      SELECT status, reason FROM tenant_gateway_notifications WHERE transaction_id = 'txn-valid-1' ORDER BY created_at`;
    expect(notes.map((n) => n.status)).toEqual(['applied', 'ignored']);
    expect(notes[1]!.reason).toMatch(/duplicate/);
  });

  it('refuses a bad signature (recorded, not queued), an unknown ISP, an amount mismatch and an unknown order', async () => {
    const invoiceId = await openInvoice(customerId, 175_000);
    const number = await numberOf(invoiceId);
    const forged = { ...notification(`${number}.x`, '175000.00', 'settlement', 'txn-forged'), signature_key: 'f'.repeat(128) };
    const rejected = await receiveMidtransNotification(deps(), 'sinar-net', forged);
    expect(rejected).toMatchObject({ status: 'rejected', reason: 'bad signature' });
    expect(await runQueued()).toEqual([]);
    await expect(receiveMidtransNotification(deps(), 'no-such-isp', forged)).rejects.toMatchObject({ code: 'NOT_FOUND' });

    await receiveMidtransNotification(deps(), 'sinar-net', notification(`${number}.y`, '100000.00', 'settlement', 'txn-short'));
    await receiveMidtransNotification(deps(), 'sinar-net', notification('SNJ-209912-99999.z', '175000.00', 'settlement', 'txn-unknown'));
    await runQueued();
    const notes = await admin<{ transaction_id: string; status: string; reason: string }[]>`
      SELECT transaction_id, status, reason FROM tenant_gateway_notifications WHERE transaction_id IN ('txn-short', 'txn-unknown', 'txn-forged') ORDER BY transaction_id`;
    expect(notes.map((n) => [n.transaction_id, n.status])).toEqual([
      ['txn-forged', 'rejected'],
      ['txn-short', 'rejected'],
      ['txn-unknown', 'rejected'],
    ]);
    expect(notes[1]!.reason).toMatch(/does not match/);
    expect(notes[2]!.reason).toMatch(/unknown order/);
    expect((await api().billing.invoices.get({ id: invoiceId })).status).toBe('unpaid');
  });

  it('creates a Snap payment link for what is still owed (Basic auth with the server key, documented response)', async () => {
    const invoiceId = await openInvoice(customerId, 165_000);
    const seen: { auth?: string; body?: { transaction_details: { order_id: string; gross_amount: number } } } = {};
    const snap = createServer((req, res) => {
      let raw = '';
      req.on('data', (c) => (raw += c));
      req.on('end', () => {
        seen.auth = req.headers.authorization;
        seen.body = JSON.parse(raw);
        // Midtrans Snap "Create transaction" 201 response
        res.writeHead(201, { 'content-type': 'application/json' }).end(
          JSON.stringify({ token: '66e4fa55-fdac-4ef9-91b5-733b97d1b862', redirect_url: 'https://app.sandbox.midtrans.com/snap/v2/vtweb/66e4fa55-fdac-4ef9-91b5-733b97d1b862' }),
        );
      });
    });
    await new Promise<void>((r) => snap.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(snap.address() as AddressInfo).port}`;
      const link = await inTenant((tx) => createPaymentLink(tx, h.services.network, invoiceId, { snapBaseUrl: url }));
      expect(link).toMatchObject({ amount: 165_000, token: '66e4fa55-fdac-4ef9-91b5-733b97d1b862' });
      expect(link.order_id.startsWith(`${await numberOf(invoiceId)}.`)).toBe(true);
      expect(seen.auth).toBe(`Basic ${Buffer.from(`${SERVER_KEY}:`).toString('base64')}`);
      expect(seen.body!.transaction_details).toEqual({ order_id: link.order_id, gross_amount: 165_000 });
    } finally {
      snap.close();
    }
  });

  it('a Snap API that never answers: 503 with Retry-After after the timeout, the invoice untouched, and the next try works', async () => {
    const invoiceId = await openInvoice(customerId, 99_000);
    const before = await api().billing.invoices.get({ id: invoiceId });
    let hanging = true;
    const requests: string[] = [];
    const snap = createServer((req, res) => {
      requests.push(req.url ?? '');
      if (hanging) return; // accepts the request and never answers
      res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ token: 'tok-after-outage', redirect_url: 'https://app.sandbox.midtrans.com/snap/v2/vtweb/tok-after-outage' }));
    });
    await new Promise<void>((r) => snap.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(snap.address() as AddressInfo).port}`;
      const refused = await inTenant((tx) => createPaymentLink(tx, h.services.network, invoiceId, { snapBaseUrl: url, timeoutMs: 300 })).then(
        () => null,
        (err: unknown) => err,
      );
      expect(refused).toBeInstanceOf(AppError);
      expect((refused as AppError).code).toBe('SERVICE_UNAVAILABLE');
      expect((refused as AppError).httpStatus).toBe(503);
      expect((refused as AppError).headers?.['Retry-After']).toMatch(/^[1-9]\d*$/);
      expect(requests).toEqual(['/snap/v1/transactions']);
      // nothing about the invoice changed
      expect(await api().billing.invoices.get({ id: invoiceId })).toEqual(before);
      hanging = false;
      const link = await inTenant((tx) => createPaymentLink(tx, h.services.network, invoiceId, { snapBaseUrl: url, timeoutMs: 300 }));
      expect(link).toMatchObject({ amount: 99_000, token: 'tok-after-outage' });
    } finally {
      snap.closeAllConnections();
      snap.close();
    }
  });

  it('handles notifications out of order: a late pending or expire after settlement changes nothing', async () => {
    const invoiceId = await openInvoice(customerId, 120_000);
    const order = `${await numberOf(invoiceId)}.q`;
    await receiveMidtransNotification(deps(), 'sinar-net', notification(order, '120000.00', 'settlement', 'txn-ooo'));
    await receiveMidtransNotification(deps(), 'sinar-net', notification(order, '120000.00', 'pending', 'txn-ooo'));
    await receiveMidtransNotification(deps(), 'sinar-net', notification(order, '120000.00', 'expire', 'txn-ooo'));
    await runQueued();
    expect(await api().billing.invoices.get({ id: invoiceId })).toMatchObject({ status: 'paid', paid_amount: 120_000 });
    const notes = await admin<{ status: string }[]>`SELECT status FROM tenant_gateway_notifications WHERE transaction_id = 'txn-ooo' ORDER BY created_at`;
    expect(notes.map((n) => n.status)).toEqual(['applied', 'ignored', 'ignored']);
    // pending first, then settlement: waits, then pays
    const second = await openInvoice(customerId, 80_000);
    const order2 = `${await numberOf(second)}.r`;
    await receiveMidtransNotification(deps(), 'sinar-net', notification(order2, '80000.00', 'pending', 'txn-late'));
    await runQueued();
    expect((await api().billing.invoices.get({ id: second })).status).toBe('unpaid');
    await receiveMidtransNotification(deps(), 'sinar-net', notification(order2, '80000.00', 'settlement', 'txn-late'));
    await runQueued();
    expect((await api().billing.invoices.get({ id: second })).status).toBe('paid');
  });
});

describe('isolir', () => {
  let customer: { id: string; pppoe_username: string; plan_profile: string };

  beforeAll(async () => {
    const [c] = await admin<{ id: string; pppoe_username: string; plan_profile: string }[]>`
      SELECT c.id, c.pppoe_username, p.router_profile AS plan_profile FROM tenant_customers c JOIN tenant_service_plans p ON p.id = c.plan_id
      WHERE c.tenant_id = ${h.tenantA} AND c.router_id = ${routerA.id} AND c.status = 'active' ORDER BY c.code DESC LIMIT 1`;
    customer = c!;
    // every other open invoice of this tenant is settled, so only our customer is overdue
    await admin`UPDATE tenant_invoices SET status = 'paid', paid_amount = total, paid_at = now() WHERE tenant_id = ${h.tenantA} AND status IN ('unpaid', 'overdue')`;
  });

  it('overdue beyond grace → isolated on the router; payment → restored within the same run', async () => {
    const invoiceId = await openInvoice(customer.id, 200_000, '2026-11-01');
    const secret = () => routerA.sim.state.secrets.find((s) => s.name === customer.pppoe_username)!;
    const session = () => routerA.sim.state.active.find((s) => s.name === customer.pppoe_username);
    const sessionBefore = session()?.id;
    expect(secret().profile).toBe(customer.plan_profile);

    const swept = await inTenant((tx) => sweepTenant(tx, h.tenantA, 'Asia/Jakarta', new Date('2026-11-26T03:00:00Z')));
    expect(swept.requested).toBe(1);
    expect((await api().customers.customers.get({ id: customer.id })).isolir_pending).toBe(true);
    expect(await runQueued()).toEqual(['billing_isolir_batch']);
    expect(secret()).toMatchObject({ profile: 'isolir', disabled: false });
    expect(session()?.id).not.toBe(sessionBefore); // kicked: the CPE redialled into the isolir profile
    expect(await api().customers.customers.get({ id: customer.id })).toMatchObject({ status: 'isolated', isolir_pending: false });
    expect((await api().billing.invoices.get({ id: invoiceId })).status).toBe('overdue');
    const [wa] = await admin<{ template_code: string; body: string }[]>`
      SELECT template_code, body FROM tenant_wa_messages WHERE customer_id = ${customer.id} AND template_code = 'isolir_notice' ORDER BY created_at DESC LIMIT 1`;
    expect(wa!.body).toMatch(/dinonaktifkan/);
    // a second sweep does nothing more
    expect((await inTenant((tx) => sweepTenant(tx, h.tenantA, 'Asia/Jakarta', new Date('2026-11-26T04:00:00Z')))).requested).toBe(0);

    await h.call(billing).billing.payments.record({ invoice_id: invoiceId, amount: 200_000, method: 'cash' });
    expect(await runQueued()).toEqual(['billing_isolir']);
    expect(secret()).toMatchObject({ profile: customer.plan_profile, disabled: false });
    expect((await api().customers.customers.get({ id: customer.id })).status).toBe('active');
    const events = await api().isolir.events({ customer_id: customer.id });
    expect(events.map((e) => [e.action, e.trigger, e.status])).toEqual([
      ['restore', 'payment', 'applied'],
      ['isolate', 'auto', 'applied'],
    ]);
  });

  it('a router that cannot be changed: retried, then failed — never marked isolated; the next sweep asks again, and then it works', async () => {
    const invoiceId = await openInvoice(customer.id, 200_000, '2026-11-01');
    await routerA.sim.stop();
    try {
      await inTenant((tx) => sweepTenant(tx, h.tenantA, 'Asia/Jakarta', new Date('2026-11-26T05:00:00Z')));
      await expect(runQueued()).rejects.toThrow();
      let c = await api().customers.customers.get({ id: customer.id });
      expect(c).toMatchObject({ status: 'active', isolir_pending: true });
      let [event] = await api().isolir.events({ customer_id: customer.id, limit: 1 });
      expect(event).toMatchObject({ action: 'isolate', status: 'pending' });
      expect(event!.error).toBeTruthy();
      // the last attempt: the event fails, the customer stays active, no longer pending
      const [job] = await admin<{ payload: { data: Record<string, unknown> } }[]>`SELECT payload FROM tenant_isolation_events e, LATERAL (SELECT jsonb_build_object('data', jsonb_build_object('event_id', e.id, 'customer_id', e.customer_id, 'action', e.action)) AS payload) p WHERE e.id = ${event!.id}`;
      await expect(executeIsolir(inTenant, h.services.network, h.tenantA, job!.payload.data as never, { lastAttempt: true })).rejects.toThrow();
      [event] = await api().isolir.events({ customer_id: customer.id, limit: 1 });
      expect(event!.status).toBe('failed');
      c = await api().customers.customers.get({ id: customer.id });
      expect(c).toMatchObject({ status: 'active', isolir_pending: false });
      // the router is back: the next hourly sweep requests the still-overdue customer again
      await routerA.sim.start();
      expect((await inTenant((tx) => sweepTenant(tx, h.tenantA, 'Asia/Jakarta', new Date('2026-11-26T06:00:00Z')))).requested).toBe(1);
      expect(await runQueued()).toEqual(['billing_isolir_batch']);
      expect(await api().customers.customers.get({ id: customer.id })).toMatchObject({ status: 'isolated', isolir_pending: false });
      expect((await api().isolir.events({ customer_id: customer.id, limit: 2 })).map((e) => e.status)).toEqual(['applied', 'failed']);
      expect(routerA.sim.state.secrets.find((x) => x.name === customer.pppoe_username)).toMatchObject({ profile: 'isolir' });
    } finally {
      if (!routerA.sim.running) await routerA.sim.start();
      await admin`UPDATE tenant_invoices SET status = 'void', void_reason = 'test' WHERE id = ${invoiceId}`;
      // back as the next test expects it: active, on its plan's profile
      await admin`UPDATE tenant_customers SET status = 'active', isolir_pending = false WHERE id = ${customer.id}`;
      const secret = routerA.sim.state.secrets.find((x) => x.name === customer.pppoe_username);
      if (secret) secret.profile = customer.plan_profile;
    }
  });

  it('staff isolate and restore by hand with a reason (audited)', async () => {
    await admin`UPDATE tenant_customers SET isolir_pending = false WHERE id = ${customer.id}`;
    expect(await outcome(h.call(billing).isolir.act({ customer_id: customer.id, action: 'restore', reason: 'tidak perlu' }))).toBe('CONFLICT');
    const event = await h.call(billing).isolir.act({ customer_id: customer.id, action: 'isolate', reason: 'permintaan pelanggan: cuti' });
    expect(event).toMatchObject({ action: 'isolate', trigger: 'manual', status: 'pending' });
    await runQueued();
    expect((await api().customers.customers.get({ id: customer.id })).status).toBe('isolated');
    await h.call(billing).isolir.act({ customer_id: customer.id, action: 'restore', reason: 'kembali aktif' });
    await runQueued();
    expect((await api().customers.customers.get({ id: customer.id })).status).toBe('active');
    const [audit] = await admin`SELECT count(*)::int AS n FROM sys_audit_logs WHERE action LIKE 'isolir.%_requested'`;
    expect(audit!.n).toBe(2);
  });

  it("an ISP without WhatsApp notifications: isolated and restored on the router, no notice written; with them, the notice is written", async () => {
    const notices = async () =>
      (await admin<{ n: number }[]>`SELECT count(*)::int AS n FROM tenant_wa_messages WHERE customer_id = ${customer.id} AND template_code IN ('isolir_notice', 'restore_notice')`)[0]!.n;
    const secret = () => routerA.sim.state.secrets.find((x) => x.name === customer.pppoe_username)!;
    await admin`UPDATE tenant_customers SET status = 'active', isolir_pending = false WHERE id = ${customer.id}`;
    const before = await notices();
    await admin`INSERT INTO saas_feature_overrides (tenant_id, feature, enabled, reason) VALUES (${h.tenantA}, 'notifications', false, 'test: no WhatsApp')`;
    try {
      await h.call(billing).isolir.act({ customer_id: customer.id, action: 'isolate', reason: 'tanpa notifikasi' });
      expect(await runQueued()).toEqual(['billing_isolir']);
      expect(secret().profile).toBe('isolir');
      expect((await api().customers.customers.get({ id: customer.id })).status).toBe('isolated');
      expect(await notices()).toBe(before);
    } finally {
      await admin`DELETE FROM saas_feature_overrides WHERE tenant_id = ${h.tenantA} AND feature = 'notifications'`;
    }
    // the feature back (read in the job's own transaction, no cache in between): the restore's notice is written
    await h.call(billing).isolir.act({ customer_id: customer.id, action: 'restore', reason: 'dengan notifikasi' });
    expect(await runQueued()).toEqual(['billing_isolir']);
    expect(secret().profile).toBe(customer.plan_profile);
    expect((await api().customers.customers.get({ id: customer.id })).status).toBe('active');
    expect(await notices()).toBe(before + 1);
  });

  it('the worker sweeps in batches: each committed on its own, every overdue customer requested exactly once, oldest debt first, the rest marked overdue at the end', async () => {
    const others = await admin<{ id: string }[]>`
      SELECT id FROM tenant_customers WHERE tenant_id = ${h.tenantA} AND router_id = ${routerA.id} AND status = 'active' AND NOT isolir_pending AND id <> ${customer.id}
      ORDER BY code LIMIT 6`;
    expect(others).toHaveLength(6);
    // the sixth is past due but within grace: marked overdue by the last batch, not isolated
    const withinGrace = others.pop()!;
    const recentInvoice = await openInvoice(withinGrace.id, 150_000, '2026-11-25');
    // due dates 1–5 November: the oldest debt is requested in the first batch
    const dues = others.map((c, i) => ({ id: c.id, due: `2026-11-0${5 - i}` }));
    for (const d of dues) await openInvoice(d.id, 150_000, d.due);
    const at = new Date('2026-11-26T06:00:00Z');
    const ids = others.map((c) => c.id);
    const committed: string[][] = [];
    const result = await sweepTenantsInBatches(h.services.sql, [{ id: h.tenantA, timezone: 'Asia/Jakarta' }], {
      now: at,
      batchSize: 2,
      // after each batch's commit: who has an event now, seen from another connection
      afterBatch: async () => {
        const rows = await admin<{ customer_id: string }[]>`
          SELECT customer_id FROM tenant_isolation_events WHERE customer_id = ANY(${ids}::uuid[]) AND trigger = 'auto' AND status = 'pending'`;
        committed.push(rows.map((r) => r.customer_id));
      },
    });
    expect(result).toMatchObject({ tenants: 1, requested: 5, batches: 3 });
    expect(committed.map((c) => c.length)).toEqual([2, 4, 5]);
    expect(new Set(committed[0])).toEqual(new Set([dues[4]!.id, dues[3]!.id]));
    // one job per batch for their router (all on router A), each naming its batch's customers in order
    const jobs = await admin<{ router_id: string; customers: string[] }[]>`
      SELECT j.payload->'data'->>'router_id' AS router_id, ARRAY(SELECT it->>'customer_id' FROM json_array_elements(j.payload->'data'->'items') it) AS customers
      FROM graphile_worker._private_jobs j JOIN graphile_worker._private_tasks t ON t.id = j.task_id
      WHERE t.identifier = 'billing_isolir_batch' AND j.payload::text LIKE ANY(${ids.map((id) => `%${id}%`)}::text[]) ORDER BY j.id`;
    expect(jobs.map((j) => j.router_id)).toEqual([routerA.id, routerA.id, routerA.id]);
    expect(jobs.map((j) => j.customers.length)).toEqual([2, 2, 1]);
    expect(new Set(jobs[0]!.customers)).toEqual(new Set(committed[0]));
    expect(jobs.flatMap((j) => j.customers).sort()).toEqual([...ids].sort());
    expect(result.overdue).toBe(6);
    const [recent] = await admin<{ status: string }[]>`SELECT status FROM tenant_invoices WHERE id = ${recentInvoice}`;
    expect(recent!.status).toBe('overdue');
    expect((await admin`SELECT 1 FROM tenant_isolation_events WHERE customer_id = ${withinGrace.id} AND trigger = 'auto'`).length).toBe(0);
    // nothing left: a further sweep requests no one again
    expect((await sweepTenantsInBatches(h.services.sql, [{ id: h.tenantA, timezone: 'Asia/Jakarta' }], { now: at, batchSize: 2 })).requested).toBe(0);
    await runQueued();
    const statuses = await admin<{ status: string }[]>`SELECT status FROM tenant_customers WHERE id = ANY(${ids}::uuid[])`;
    expect(statuses.map((r) => r.status)).toEqual(['isolated', 'isolated', 'isolated', 'isolated', 'isolated']);
  });

  /** `n` active customers of router A, each with an invoice overdue beyond grace, swept: their events and the batch job's items */
  async function sweptOnRouterA(n: number, at: string) {
    const picked = await admin<{ id: string; pppoe_username: string }[]>`
      SELECT id, pppoe_username FROM tenant_customers
      WHERE tenant_id = ${h.tenantA} AND router_id = ${routerA.id} AND status = 'active' AND NOT isolir_pending AND id <> ${customer.id}
      ORDER BY code LIMIT ${n}`;
    expect(picked).toHaveLength(n);
    const invoices = [];
    for (const c of picked) invoices.push(await openInvoice(c.id, 150_000, '2026-11-02'));
    const swept = await inTenant((tx) => sweepTenant(tx, h.tenantA, 'Asia/Jakarta', new Date(at)));
    expect(swept.requested).toBe(n);
    const [job] = await admin<{ id: string; items: { customer_id: string; event_id: string; action: 'isolate' }[] }[]>`
      SELECT j.id, j.payload->'data'->'items' AS items FROM graphile_worker._private_jobs j JOIN graphile_worker._private_tasks t ON t.id = j.task_id
      WHERE t.identifier = 'billing_isolir_batch' ORDER BY j.id DESC LIMIT 1`;
    expect(job!.items.map((i) => i.customer_id).sort()).toEqual(picked.map((c) => c.id).sort());
    await admin`DELETE FROM graphile_worker._private_jobs WHERE id = ${job!.id}`; // run by hand below, attempt by attempt
    const state = async () =>
      admin<{ customer_id: string; status: string; isolir_pending: boolean; event: string; error: string | null }[]>`
        SELECT c.id AS customer_id, c.status, c.isolir_pending, e.status AS event, e.error
        FROM tenant_customers c JOIN tenant_isolation_events e ON e.customer_id = c.id AND e.id = ANY(${job!.items.map((i) => i.event_id)}::uuid[])
        WHERE c.id = ANY(${picked.map((c) => c.id)}::uuid[])`;
    return { items: job!.items, invoices, state, picked };
  }
  const settleAll = (invoices: string[]) => admin`UPDATE tenant_invoices SET status = 'void', void_reason = 'test' WHERE id = ANY(${invoices}::uuid[])`;

  it("a sweep's batch on one router: a change the router refuses does not stop the rest; the retry does only what is left", async () => {
    const { items, invoices, state, picked } = await sweptOnRouterA(3, '2026-11-26T07:00:00Z');
    try {
      // the router refuses exactly one request (401): the first customer's change
      routerA.sim.configure({ failure: { mode: 'auth', remaining: 1 } });
      const run = (lastAttempt: boolean) => executeIsolirBatch(inTenant, h.services.network, h.tenantA, items, { lastAttempt });
      await expect(run(false)).rejects.toThrow();
      const after = await state();
      const first = after.find((r) => r.customer_id === items[0]!.customer_id)!;
      expect(first).toMatchObject({ status: 'active', isolir_pending: true, event: 'pending' });
      expect(first.error).toBeTruthy();
      expect(after.filter((r) => r.customer_id !== items[0]!.customer_id).map((r) => [r.status, r.isolir_pending, r.event])).toEqual([
        ['isolated', false, 'applied'],
        ['isolated', false, 'applied'],
      ]);
      // the retry: the two already recorded are skipped, the first is done now
      expect(await run(false)).toEqual({ applied: 1, skipped: 2, failed: 0 });
      expect((await state()).map((r) => [r.status, r.event])).toEqual([
        ['isolated', 'applied'],
        ['isolated', 'applied'],
        ['isolated', 'applied'],
      ]);
      for (const c of picked) expect(routerA.sim.state.secrets.find((x) => x.name === c.pppoe_username)).toMatchObject({ profile: 'isolir' });
    } finally {
      routerA.sim.configure({ failure: null });
      await settleAll(invoices);
    }
  });

  it("a sweep's batch on a router that cannot be reached: on the last attempt every event left fails, the one tried and the ones after it — none isolated", async () => {
    const { items, invoices, state } = await sweptOnRouterA(2, '2026-11-26T08:00:00Z');
    await routerA.sim.stop();
    try {
      await expect(executeIsolirBatch(inTenant, h.services.network, h.tenantA, items, { lastAttempt: true })).rejects.toThrow(/unreachable|ECONNREFUSED|circuit/i);
      const after = await state();
      expect(after.map((r) => [r.status, r.isolir_pending, r.event])).toEqual([
        ['active', false, 'failed'],
        ['active', false, 'failed'],
      ]);
      for (const r of after) expect(r.error).toMatch(/unreachable|ECONNREFUSED|circuit/i);
    } finally {
      await routerA.sim.start();
      await settleAll(invoices);
    }
  });
});

describe('dashboard', () => {
  it('summarises revenue, collection, overdue and isolation', async () => {
    const s = await api().billing.summary();
    expect(s.month).toMatch(/^\d{4}-\d{2}$/);
    expect(s.revenue).toBeGreaterThan(0);
    expect(s.collection_rate).toBeGreaterThanOrEqual(0);
    expect(s.collection_rate).toBeLessThanOrEqual(1);
    expect(s.revenue_by_day.length).toBeGreaterThan(0);
    const arrears = await api().billing.arrears();
    expect(Array.isArray(arrears)).toBe(true);
  });
});
