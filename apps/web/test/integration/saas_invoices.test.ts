/**
 * SaaS invoices over HTTP (issue #17): the platform's monthly run (platform timezone,
 * idempotent, numbered, plan / proration / tax lines), the ISP's own list at the spec's
 * GET /api/v1/billing/saas-invoices, the platform's list across ISPs and a payment recorded
 * by platform staff. Every answer is checked against the OpenAPI document. The billed months
 * are fixed moments years after the seed, so nothing depends on today's date.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataOf, startRestHarness } from './rest_harness';
import type { Json, RestHarness } from './rest_harness';

let h: RestHarness;
let platform: string;
let ownerA: string;
let tenantA: string;
let tenantB: string;

type Invoice = Json & { id: string; tenant_id: string; number: string; total: number; subtotal: number; tax: number; status: string; lines: Json[]; period_start: string; due_date: string };

beforeAll(async () => {
  h = await startRestHarness({ rateLimitScale: 100 });
  platform = await h.login('admin@rrnet.demo');
  ownerA = await h.login('owner@sinarnet.demo');
  const tenants = await h.admin<{ id: string; slug: string }[]>`SELECT id, slug FROM saas_tenants ORDER BY slug`;
  tenantA = tenants.find((t) => t.slug === 'sinar-net')!.id;
  tenantB = tenants.find((t) => t.slug !== 'sinar-net')!.id;
});
afterAll(async () => h?.close());

/** the envelope's `data` */
const data = dataOf;
const run = async (at: string) => data<Json>(await h.call('POST', '/platform/saas-billing-runs', { token: platform, body: { at } }));
const platformList = async (query: string) => data<Invoice[]>(await h.call('GET', `/platform/saas-invoices?${query}`, { token: platform }));

describe('the monthly SaaS billing run', () => {
  it('bills each active subscription once for the month, numbered, with plan and tax lines; a second run adds nothing', async () => {
    const subs = await h.admin<{ n: number }[]>`SELECT count(*)::int AS n FROM saas_subscriptions WHERE status IN ('active', 'past_due')`;
    const first = await run('2031-03-10T03:00:00+07:00');
    expect(first).toMatchObject({ month: '2031-03', period_start: '2031-03-01', period_end: '2031-03-31', created: subs[0]!.n });
    const before = await platformList('period=2031-03');
    expect(before).toHaveLength(subs[0]!.n);
    expect(before.map((i) => i.number).sort()).toEqual(Array.from({ length: subs[0]!.n }, (_, i) => `RRN-203103-${String(i + 1).padStart(5, '0')}`));

    const again = await run('2031-03-25T10:00:00+07:00');
    expect(again).toMatchObject({ month: '2031-03', created: 0, total: 0 });
    expect(await platformList('period=2031-03')).toEqual(before);

    const plans = await h.admin<{ tenant_id: string; price_monthly: string; code: string }[]>`
      SELECT s.tenant_id, p.price_monthly, p.code FROM saas_subscriptions s JOIN saas_plans p ON p.id = s.plan_id WHERE s.status = 'active'`;
    for (const inv of before) {
      const price = Number(plans.find((p) => p.tenant_id === inv.tenant_id)!.price_monthly);
      expect(inv).toMatchObject({ status: 'open', subtotal: price, tax: Math.round(price * 0.11), total: price + Math.round(price * 0.11), due_date: '2031-03-24' });
      expect(inv.lines.map((l) => l.kind)).toEqual(['plan', 'tax']);
      expect(inv.lines[0]).toMatchObject({ from: '2031-03-01', to: '2031-03-31', days: 31, period_days: 31, amount: price });
    }
  });

  it('decides the month in the platform’s timezone (Asia/Jakarta), not UTC', async () => {
    // 17:30 UTC on 30 April is 00:30 on 1 May in Jakarta
    expect(await run('2031-04-30T17:30:00Z')).toMatchObject({ month: '2031-05', period_start: '2031-05-01', period_end: '2031-05-31' });
  });

  it('bills an upgrade’s difference for the rest of its month on the next invoice, and a mid-month start from its first day', async () => {
    const [sub] = await h.admin<{ id: string; plan_id: string; price_monthly: string }[]>`
      SELECT s.id, s.plan_id, p.price_monthly FROM saas_subscriptions s JOIN saas_plans p ON p.id = s.plan_id WHERE s.tenant_id = ${tenantA} AND s.status = 'active'`;
    const [pro] = await h.admin<{ id: string; price_monthly: string }[]>`SELECT id, price_monthly FROM saas_plans WHERE price_monthly > ${sub!.price_monthly} ORDER BY price_monthly DESC LIMIT 1`;
    const oldPrice = Number(sub!.price_monthly);
    const newPrice = Number(pro!.price_monthly);
    await h.admin`
      INSERT INTO saas_subscription_changes (tenant_id, subscription_id, old_plan_id, new_plan_id, old_price, new_price, kind, status, effective_on)
      VALUES (${tenantA}, ${sub!.id}, ${sub!.plan_id}, ${pro!.id}, ${oldPrice}, ${newPrice}, 'upgrade', 'applied', '2031-05-21')`;
    await h.admin`UPDATE saas_subscriptions SET plan_id = ${pro!.id} WHERE tenant_id = ${tenantA} AND id = ${sub!.id}`;
    // B's subscription is replaced by one that starts on 15 June
    await h.admin`UPDATE saas_subscriptions SET status = 'canceled', canceled_at = '2031-06-01' WHERE tenant_id = ${tenantB}`;
    const [growth] = await h.admin<{ id: string; price_monthly: string }[]>`SELECT id, price_monthly FROM saas_plans WHERE code = 'growth'`;
    await h.admin`
      INSERT INTO saas_subscriptions (tenant_id, plan_id, status, current_period_start, current_period_end, created_at)
      VALUES (${tenantB}, ${growth!.id}, 'active', '2031-06-15', '2031-06-30', '2031-06-15T09:00:00+07:00')`;

    expect(await run('2031-06-20T08:00:00+07:00')).toMatchObject({ month: '2031-06', created: 2 });
    const june = await platformList('period=2031-06');
    const a = june.find((i) => i.tenant_id === tenantA)!;
    const proration = Math.round(((newPrice - oldPrice) * 11) / 31);
    expect(a.lines.map((l) => l.kind)).toEqual(['plan', 'proration', 'tax']);
    expect(a.lines[0]).toMatchObject({ amount: newPrice, days: 30 });
    expect(a.lines[1]).toMatchObject({ from: '2031-05-21', to: '2031-05-31', days: 11, period_days: 31, amount: proration });
    expect(a).toMatchObject({ subtotal: newPrice + proration, tax: Math.round((newPrice + proration) * 0.11), due_date: '2031-07-04' });
    const b = june.find((i) => i.tenant_id === tenantB)!;
    expect(b.lines[0]).toMatchObject({ from: '2031-06-15', to: '2031-06-30', days: 16, period_days: 30, amount: Math.round((Number(growth!.price_monthly) * 16) / 30) });

    // the upgrade is billed once: July's invoice has no proration line
    await run('2031-07-01T00:05:00+07:00');
    const july = await platformList(`period=2031-07&tenant_id=${tenantA}`);
    expect(july).toHaveLength(1);
    expect(july[0]!.lines.map((l) => l.kind)).toEqual(['plan', 'tax']);
    const [change] = await h.admin<{ invoice_id: string }[]>`SELECT invoice_id FROM saas_subscription_changes WHERE tenant_id = ${tenantA}`;
    expect(change!.invoice_id).toBe(a.id);
  });
});

