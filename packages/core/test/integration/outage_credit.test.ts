/**
 * The outage credit through the billing run, on real PostgreSQL (app role, RLS): a
 * resolved 6 h outage over a 4 h threshold is one credit line of 2 h prorated on the plan
 * price on the next invoice and none on the one after; two overlapping outages count
 * their time once; a credit never takes a total below zero; outages resolved after the
 * period wait for the next invoice; a voided invoice hands its credit to the next one;
 * switching the credit on stamps when it starts.
 */
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InvoiceCredit } from '@rrnet/contracts';
import { ConfigKeyProvider, SecretBox, generateKeySpec } from '@rrnet/crypto';
import { createDatabase, withTenant } from '@rrnet/db';
import { seedDemo } from '@rrnet/db/seed';
import { createTestDatabase } from '@rrnet/db/testing';
import type { TestDatabase } from '@rrnet/db/testing';
import { getSettings, updateSettings } from '../../src/admin/settings';
import { runBillingCycle } from '../../src/billing/cycle';
import { voidInvoice } from '../../src/billing/invoices';
import type { NetworkServices } from '../../src/network/services';
import { TEST_PG_URL } from '../../../../tests/services';

let testDb: TestDatabase;
let admin: postgres.Sql;
let app: ReturnType<typeof createDatabase>;
let tenantId: string;
let routerId: string;
/** customers billed on the 1st, in no outage of the seed that is still open */
let single: string, overlapped: string, capped: string, late: string;
const price = new Map<string, number>();

beforeAll(async () => {
  testDb = await createTestDatabase(TEST_PG_URL);
  const seed = await seedDemo({ appUrl: testDb.appUrl, systemUrl: testDb.systemUrl, secretBox: new SecretBox(new ConfigKeyProvider(generateKeySpec())) });
  tenantId = seed.tenants[0]!.id;
  admin = postgres(testDb.adminUrl, { max: 1, onnotice: () => {} });
  app = createDatabase(testDb.appUrl, { max: 2 });
  const [router] = await admin<{ id: string }[]>`SELECT id FROM tenant_routers WHERE tenant_id = ${tenantId} ORDER BY name LIMIT 1`;
  routerId = router!.id;
  const ours = await admin<{ id: string; price: string }[]>`
    SELECT c.id, p.price FROM tenant_customers c JOIN tenant_service_plans p ON p.id = c.plan_id
    WHERE c.tenant_id = ${tenantId} AND c.status = 'active'
      AND NOT EXISTS (SELECT 1 FROM tenant_outage_customers oc JOIN tenant_outages o ON o.id = oc.outage_id
                      WHERE oc.customer_id = c.id AND o.status IN ('open', 'suspected'))
    ORDER BY c.code LIMIT 4`;
  expect(ours).toHaveLength(4);
  [single, overlapped, capped, late] = ours.map((c) => c.id) as [string, string, string, string];
  for (const c of ours) price.set(c.id, Number(c.price));
  await admin`UPDATE tenant_customers SET billing_day = 1, activated_at = '2039-06-01T03:00:00Z', monthly_discount = 0 WHERE id = ANY(${ours.map((c) => c.id)}::uuid[])`;
  // the capped customer's monthly discount leaves nothing to credit
  await admin`UPDATE tenant_customers SET monthly_discount = 1000000000 WHERE id = ${capped}`;
});
afterAll(async () => {
  await admin?.end();
  await app?.close();
  await testDb?.drop();
});

async function resolvedOutage(title: string, from: string, to: string, customers: string[]): Promise<string> {
  const [o] = await admin<{ id: string }[]>`
    INSERT INTO tenant_outages (tenant_id, title, router_id, status, started_at, resolved_at, confirmed_at)
    VALUES (${tenantId}, ${title}, ${routerId}, 'resolved', ${from}, ${to}, ${from}) RETURNING id`;
  for (const c of customers) await admin`INSERT INTO tenant_outage_customers (tenant_id, outage_id, customer_id) VALUES (${tenantId}, ${o!.id}, ${c})`;
  return o!.id;
}

async function invoiceOf(customerId: string, periodStart: string) {
  const [i] = await admin<{ id: string; subtotal: string; discount: string; tax: string; total: string; credits: InvoiceCredit[] }[]>`
    SELECT id, subtotal, discount, tax, total, credits FROM tenant_invoices WHERE tenant_id = ${tenantId} AND customer_id = ${customerId} AND period_start = ${periodStart}`;
  return i && { ...i, subtotal: Number(i.subtotal), discount: Number(i.discount), tax: Number(i.tax), total: Number(i.total) };
}

