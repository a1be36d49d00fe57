/**
 * Dunning through the chain (issue #17): an ISP whose SaaS invoice is unpaid past the grace
 * is past due — its staff still collect payments, but cannot add customers; past the longer
 * grace it is suspended and read-only; the platform recording the payment restores it at
 * once. The days are fixed moments relative to the invoice's own due date.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '@rrnet/core/billing/cycle_rules';
import { runSaasDunning } from '@rrnet/core/saas/saas_dunning';
import { outcome, startHarness } from './api_harness';
import type { Harness } from './api_harness';

let h: Harness;
let platform: string;
let owner: string;
let billing: string;
let due: string;
let invoiceId: string;

beforeAll(async () => {
  h = await startHarness();
  platform = (await h.login('admin@rrnet.demo')).access_token;
  owner = (await h.login('owner@sinarnet.demo')).access_token;
  billing = (await h.login('billing@sinarnet.demo')).access_token;
  const [open] = await h.system<{ id: string; due_date: string }[]>`
    SELECT id, due_date::text FROM saas_invoices WHERE tenant_id = ${h.tenantA} AND status = 'open'`;
  invoiceId = open!.id;
  due = open!.due_date;
});
afterAll(async () => h.close());

const at = (days: number) => new Date(`${addDays(due, days)}T10:00:00+07:00`);
const state = async () =>
  (await h.system<{ tenant: string; sub: string; reason: string | null }[]>`
    SELECT t.status AS tenant, s.status AS sub, t.suspension_reason AS reason FROM saas_tenants t
    JOIN saas_subscriptions s ON s.tenant_id = t.id AND s.status IN ('active', 'past_due') WHERE t.id = ${h.tenantA}`)[0]!;
const plans = async () => h.call(owner).customers.plans.list();
const addCustomer = async (n: number) =>
  outcome(h.call(owner).customers.customers.create({ name: `Dunning ${n}`, phone: `08129999${String(n).padStart(4, '0')}`, plan_id: (await plans())[0]!.id }));

describe('dunning', () => {
  it('within the grace nothing changes', async () => {
    // the other ISP's open invoice must not count against this one
    await h.system`UPDATE saas_invoices SET status = 'paid', paid_at = now() WHERE tenant_id = ${h.tenantB} AND status = 'open'`;
    expect(await runSaasDunning(h.services.systemSql, h.services.redis, at(7))).toMatchObject({ past_due: 0, suspended: 0 });
    expect(await state()).toEqual({ tenant: 'active', sub: 'active', reason: null });
    expect(await addCustomer(1)).toBe('OK');
  });

  it('past the grace: past due — payments and reads go on, new customers are refused', async () => {
    expect(await runSaasDunning(h.services.systemSql, h.services.redis, at(8))).toMatchObject({ past_due: 1 });
    expect(await state()).toMatchObject({ tenant: 'active', sub: 'past_due' });
    expect(await addCustomer(2)).toBe('LIMIT_EXCEEDED');
    expect(await outcome(h.call(owner).customers.customers.list({ limit: 5 }))).toBe('OK');
    const [inv] = await h.system<{ id: string; total: string }[]>`
      SELECT id, total FROM tenant_invoices WHERE tenant_id = ${h.tenantA} AND status IN ('unpaid', 'overdue') ORDER BY number LIMIT 1`;
    expect(await outcome(h.call(billing).billing.payments.record({ invoice_id: inv!.id, amount: Number(inv!.total), method: 'cash' }))).toBe('OK');
    // a second run the same day changes nothing
    expect(await runSaasDunning(h.services.systemSql, h.services.redis, at(8))).toMatchObject({ past_due: 0, suspended: 0, restored: 0 });
  });

  it('past the longer grace: suspended and read-only', async () => {
    expect(await runSaasDunning(h.services.systemSql, h.services.redis, at(31))).toMatchObject({ suspended: 1 });
    expect(await state()).toEqual({ tenant: 'suspended', sub: 'past_due', reason: 'dunning' });
    expect(await outcome(h.call(owner).customers.customers.list({ limit: 5 }))).toBe('OK');
    expect(await outcome(h.call(owner).billing.saasInvoices.list({ limit: 5 }))).toBe('OK');
    expect(await addCustomer(3)).toBe('FORBIDDEN');
    const [inv] = await h.system<{ id: string }[]>`SELECT id FROM tenant_invoices WHERE tenant_id = ${h.tenantA} AND status IN ('unpaid', 'overdue') LIMIT 1`;
    expect(await outcome(h.call(billing).billing.payments.record({ invoice_id: inv!.id, amount: 1000, method: 'cash' }))).toBe('FORBIDDEN');
  });

  it('paying restores at once: active again, customers can be added', async () => {
    const paid = await h.call(platform).platform.saas.recordPayment({ id: invoiceId, method: 'bank_transfer', reference: 'BCA-DUN-1' });
    expect(paid.status).toBe('paid');
    expect(await state()).toEqual({ tenant: 'active', sub: 'active', reason: null });
    expect(await addCustomer(4)).toBe('OK');
    const audit = await h.system<{ action: string }[]>`SELECT action FROM sys_audit_logs WHERE tenant_id = ${h.tenantA} AND action LIKE 'saas.dunning.%' ORDER BY id`;
    expect(audit.map((a) => a.action)).toEqual(['saas.dunning.past_due', 'saas.dunning.suspended', 'saas.dunning.current']);
  });

  it('a suspension by platform staff is not lifted by dunning', async () => {
    await h.call(platform).platform.tenants.suspend({ id: h.tenantA, reason: 'terms of service' });
    await runSaasDunning(h.services.systemSql, h.services.redis, at(40));
    expect(await state()).toMatchObject({ tenant: 'suspended', reason: 'terms of service' });
    // and it stays fully closed, reads included
    expect(await outcome(h.call(owner).customers.customers.list({ limit: 5 }))).toBe('FORBIDDEN');
    await h.call(platform).platform.tenants.reactivate({ id: h.tenantA, reason: 'resolved' });
  });
});