describe('who sees which SaaS invoices', () => {
  it('GET /billing/saas-invoices gives the ISP its own, to its owner and admin only', async () => {
    const own = await h.call('GET', '/billing/saas-invoices?limit=100', { token: ownerA });
    expect(own.status).toBe(200);
    const list = data<Invoice[]>(own);
    expect(list.length).toBeGreaterThan(3);
    expect(new Set(list.map((i) => i.tenant_id))).toEqual(new Set([tenantA]));
    expect(list.map((i) => i.period_start)).toEqual([...list.map((i) => i.period_start)].sort().reverse());
    const open = await h.call('GET', '/billing/saas-invoices?status=paid', { token: ownerA });
    expect(data<Invoice[]>(open).every((i) => i.status === 'paid')).toBe(true);

    const billing = await h.login('billing@sinarnet.demo');
    expect((await h.call('GET', '/billing/saas-invoices', { token: billing })).status).toBe(403);
    expect((await h.call('GET', '/billing/saas-invoices')).status).toBe(401);
  });

  it('the platform list and run are for platform admins only', async () => {
    expect((await h.call('GET', '/platform/saas-invoices', { token: ownerA })).status).toBe(403);
    expect((await h.call('POST', '/platform/saas-billing-runs', { token: ownerA, body: {} })).status).toBe(403);
    const all = await platformList('limit=200');
    expect(new Set(all.map((i) => i.tenant_id))).toEqual(new Set([tenantA, tenantB]));
    expect((await platformList(`status=paid&tenant_id=${tenantB}`)).every((i) => i.status === 'paid' && i.tenant_id === tenantB)).toBe(true);
  });
});

describe('recording a payment', () => {
  it('marks an open invoice paid once, audited; a paid or unknown invoice is refused', async () => {
    const [open] = await platformList(`status=open&tenant_id=${tenantA}&period=2031-03`);
    const paid = await h.call('POST', `/platform/saas-invoices/${open!.id}/payments`, { token: platform, body: { method: 'bank_transfer', reference: 'BCA-7781', paid_at: '2031-03-12T10:00:00+07:00' } });
    expect(paid.status).toBe(200);
    expect(data<Invoice>(paid)).toMatchObject({ status: 'paid', payment_method: 'bank_transfer', payment_reference: 'BCA-7781', paid_at: '2031-03-12T03:00:00.000Z' });
    const twice = await h.call('POST', `/platform/saas-invoices/${open!.id}/payments`, { token: platform, body: { method: 'cash', reference: 'again' } });
    expect(twice.status).toBe(409);
    const unknown = await h.call('POST', '/platform/saas-invoices/00000000-0000-4000-8000-000000000000/payments', { token: platform, body: { method: 'cash', reference: 'x' } });
    expect(unknown.status).toBe(404);
    expect((await h.call('POST', `/platform/saas-invoices/${open!.id}/payments`, { token: ownerA, body: { method: 'cash', reference: 'x' } })).status).toBe(403);

    const audit = await h.admin<{ action: string; tenant_id: string; actor_user_id: string | null }[]>`
      SELECT action, tenant_id, actor_user_id FROM sys_audit_logs WHERE category = 'admin' AND action LIKE 'saas.%' ORDER BY id`;
    expect(audit.filter((r) => r.action === 'saas.invoice.paid')).toEqual([{ action: 'saas.invoice.paid', tenant_id: tenantA, actor_user_id: expect.any(String) }]);
    expect(audit.filter((r) => r.action === 'saas.billing_run').length).toBeGreaterThanOrEqual(4);

    const mine = data<Invoice[]>(await h.call('GET', '/billing/saas-invoices?status=paid&limit=100', { token: ownerA }));
    expect(mine.map((i) => i.id)).toContain(open!.id);
  });
});
