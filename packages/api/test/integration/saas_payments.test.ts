/**
 * ISPs paying SaaS invoices through the platform's own Midtrans account (issue #17), through
 * the chain and against the Midtrans simulator: the owner's Snap link (Basic auth with the
 * platform's server key, the invoice's total, back to the subscription page), the platform's
 * notification URL — a valid settlement pays the invoice once (method midtrans, audited), the
 * same notification again changes nothing, a forged signature is 403 and kept, an amount that
 * is not the total is recorded and not applied, a second payment of a paid invoice is not
 * applied — and paying restores a past-due ISP at once. The owner ending a trial gets this
 * month's invoice at once, and the month is never billed twice. Moments are fixed relative to
 * the invoices' own due dates.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { midtransSignature } from '@rrnet/core/billing/midtrans';
import { addDays } from '@rrnet/core/billing/cycle_rules';
import { runSaasDunning } from '@rrnet/core/saas/saas_dunning';
import { runSaasBilling, startPaidSubscription } from '@rrnet/core/saas/saas_invoices';
import { createMidtransSimulator } from '@rrnet/payments/midtrans_simulator';
import type { MidtransSimulator } from '@rrnet/payments/midtrans_simulator';
import { outcome, startHarness } from './api_harness';
import type { Harness } from './api_harness';

const KEY = 'SB-Mid-server-platform-integration';
let h: Harness;
let sim: MidtransSimulator;
let ownerA: string;
let ownerB: string;
let billingA: string;
let invoiceA: { id: string; number: string; total: number };
let invoiceB: { id: string; number: string; total: number; due: string };

beforeAll(async () => {
  h = await startHarness();
  // the platform's account on the simulator; notifications are posted by the test through the chain
  sim = await createMidtransSimulator({ accounts: [{ server_key: KEY, notification_url: null, merchant_name: 'RRNet' }] });
  h.services.platformMidtrans = { serverKey: KEY, snapBaseUrl: sim.url };
  h.services.publicUrl = 'https://rrnet.test';
  ownerA = (await h.login('owner@sinarnet.demo')).access_token;
  ownerB = (await h.login('owner@parahyangan.demo')).access_token;
  billingA = (await h.login('billing@sinarnet.demo')).access_token;
  const open = async (tenant: string) =>
    (await h.system<{ id: string; number: string; total: string; due: string }[]>`
      SELECT id, number, amount AS total, due_date::text AS due FROM saas_invoices WHERE tenant_id = ${tenant} AND status = 'open'`)[0]!;
  const a = await open(h.tenantA);
  invoiceA = { ...a, total: Number(a.total) };
  const b = await open(h.tenantB);
  invoiceB = { ...b, total: Number(b.total) };
});
afterAll(async () => {
  await sim.close();
  await h.close();
});

const webhook = (body: unknown) => h.call(null, { ip: '203.0.113.9' }).saas.webhooks.midtrans(body as never);
const notificationRow = async (id: string) =>
  (await h.system<{ status: string; reason: string | null; signature_valid: boolean; tenant_id: string | null; invoice_id: string | null }[]>`
    SELECT status, reason, signature_valid, tenant_id, invoice_id FROM saas_gateway_notifications WHERE id = ${id}`)[0]!;
const invoiceRow = async (id: string) =>
  (await h.system<{ status: string; payment_method: string | null; payment_reference: string | null; paid_at: string | null }[]>`
    SELECT status, payment_method, payment_reference, paid_at::text FROM saas_invoices WHERE id = ${id}`)[0]!;

/** The owner's Snap link, paid on the simulator: the signed settlement Midtrans would send. */
async function payOnline(token: string, invoiceId: string): Promise<Record<string, string>> {
  const link = await h.call(token).billing.saasInvoices.paymentLink({ id: invoiceId });
  await sim.pay(link.order_id, 'qris');
  return sim.notificationOf(link.order_id);
}

