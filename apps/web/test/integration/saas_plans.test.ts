/**
 * Plans and subscriptions on the platform over HTTP (issue #17): plans created and edited,
 * the tenant list with usage against limits and MRR, an upgrade in effect at once and
 * prorated on the next invoice, a downgrade refused while usage exceeds the new limits
 * (each limit named) and otherwise scheduled for the 1st and applied by the billing run,
 * feature overrides with a reason taking effect on the ISP's next request, suspend and
 * reactivate. Every answer is checked against the OpenAPI document.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataOf, startRestHarness } from './rest_harness';
import type { Json, RestHarness } from './rest_harness';

let h: RestHarness;
let platform: string;
let ownerA: string;
let tenantA: string;

type Tenant = Json & { id: string; plan_code: string; mrr: number; usage: Record<string, number>; limits: Record<string, number>; scheduled_change: Json | null };
const data = dataOf;
const errorOf = (answer: { body: Json }) => answer.body as unknown as { error_code: string; message: string; details: Record<string, string> };

beforeAll(async () => {
  h = await startRestHarness({ rateLimitScale: 100 });
  platform = await h.login('admin@rrnet.demo');
  ownerA = await h.login('owner@sinarnet.demo');
  tenantA = (await h.admin<{ id: string }[]>`SELECT id FROM saas_tenants WHERE slug = 'sinar-net'`)[0]!.id;
});
afterAll(async () => h?.close());

const plans = async () => data<(Json & { id: string; code: string; price_monthly: number })[]>(await h.call('GET', '/platform/plans', { token: platform }));
const tenant = async (id: string) => data<Tenant & { features: string[]; changes: Json[] }>(await h.call('GET', `/platform/tenants/${id}`, { token: platform }));

describe('plans', () => {
  it('creates and edits a plan; a code in use is 409; owners are refused', async () => {
    const created = await h.call('POST', '/platform/plans', {
      token: platform,
      body: { code: 'mini', name: 'Mini', price_monthly: 50_000, max_routers: 1, max_customers: 10, max_users: 1, max_wa_messages_month: 50, features: ['customers', 'billing'] },
    });
    expect(created.status).toBe(200);
    expect(data(created)).toMatchObject({ code: 'mini', price_monthly: 50_000, is_active: true, subscribers: 0 });
    expect((await h.call('POST', '/platform/plans', { token: platform, body: { code: 'mini', name: 'Again', price_monthly: 1, max_routers: 1, max_customers: 1, max_users: 1, max_wa_messages_month: 1, features: [] } })).status).toBe(409);
    const id = data<{ id: string }>(created).id;
    const edited = await h.call('PATCH', `/platform/plans/${id}`, { token: platform, body: { price_monthly: 60_000, max_customers: 12 } });
    expect(data(edited)).toMatchObject({ name: 'Mini', price_monthly: 60_000, max_customers: 12 });
    expect((await h.call('GET', '/platform/plans', { token: ownerA })).status).toBe(403);
    expect((await plans()).map((p) => p.code)).toContain('mini');
  });
});

describe('the tenant list', () => {
  it('shows each ISP’s plan, usage against limits (counts only), MRR and open invoices', async () => {
    const list = data<Tenant[]>(await h.call('GET', '/platform/tenants', { token: platform }));
    expect(list).toHaveLength(2);
    const a = list.find((t) => t.id === tenantA)!;
    const [counts] = await h.admin<{ customers: number; routers: number; users: number; price: number }[]>`
      SELECT (SELECT count(*)::int FROM tenant_customers WHERE tenant_id = ${tenantA} AND status <> 'terminated') AS customers,
             (SELECT count(*)::int FROM tenant_routers WHERE tenant_id = ${tenantA}) AS routers,
             (SELECT count(*)::int FROM tenant_memberships WHERE tenant_id = ${tenantA} AND status = 'active') AS users,
             (SELECT p.price_monthly::int FROM saas_subscriptions s JOIN saas_plans p ON p.id = s.plan_id WHERE s.tenant_id = ${tenantA} AND s.status = 'active') AS price`;
    expect(a.usage).toMatchObject({ customers: counts!.customers, routers: counts!.routers, users: counts!.users });
    expect(a.mrr).toBe(counts!.price);
    expect(a.limits.customers).toBeGreaterThan(0);
    expect(a).toMatchObject({ status: 'active', subscription_status: 'active', open_invoices: 1 });
    expect(JSON.stringify(list)).not.toMatch(/pppoe|phone|address/i);
  });

  it('gives the ISP its own plan and usage at GET /billing/subscription', async () => {
    const mine = data<Json>(await h.call('GET', '/billing/subscription', { token: ownerA }));
    const seen = (await tenant(tenantA)) as Json;
    expect(mine).toMatchObject({ plan_code: seen.plan_code, usage: seen.usage, limits: seen.limits, subscription_status: 'active' });
    expect((await h.call('GET', '/billing/subscription', { token: await h.login('viewer@sinarnet.demo') })).status).toBe(403);
  });
});

describe('moving an ISP to another plan', () => {
  it('refuses a downgrade while usage exceeds the new plan, naming each limit', async () => {
    const mini = (await plans()).find((p) => p.code === 'mini')!;
    const refused = await h.call('POST', `/platform/tenants/${tenantA}/plan`, { token: platform, body: { plan_id: mini.id, reason: 'asked to pay less' } });
    expect(refused.status).toBe(409);
    const err = errorOf(refused);
    expect(err.details.customers).toMatch(/^Uses \d+; the plan allows 12$/);
    expect(err.details.routers).toMatch(/^Uses \d+; the plan allows 1$/);
    expect(err.message).toContain('Mini');
    expect((await tenant(tenantA)).scheduled_change).toBeNull();
  });

  it('upgrades at once (entitlements follow), prorated on the next invoice', async () => {
    const before = await tenant(tenantA);
    const all = await plans();
    const current = all.find((p) => p.code === before.plan_code)!;
    const dearer = all.filter((p) => p.price_monthly > current.price_monthly).sort((x, y) => y.price_monthly - x.price_monthly)[0]!;
    const up = await h.call('POST', `/platform/tenants/${tenantA}/plan`, { token: platform, body: { plan_id: dearer.id, reason: 'more routers' } });
    expect(up.status).toBe(200);
    const result = data<{ change: Json; tenant: Tenant }>(up);
    expect(result.change).toMatchObject({ kind: 'upgrade', status: 'applied', old_plan_code: current.code, new_plan_code: dearer.code });
    expect(result.tenant).toMatchObject({ plan_code: dearer.code, mrr: dearer.price_monthly, scheduled_change: null });
    // the chain reads the new plan on the ISP's next request (the cache was dropped)
    expect(data<Json>(await h.call('GET', '/billing/subscription', { token: ownerA }))).toMatchObject({ plan_code: dearer.code });
    const audit = await h.admin<{ action: string }[]>`SELECT action FROM sys_audit_logs WHERE tenant_id = ${tenantA} AND action LIKE 'saas.plan.%'`;
    expect(audit.map((r) => r.action)).toEqual(['saas.plan.upgrade']);
    const [change] = await h.admin<{ effective_on: string }[]>`SELECT effective_on::text FROM saas_subscription_changes WHERE tenant_id = ${tenantA} AND kind = 'upgrade'`;
    expect(change!.effective_on).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('schedules a downgrade that fits for the 1st; the billing run applies it and bills the new plan', async () => {
    const all = await plans();
    const before = await tenant(tenantA);
    const cheaper = all.find((p) => p.code === 'growth' && p.code !== before.plan_code) ?? all.find((p) => p.code !== before.plan_code && p.code !== 'mini')!;
    // make the ISP fit the cheaper plan whatever the seed holds: lift its limits for this test
    await h.admin`UPDATE saas_plans SET max_routers = 1000, max_customers = 100000, max_users = 100, max_wa_messages_month = 100000 WHERE id = ${cheaper.id}`;
    const down = await h.call('POST', `/platform/tenants/${tenantA}/plan`, { token: platform, body: { plan_id: cheaper.id } });
    expect(down.status).toBe(200);
    const result = data<{ change: Json & { effective_on: string }; tenant: Tenant }>(down);
    expect(result.change).toMatchObject({ kind: 'downgrade', status: 'scheduled', new_plan_code: cheaper.code });
    expect(result.change.effective_on).toMatch(/^\d{4}-\d{2}-01$/);
    expect(result.tenant.plan_code).toBe(before.plan_code); // not yet
    expect(result.tenant.scheduled_change).toMatchObject({ new_plan_code: cheaper.code });

    // the run of the month it is due in applies it before invoicing
    const run = await h.call('POST', '/platform/saas-billing-runs', { token: platform, body: { at: `${result.change.effective_on}T08:00:00+07:00` } });
    expect(data<Json>(run)).toMatchObject({ created: 2 });
    const after = await tenant(tenantA);
    expect(after).toMatchObject({ plan_code: cheaper.code, scheduled_change: null });
    const [inv] = data<(Json & { lines: Json[] })[]>(await h.call('GET', `/platform/saas-invoices?tenant_id=${tenantA}&period=${result.change.effective_on.slice(0, 7)}`, { token: platform }));
    expect(inv!.lines[0]).toMatchObject({ kind: 'plan', plan_code: cheaper.code });
    // the upgrade made before it is prorated on that invoice
    expect(inv!.lines.map((l) => l.kind)).toEqual(['plan', 'proration', 'tax']);
  });
});

describe('overrides and suspension', () => {
  it('a feature override with a reason takes effect on the ISP’s next request; null goes back to the plan', async () => {
    const off = await h.call('PUT', `/platform/tenants/${tenantA}/features`, { token: platform, body: { feature: 'billing', enabled: false, reason: 'billing dispute' } });
    expect(off.status).toBe(200);
    expect(data<{ features: string[]; overrides: Json[] }>(off).overrides).toContainEqual(expect.objectContaining({ feature: 'billing', enabled: false, reason: 'billing dispute' }));
    expect((await h.call('GET', '/billing/invoices?limit=1', { token: ownerA })).status).toBe(403);
    const back = await h.call('PUT', `/platform/tenants/${tenantA}/features`, { token: platform, body: { feature: 'billing', enabled: null, reason: 'resolved' } });
    expect(data<{ features: string[] }>(back).features).toContain('billing');
    expect((await h.call('GET', '/billing/invoices?limit=1', { token: ownerA })).status).toBe(200);
  });

  it('suspends with a reason (the ISP is refused) and reactivates (it works again at once); audited', async () => {
    const s = await h.call('POST', `/platform/tenants/${tenantA}/suspend`, { token: platform, body: { reason: 'unpaid for 60 days' } });
    expect(data<Json>(s)).toMatchObject({ status: 'suspended' });
    expect((await h.call('POST', `/platform/tenants/${tenantA}/suspend`, { token: platform, body: { reason: 'again' } })).status).toBe(409);
    expect((await h.call('GET', '/billing/invoices?limit=1', { token: ownerA })).status).toBe(403);
    const r = await h.call('POST', `/platform/tenants/${tenantA}/reactivate`, { token: platform, body: { reason: 'paid' } });
    expect(data<Json>(r)).toMatchObject({ status: 'active' });
    expect((await h.call('GET', '/billing/invoices?limit=1', { token: ownerA })).status).toBe(200);
    const audit = await h.admin<{ action: string }[]>`SELECT action FROM sys_audit_logs WHERE tenant_id = ${tenantA} AND action LIKE 'saas.tenant.%' ORDER BY id`;
    expect(audit.map((a) => a.action)).toEqual(['saas.tenant.suspended', 'saas.tenant.reactivated']);
  });
});
