/**
 * The billing run's SQL against cycle_rules.ts, on a seeded database: for every customer
 * whose billing day it is, the pure rules computed from the same rows (status, activation
 * day, plan, plan changes, discount, tenant settings) give exactly the invoice the
 * INSERT … SELECT wrote — who is billed, each line, the totals and the due date — through
 * a leap February, mid-period and same-day plan changes, a change after the period and a
 * customer connected during it.
 */
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CustomerStatus, InvoiceLine } from '@rrnet/contracts';
import { ConfigKeyProvider, SecretBox, generateKeySpec } from '@rrnet/crypto';
import { createDatabase, withTenant } from '@rrnet/db';
import { seedDemo } from '@rrnet/db/seed';
import { createTestDatabase } from '@rrnet/db/testing';
import type { TestDatabase } from '@rrnet/db/testing';
import { runBillingCycle } from '../../src/billing/cycle';
import { activeFrom, billingPeriod, dueDate, invoiceLines, invoiceTotals, isBillable, isBillingDay } from '../../src/billing/cycle_rules';
import type { PlanChange } from '../../src/billing/cycle_rules';
import { TEST_PG_URL } from '../../../../tests/services';

let testDb: TestDatabase;
let admin: postgres.Sql;
let app: ReturnType<typeof createDatabase>;
let tenantId: string;

beforeAll(async () => {
  testDb = await createTestDatabase(TEST_PG_URL);
  const seed = await seedDemo({ appUrl: testDb.appUrl, systemUrl: testDb.systemUrl, secretBox: new SecretBox(new ConfigKeyProvider(generateKeySpec())) });
  tenantId = seed.tenants[0]!.id;
  admin = postgres(testDb.adminUrl, { max: 1, onnotice: () => {} });
  app = createDatabase(testDb.appUrl, { max: 2 });
});
afterAll(async () => {
  await admin?.end();
  await app?.close();
  await testDb?.drop();
});

interface CustomerRow {
  id: string;
  billing_day: number;
  status: CustomerStatus;
  activated_on: string | null;
  plan_id: string;
  plan_name: string;
  price: string;
  monthly_discount: string;
}

/** What the rules say the run of `day` must write, per customer billed. */
async function expected(day: string): Promise<Map<string, { lines: InvoiceLine[]; subtotal: number; discount: number; tax: number; total: number; due_date: string }>> {
  const period = billingPeriod(day);
  const [settings] = await admin<{ due_days: number; tax_rate_bp: number }[]>`SELECT due_days, tax_rate_bp FROM tenant_settings WHERE tenant_id = ${tenantId}`;
  const plans = await admin<{ id: string; name: string }[]>`SELECT id, name FROM tenant_service_plans WHERE tenant_id = ${tenantId}`;
  const planName = (id: string) => plans.find((p) => p.id === id)!.name;
  const customers = await admin<CustomerRow[]>`
    SELECT c.id, c.billing_day, c.status, (c.activated_at AT TIME ZONE t.timezone)::date::text AS activated_on,
           c.plan_id, p.name AS plan_name, p.price, c.monthly_discount
    FROM tenant_customers c JOIN tenant_service_plans p ON p.id = c.plan_id JOIN saas_tenants t ON t.id = c.tenant_id
    WHERE c.tenant_id = ${tenantId}`;
  const changes = await admin<(Omit<PlanChange, 'old_price' | 'new_price'> & { customer_id: string; old_price: string; new_price: string })[]>`
    SELECT customer_id, effective_on::text, created_at, old_plan_id, new_plan_id, old_price, new_price FROM tenant_customer_plan_changes WHERE tenant_id = ${tenantId}`;
  const result = new Map<string, { lines: InvoiceLine[]; subtotal: number; discount: number; tax: number; total: number; due_date: string }>();
  for (const c of customers) {
    if (!isBillingDay(c.billing_day, day) || !isBillable(c.status, c.activated_on, period)) continue;
    const own = changes
      .filter((ch) => ch.customer_id === c.id)
      .map((ch) => ({ effective_on: ch.effective_on, created_at: ch.created_at, old_plan_id: ch.old_plan_id, new_plan_id: ch.new_plan_id, old_price: Number(ch.old_price), new_price: Number(ch.new_price) }));
    const lines = invoiceLines(period, activeFrom(period, c.activated_on!), { id: c.plan_id, name: c.plan_name, price: Number(c.price) }, own, planName);
    result.set(c.id, { lines, ...invoiceTotals(lines, Number(c.monthly_discount), settings!.tax_rate_bp), due_date: dueDate(day, settings!.due_days) });
  }
  return result;
}

async function written(periodStart: string) {
  const rows = await admin<{ customer_id: string; lines: InvoiceLine[]; subtotal: string; discount: string; tax: string; total: string; due_date: string }[]>`
    SELECT customer_id, lines, subtotal, discount, tax, total, due_date::text FROM tenant_invoices WHERE tenant_id = ${tenantId} AND period_start = ${periodStart}`;
  return new Map(
    rows.map((r) => [r.customer_id, { lines: r.lines, subtotal: Number(r.subtotal), discount: Number(r.discount), tax: Number(r.tax), total: Number(r.total), due_date: r.due_date }]),
  );
}