const run = (day: string) => withTenant(app.sql, { tenantId }, (tx) => runBillingCycle(tx, tenantId, day));
/** price × minutes / the minutes of a 30-day period, rounded: the rule written out again */
const expectedCredit = (customerId: string, minutes: number) => Math.round((price.get(customerId)! * minutes) / (30 * 24 * 60));

describe('settings', () => {
  it('switching the credit on stamps since when outages count; off clears it; the threshold is kept', async () => {
    const on = await withTenant(app.sql, { tenantId }, (tx) => updateSettings(tx, tenantId, { outage_credit_enabled: true, outage_credit_threshold_hours: 4 }));
    expect(on).toMatchObject({ outage_credit_enabled: true, outage_credit_threshold_hours: 4 });
    const [s1] = await admin<{ since: Date }[]>`SELECT outage_credit_since AS since FROM tenant_settings WHERE tenant_id = ${tenantId}`;
    expect(s1!.since).toBeInstanceOf(Date);
    // saving again while on keeps the moment
    await withTenant(app.sql, { tenantId }, (tx) => updateSettings(tx, tenantId, { outage_credit_enabled: true }));
    const [s2] = await admin<{ since: Date }[]>`SELECT outage_credit_since AS since FROM tenant_settings WHERE tenant_id = ${tenantId}`;
    expect(s2!.since.getTime()).toBe(s1!.since.getTime());
    await withTenant(app.sql, { tenantId }, (tx) => updateSettings(tx, tenantId, { outage_credit_enabled: false }));
    const off = await withTenant(app.sql, { tenantId }, (tx) => getSettings(tx));
    expect(off).toMatchObject({ outage_credit_enabled: false, outage_credit_threshold_hours: 4 });
    const [s3] = await admin<{ since: Date | null }[]>`SELECT outage_credit_since AS since FROM tenant_settings WHERE tenant_id = ${tenantId}`;
    expect(s3!.since).toBeNull();
    // the change is in the audit trail
    const [audit] = await admin<{ n: number }[]>`
      SELECT count(*)::int AS n FROM sys_audit_logs WHERE tenant_id = ${tenantId} AND table_name = 'tenant_settings' AND new_values ? 'outage_credit_enabled'`;
    expect(audit!.n).toBeGreaterThanOrEqual(3);
  });
});