describe('paying a SaaS invoice through the platform Midtrans account', () => {
  it('gives the owner a Snap link for the total on the platform account; billing staff may not', async () => {
    const link = await h.call(ownerA).billing.saasInvoices.paymentLink({ id: invoiceA.id });
    expect(link).toMatchObject({ gateway: 'midtrans', amount: invoiceA.total });
    expect(link.order_id.startsWith(`${invoiceA.number}.`)).toBe(true);
    expect(link.redirect_url).toBe(`${sim.url}/snap/v4/redirection/${link.token}`);
    const request = sim.requests.at(-1)!;
    expect(request.authorization).toBe(`Basic ${Buffer.from(`${KEY}:`).toString('base64')}`);
    expect(request.body).toMatchObject({
      transaction_details: { order_id: link.order_id, gross_amount: invoiceA.total },
      callbacks: { finish: `https://rrnet.test/billing/subscription?invoice=${invoiceA.id}` },
    });
    expect(await outcome(h.call(billingA).billing.saasInvoices.paymentLink({ id: invoiceA.id }))).toBe('FORBIDDEN');
    // another ISP's invoice is not visible to this owner
    expect(await outcome(h.call(ownerA).billing.saasInvoices.paymentLink({ id: invoiceB.id }))).toBe('NOT_FOUND');
  });

  it('without a platform account there is no online payment (409)', async () => {
    h.services.platformMidtrans = null;
    try {
      expect(await outcome(h.call(ownerA).billing.saasInvoices.paymentLink({ id: invoiceA.id }))).toBe('CONFLICT');
    } finally {
      h.services.platformMidtrans = { serverKey: KEY, snapBaseUrl: sim.url };
    }
  });

  it('a valid settlement pays the invoice once, as midtrans, audited', async () => {
    const body = await payOnline(ownerA, invoiceA.id);
    const res = await webhook(body);
    expect(res).toMatchObject({ status: 'accepted', processed: { applied: 1, ignored: 0, rejected: 0 } });
    expect(await notificationRow(res.notification_id)).toMatchObject({ status: 'applied', signature_valid: true, tenant_id: h.tenantA, invoice_id: invoiceA.id });
    const paid = await invoiceRow(invoiceA.id);
    expect(paid).toMatchObject({ status: 'paid', payment_method: 'midtrans', payment_reference: body.transaction_id });
    const audit = await h.system<{ new_values: { method: string; reference: string } }[]>`
      SELECT new_values FROM sys_audit_logs WHERE tenant_id = ${h.tenantA} AND action = 'saas.invoice.paid' ORDER BY id DESC LIMIT 1`;
    expect(audit[0]!.new_values).toMatchObject({ method: 'midtrans', reference: body.transaction_id });
    const list = await h.call(ownerA).billing.saasInvoices.list({ limit: 5 });
    expect(list.find((i) => i.id === invoiceA.id)).toMatchObject({ status: 'paid', payment_method: 'midtrans' });

    // Midtrans retries the same notification: recorded, ignored, nothing paid twice
    const again = await webhook(body);
    expect(again.processed).toEqual({ applied: 0, ignored: 1, rejected: 0 });
    expect(await notificationRow(again.notification_id)).toMatchObject({ status: 'ignored', reason: 'duplicate: this transaction is already applied' });
    expect((await invoiceRow(invoiceA.id)).paid_at).toBe(paid.paid_at);
  });

  it('a second payment of a paid invoice is recorded, not applied', async () => {
    const orderId = `${invoiceA.number}.second`;
    const base = { order_id: orderId, status_code: '200', gross_amount: `${invoiceA.total}.00` };
    const res = await webhook({ ...base, transaction_id: 'second-txn', transaction_status: 'settlement', fraud_status: 'accept', currency: 'IDR', signature_key: midtransSignature(base, KEY) });
    expect(res.processed).toEqual({ applied: 0, ignored: 0, rejected: 1 });
    expect((await notificationRow(res.notification_id)).reason).toMatch(/is paid: money received for nothing owed/);
  });

  it('refuses a forged signature with FORBIDDEN and keeps the evidence', async () => {
    const base = { order_id: `${invoiceB.number}.forged`, status_code: '200', gross_amount: `${invoiceB.total}.00` };
    const forged = { ...base, transaction_id: 'forged-txn', transaction_status: 'settlement', signature_key: midtransSignature(base, 'SB-Mid-server-not-ours') };
    let error: unknown;
    try {
      await webhook(forged);
    } catch (err) {
      error = err;
    }
    const cause = (error as { cause?: { code?: string; details?: { notification_id?: string } } }).cause;
    expect(cause?.code).toBe('FORBIDDEN');
    expect(await notificationRow(cause!.details!.notification_id!)).toMatchObject({ status: 'rejected', reason: 'bad signature', signature_valid: false, tenant_id: h.tenantB });
    expect((await invoiceRow(invoiceB.id)).status).toBe('open');
    // not a notification at all: 400, recorded too
    expect(await outcome(webhook({ hello: 'world' }))).toBe('VALIDATION_FAILED');
    const [kept] = await h.system<{ n: number }[]>`SELECT count(*)::int AS n FROM saas_gateway_notifications WHERE reason = 'not a Midtrans notification'`;
    expect(kept!.n).toBe(1);
    // what PostgreSQL cannot store (NUL, an unpaired surrogate) is refused like any forgery and kept, U+FFFD in its place — never a 500
    const odd = { ...base, transaction_id: 'odd-\uDFFF-txn', transaction_status: 'settle\u0000ment', ['k\uD800']: 'v', signature_key: 'x' };
    let oddError: unknown;
    try {
      await webhook(odd);
    } catch (err) {
      oddError = err;
    }
    const oddCause = (oddError as { cause?: { code?: string; details?: { notification_id?: string } } }).cause;
    expect(oddCause?.code).toBe('FORBIDDEN');
    expect(await notificationRow(oddCause!.details!.notification_id!)).toMatchObject({ status: 'rejected', signature_valid: false });
    const [stored] = await h.system<{ transaction_id: string; payload: Record<string, unknown> }[]>`SELECT transaction_id, payload FROM saas_gateway_notifications WHERE id = ${oddCause!.details!.notification_id!}`;
    expect(stored!.transaction_id).toBe('odd-\uFFFD-txn');
    expect(stored!.payload).toMatchObject({ transaction_status: 'settle\uFFFDment', ['k\uFFFD']: 'v' });
  });

  it('records an amount that is not the total without applying it', async () => {
    const base = { order_id: `${invoiceB.number}.short`, status_code: '200', gross_amount: `${invoiceB.total - 1000}.00` };
    const res = await webhook({ ...base, transaction_id: 'short-txn', transaction_status: 'settlement', currency: 'IDR', signature_key: midtransSignature(base, KEY) });
    expect(res.processed).toEqual({ applied: 0, ignored: 0, rejected: 1 });
    expect((await notificationRow(res.notification_id)).reason).toBe(`amount ${invoiceB.total - 1000}.00 does not match the ${invoiceB.total} owed on ${invoiceB.number}`);
    expect((await invoiceRow(invoiceB.id)).status).toBe('open');
    // a pending notification changes nothing either
    const pending = { order_id: `${invoiceB.number}.wait`, status_code: '201', gross_amount: `${invoiceB.total}.00` };
    const waiting = await webhook({ ...pending, transaction_id: 'wait-txn', transaction_status: 'pending', signature_key: midtransSignature(pending, KEY) });
    expect(waiting.processed).toEqual({ applied: 0, ignored: 1, rejected: 0 });
  });

  it('paying online restores a past-due ISP at once', async () => {
    const at = new Date(`${addDays(invoiceB.due, 8)}T10:00:00+07:00`);
    expect(await runSaasDunning(h.services.systemSql, h.services.redis, at)).toMatchObject({ past_due: 1 });
    const state = async () =>
      (await h.system<{ sub: string }[]>`SELECT status AS sub FROM saas_subscriptions WHERE tenant_id = ${h.tenantB} AND status IN ('active', 'past_due')`)[0]!.sub;
    expect(await state()).toBe('past_due');
    const res = await webhook(await payOnline(ownerB, invoiceB.id));
    expect(res.processed.applied).toBe(1);
    expect(await state()).toBe('active');
    const audit = await h.system<{ action: string }[]>`SELECT action FROM sys_audit_logs WHERE tenant_id = ${h.tenantB} AND action LIKE 'saas.%' ORDER BY id`;
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['saas.dunning.past_due', 'saas.invoice.paid', 'saas.dunning.current']));
  });

  it('while suspended for unpaid invoices the owner can still get a payment link', async () => {
    // suspend tenant A for dunning by hand, with an open invoice to pay
    const [inv] = await h.system<{ id: string }[]>`
      INSERT INTO saas_invoices (tenant_id, number, subscription_id, period_start, period_end, subtotal, tax, amount, status, due_date)
      SELECT tenant_id, 'RRN-203001-00001', id, '2030-01-01', '2030-01-31', 100000, 11000, 111000, 'open', '2030-01-15'
      FROM saas_subscriptions WHERE tenant_id = ${h.tenantA} AND status = 'active' RETURNING id`;
    await h.system`UPDATE saas_tenants SET status = 'suspended', suspension_reason = 'dunning', suspended_at = now() WHERE id = ${h.tenantA}`;
    const { invalidateEntitlements } = await import('@rrnet/core/saas/entitlements');
    await invalidateEntitlements(h.services.redis, h.tenantA);
    expect(await outcome(h.call(ownerA).billing.saasInvoices.paymentLink({ id: inv!.id }))).toBe('OK');
    const plans = await h.call(ownerA).customers.plans.list();
    expect(await outcome(h.call(ownerA).customers.customers.create({ name: 'Suspended', phone: '081299990001', plan_id: plans[0]!.id }))).toBe('FORBIDDEN');
    await h.system`UPDATE saas_tenants SET status = 'active', suspension_reason = NULL, suspended_at = NULL WHERE id = ${h.tenantA}`;
    await h.system`UPDATE saas_invoices SET status = 'void' WHERE id = ${inv!.id}`;
    await invalidateEntitlements(h.services.redis, h.tenantA);
  });
});