describe('runBillingCycle writes what cycle_rules decide', () => {
  it('through a leap February with every kind of plan change, a new customer, a discount and a suspended customer', async () => {
    const day = '2040-03-01';
    const period = billingPeriod(day);
    expect(period).toMatchObject({ period_start: '2040-02-01', period_end: '2040-02-29', period_days: 29 });
    const plans = await admin<{ id: string; price: string }[]>`SELECT id, price FROM tenant_service_plans WHERE tenant_id = ${tenantId} ORDER BY price`;
    expect(plans.length).toBeGreaterThanOrEqual(3);
    const [p0, p1, p2] = [plans[0]!, plans[1]!, plans[2]!];
    const ours = await admin<{ id: string }[]>`
      SELECT id FROM tenant_customers WHERE tenant_id = ${tenantId} AND status IN ('active', 'isolated') ORDER BY code LIMIT 7`;
    expect(ours).toHaveLength(7);
    await admin`UPDATE tenant_customers SET billing_day = 1 WHERE id = ANY(${ours.map((c) => c.id)}::uuid[])`;
    const [mid, lastDay, after, sameDay, before, newcomer, suspended] = ours.map((c) => c.id) as string[] as [string, string, string, string, string, string, string];
    const changePlan = async (customerId: string, from: (typeof plans)[0], to: (typeof plans)[0], on: string, createdAt = '2040-01-01T00:00:00Z') => {
      await admin`UPDATE tenant_customers SET plan_id = ${to.id} WHERE id = ${customerId}`;
      await admin`INSERT INTO tenant_customer_plan_changes (tenant_id, customer_id, old_plan_id, new_plan_id, old_price, new_price, effective_on, created_at)
                  VALUES (${tenantId}, ${customerId}, ${from.id}, ${to.id}, ${from.price}, ${to.price}, ${on}, ${createdAt})`;
    };
    for (const id of [mid, lastDay, after, sameDay, before]) await admin`UPDATE tenant_customers SET plan_id = ${p0.id}, activated_at = '2039-06-01T03:00:00Z' WHERE id = ${id}`;
    await changePlan(mid, p0, p2, '2040-02-10');
    await changePlan(lastDay, p0, p1, '2040-02-29');
    await changePlan(after, p0, p2, '2040-03-01');
    await changePlan(sameDay, p0, p1, '2040-02-15', '2040-02-15T01:00:00Z');
    await changePlan(sameDay, p1, p2, '2040-02-15', '2040-02-15T02:00:00Z');
    await changePlan(sameDay, p2, p0, '2040-02-20');
    await changePlan(before, p0, p1, '2039-12-01');
    await admin`UPDATE tenant_customers SET monthly_discount = 20000 WHERE id = ${mid}`;
    await admin`UPDATE tenant_customers SET activated_at = '2040-02-19T20:00:00Z' WHERE id = ${newcomer}`; // 20 Feb in Jakarta
    await admin`UPDATE tenant_customers SET status = 'suspended' WHERE id = ${suspended}`;

    const want = await expected(day);
    const run = await withTenant(app.sql, { tenantId }, (tx) => runBillingCycle(tx, tenantId, day));
    const got = await written(period.period_start);
    expect(run).toMatchObject({ period_start: period.period_start, period_end: period.period_end, created: want.size });
    expect(want.size).toBeGreaterThanOrEqual(6);
    expect(got).toEqual(want);
    // the cases the scenario set up really are in there
    expect(got.get(mid)!.lines.map((l) => l.days)).toEqual([9, 20]);
    expect(got.get(lastDay)!.lines.map((l) => l.days)).toEqual([28, 1]);
    expect(got.get(after)!.lines).toEqual([expect.objectContaining({ plan_id: p0.id, days: 29 })]);
    expect(got.get(sameDay)!.lines.map((l) => [l.plan_id, l.days])).toEqual([
      [p0.id, 14],
      [p2.id, 5],
      [p0.id, 10],
    ]);
    expect(got.get(before)!.lines).toEqual([expect.objectContaining({ plan_id: p1.id, days: 29 })]);
    expect(got.get(newcomer)!.lines).toEqual([expect.objectContaining({ from: '2040-02-20', days: 10 })]);
    expect(got.has(suspended)).toBe(false);
  });

  it('on the 28th after a short February: period 28 February – 27 March', async () => {
    const day = '2041-03-28';
    const want = await expected(day);
    const run = await withTenant(app.sql, { tenantId }, (tx) => runBillingCycle(tx, tenantId, day));
    expect(run).toMatchObject({ period_start: '2041-02-28', period_end: '2041-03-27' });
    expect(want.size).toBeGreaterThan(0);
    expect(await written('2041-02-28')).toEqual(want);
  });
});