describe('the billing run', () => {
  it('credits a resolved 6 h outage once (2 h beyond 4 h), counts overlapping outages once, never below zero', async () => {
    // on since well before the outages (the settings test above left it off)
    await admin`UPDATE tenant_settings SET outage_credit_enabled = true, outage_credit_threshold_hours = 4, outage_credit_since = '2040-01-01T00:00:00Z' WHERE tenant_id = ${tenantId}`;
    const o1 = await resolvedOutage('ODP Melati', '2040-04-10T01:00:00Z', '2040-04-10T07:00:00Z', [single, capped]);
    // 00:00–06:00 and 04:00–09:00: 9 h without service (not 11), 5 h beyond the threshold
    const o2 = await resolvedOutage('OLT Timur', '2040-04-12T00:00:00Z', '2040-04-12T06:00:00Z', [overlapped]);
    const o3 = await resolvedOutage('Router Pusat', '2040-04-12T04:00:00Z', '2040-04-12T09:00:00Z', [overlapped]);
    // resolved on 1 May in Jakarta (after the period): next invoice
    const o4 = await resolvedOutage('Kabel putus', '2040-04-30T15:00:00Z', '2040-04-30T23:30:00Z', [late]);

    const may = await run('2040-05-01');
    expect(may).toMatchObject({ period_start: '2040-04-01', period_end: '2040-04-30' });

    const a = (await invoiceOf(single, '2040-04-01'))!;
    expect(a.credits).toEqual([{ kind: 'outage', outage_ids: [o1], title: 'ODP Melati', minutes: 120, amount: expectedCredit(single, 120) }]);
    expect(a.credits[0]!.amount).toBeGreaterThan(0);
    expect(a.discount).toBe(a.credits[0]!.amount);
    expect(a.total).toBe(a.subtotal - a.discount + a.tax);

    const b = (await invoiceOf(overlapped, '2040-04-01'))!;
    expect(b.credits).toEqual([{ kind: 'outage', outage_ids: [o2, o3], title: 'OLT Timur, Router Pusat', minutes: 300, amount: expectedCredit(overlapped, 300) }]);
    expect(b.discount).toBe(expectedCredit(overlapped, 300));

    // the monthly discount took the whole subtotal: no credit line, total 0, the outage still marked as decided
    const c = (await invoiceOf(capped, '2040-04-01'))!;
    expect(c).toMatchObject({ credits: [], total: 0, tax: 0 });
    expect(c.discount).toBe(c.subtotal);

    expect((await invoiceOf(late, '2040-04-01'))!.credits).toEqual([]);

    // which invoice took which outage's credit
    const marks = await admin<{ outage_id: string; customer_id: string; credit_invoice_id: string | null; credit_minutes: number | null; credit_amount: string | null }[]>`
      SELECT outage_id, customer_id, credit_invoice_id, credit_minutes, credit_amount FROM tenant_outage_customers
      WHERE tenant_id = ${tenantId} AND outage_id = ANY(${[o1, o2, o3, o4]}::uuid[]) ORDER BY outage_id, customer_id`;
    const mark = (o: string, cu: string) => marks.find((m) => m.outage_id === o && m.customer_id === cu)!;
    expect(mark(o1, single)).toMatchObject({ credit_invoice_id: a.id, credit_minutes: 120, credit_amount: String(expectedCredit(single, 120)) });
    expect(mark(o2, overlapped)).toMatchObject({ credit_invoice_id: b.id, credit_minutes: 300 });
    expect(mark(o3, overlapped)).toMatchObject({ credit_invoice_id: b.id, credit_minutes: 0, credit_amount: '0' });
    expect(mark(o1, capped)).toMatchObject({ credit_invoice_id: c.id, credit_minutes: 120, credit_amount: '0' });
    expect(mark(o4, late)).toMatchObject({ credit_invoice_id: null });

    // the next invoice: nothing again for the credited ones; the late one's 8.5 h → 4.5 h
    const june = await run('2040-06-01');
    expect(june.created).toBeGreaterThanOrEqual(4);
    for (const id of [single, overlapped, capped]) {
      const next = (await invoiceOf(id, '2040-05-01'))!;
      expect(next.credits).toEqual([]);
    }
    const next = (await invoiceOf(single, '2040-05-01'))!;
    expect(next.discount).toBe(0);
    // a 31-day period (May) for the late one
    expect((await invoiceOf(late, '2040-05-01'))!.credits).toEqual([
      { kind: 'outage', outage_ids: [o4], title: 'Kabel putus', minutes: 270, amount: Math.round((price.get(late)! * 270) / (31 * 24 * 60)) },
    ]);
  });

  it('an outage found later to overlap a credited one adds only the time not credited yet', async () => {
    // overlapped's 12 April stretch (9 h, 300 min credited) grows by a third outage to 11:00: 11 h → 7 h beyond, 2 h new
    const o5 = await resolvedOutage('Listrik padam', '2040-04-12T08:00:00Z', '2040-04-12T11:00:00Z', [overlapped]);
    // and nothing while the credit is off
    await admin`UPDATE tenant_settings SET outage_credit_enabled = false, outage_credit_since = NULL WHERE tenant_id = ${tenantId}`;
    await run('2040-07-01');
    expect((await invoiceOf(overlapped, '2040-06-01'))!.credits).toEqual([]);
    await admin`UPDATE tenant_settings SET outage_credit_enabled = true, outage_credit_since = '2040-01-01T00:00:00Z' WHERE tenant_id = ${tenantId}`;
    await run('2040-08-01');
    const july = (await invoiceOf(overlapped, '2040-07-01'))!;
    expect(july.credits).toEqual([{ kind: 'outage', outage_ids: [o5], title: 'OLT Timur, Router Pusat, Listrik padam', minutes: 120, amount: Math.round((price.get(overlapped)! * 120) / (31 * 24 * 60)) }]);
  });

  it('a voided invoice hands its credit back: the next invoice takes it', async () => {
    const o6 = await resolvedOutage('Tiang roboh', '2040-08-03T00:00:00Z', '2040-08-03T07:00:00Z', [single]);
    await run('2040-09-01');
    const aug = (await invoiceOf(single, '2040-08-01'))!;
    expect(aug.credits.map((c) => [c.outage_ids, c.minutes])).toEqual([[[o6], 180]]);
    // nothing else than the database is needed to void an unpaid invoice; the settlement hooks are not registered here
    await withTenant(app.sql, { tenantId }, (tx) => voidInvoice(tx, {} as NetworkServices, tenantId, { id: aug.id, reason: 'Salah paket' }));
    const [mark] = await admin<{ credit_invoice_id: string | null }[]>`
      SELECT credit_invoice_id FROM tenant_outage_customers WHERE tenant_id = ${tenantId} AND outage_id = ${o6} AND customer_id = ${single}`;
    expect(mark!.credit_invoice_id).toBeNull();
    await run('2040-10-01');
    const sep = (await invoiceOf(single, '2040-09-01'))!;
    expect(sep.credits).toEqual([{ kind: 'outage', outage_ids: [o6], title: 'Tiang roboh', minutes: 180, amount: Math.round((price.get(single)! * 180) / (30 * 24 * 60)) }]);
  });
});