describe('ending a trial to start paying', () => {
  const now = new Date('2031-05-20T10:00:00+07:00');

  it('issues this month from today at once; the billing run does not bill the month again', async () => {
    await h.system`UPDATE saas_subscriptions SET status = 'trialing', current_period_start = '2031-05-10', current_period_end = '2031-05-24' WHERE tenant_id = ${h.tenantB} AND status = 'active'`;
    const started = await startPaidSubscription(h.services.systemSql, h.services.redis, h.tenantB, { userId: null, requestId: null }, now);
    expect(started).toMatchObject({ subscription_status: 'active', paying_from: '2031-05-20' });
    expect(started.invoice).toMatchObject({ status: 'open', period_start: '2031-05-01', period_end: '2031-05-31', due_date: '2031-06-03' });
    expect(started.invoice.lines[0]).toMatchObject({ kind: 'plan', from: '2031-05-20', to: '2031-05-31', days: 12, period_days: 31 });
    expect(started.invoice.total).toBe(started.invoice.subtotal + started.invoice.tax);

    await runSaasBilling(h.services.systemSql, new Date('2031-05-25T10:00:00+07:00'));
    const [count] = await h.system<{ n: number }[]>`SELECT count(*)::int AS n FROM saas_invoices WHERE tenant_id = ${h.tenantB} AND period_start = '2031-05-01'`;
    expect(count!.n).toBe(1);
    await expect(startPaidSubscription(h.services.systemSql, h.services.redis, h.tenantB, { userId: null, requestId: null }, now)).rejects.toMatchObject({ code: 'CONFLICT' });
    const audit = await h.system<{ action: string }[]>`SELECT action FROM sys_audit_logs WHERE tenant_id = ${h.tenantB} AND action = 'saas.subscription.started'`;
    expect(audit).toHaveLength(1);
  });

  it('through the API: only the owner or an admin, only on trial', async () => {
    expect(await outcome(h.call(ownerB).billing.startSubscription({}))).toBe('CONFLICT');
    expect(await outcome(h.call(billingA).billing.startSubscription({}))).toBe('FORBIDDEN');
  });
});
