/**
 * The reports' figures against a real database, as the app role under RLS, on a fixture
 * placed in December 2019 – February 2020 (far from the demo's own rows) with every
 * number computed by hand below: revenue by month and plan, collection rate, arrears
 * ageing as of the period's end (and as of "today" inside it), growth by plan and ODP,
 * isolir counts, days to pay, WhatsApp delivery — and the timezone edge: 23:30 on the
 * last day of January in Jakarta is 16:30 UTC and belongs to January, 00:30 on 1 February
 * (17:30 UTC on 31 January) does not.
 */
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigKeyProvider, SecretBox, generateKeySpec } from '@rrnet/crypto';
import { createDatabase, withTenant } from '@rrnet/db';
import { seedDemo } from '@rrnet/db/seed';
import { createTestDatabase } from '@rrnet/db/testing';
import type { TestDatabase } from '@rrnet/db/testing';
import { rollupDay } from '../../src/reports/analytics';
import { reportOverview } from '../../src/reports/overview';
import { TEST_PG_URL } from '../../../../tests/services';

let testDb: TestDatabase;
let admin: postgres.Sql;
let app: ReturnType<typeof createDatabase>;
let tenantA: string;
let tenantB: string;
const TZ = 'Asia/Jakarta';
const ids: Record<string, string> = {};

/** A Jakarta wall-clock time as an instant. */
const jkt = (local: string) => `${local}+07:00`;

beforeAll(async () => {
  testDb = await createTestDatabase(TEST_PG_URL);
  const seed = await seedDemo({ appUrl: testDb.appUrl, systemUrl: testDb.systemUrl, secretBox: new SecretBox(new ConfigKeyProvider(generateKeySpec())) });
  tenantA = seed.tenants[0]!.id;
  tenantB = seed.tenants[1]!.id;
  admin = postgres(testDb.adminUrl, { max: 1, onnotice: () => {} });
  app = createDatabase(testDb.appUrl, { max: 2 });

  const plans = await admin<{ id: string; name: string }[]>`SELECT id, name FROM tenant_service_plans WHERE tenant_id = ${tenantA} ORDER BY price LIMIT 2`;
  ids.P1 = plans[0]!.id;
  ids.P2 = plans[1]!.id;
  const [odp] = await admin<{ id: string }[]>`SELECT id FROM tenant_topology_nodes WHERE tenant_id = ${tenantA} AND kind = 'odp' ORDER BY name LIMIT 1`;
  ids.O1 = odp!.id;

  const customer = async (key: string, plan: string, odp: string | null, createdAt: string, terminatedAt: string | null = null) => {
    const [row] = await admin<{ id: string }[]>`
      INSERT INTO tenant_customers (tenant_id, code, name, plan_id, odp_id, pppoe_username, pppoe_password_enc, billing_day, status, created_at, activated_at, terminated_at)
      VALUES (${tenantA}, ${`RPT-${key}`}, ${`Report ${key}`}, ${plan}, ${odp}, ${`rpt-${key.toLowerCase()}`}, 'x', 10,
              ${terminatedAt ? 'terminated' : 'active'}, ${createdAt}, ${createdAt}, ${terminatedAt})
      RETURNING id`;
    ids[key] = row!.id;
  };
  await customer('C1', ids.P1, ids.O1, jkt('2019-12-10T09:00:00'));
  await customer('C2', ids.P2, null, jkt('2020-01-05T09:00:00'));
  await customer('C3', ids.P1, ids.O1, jkt('2020-01-31T23:30:00'));
  await customer('C4', ids.P2, null, jkt('2020-02-01T00:30:00'));
  await customer('C5', ids.P1, ids.O1, jkt('2019-11-01T09:00:00'), jkt('2020-01-15T10:00:00'));

  const invoice = async (key: string, c: string, issued: string, due: string, total: number, paid: number, status: string, paidAt: string | null, voidedAt: string | null = null) => {
    const [row] = await admin<{ id: string }[]>`
      INSERT INTO tenant_invoices (tenant_id, number, customer_id, period_start, period_end, subtotal, total, paid_amount, status, issued_at, due_date, paid_at, voided_at)
      VALUES (${tenantA}, ${`RPT/${key}`}, ${ids[c]!}, ${issued.slice(0, 10)}::date - 30, ${issued.slice(0, 10)}, ${total}, ${total}, ${paid}, ${status}, ${jkt(issued)}, ${due}, ${paidAt}, ${voidedAt})
      RETURNING id`;
    ids[key] = row!.id;
  };
  await invoice('I1', 'C1', '2019-12-10T10:00:00', '2019-12-20', 100_000, 100_000, 'paid', jkt('2020-01-31T23:30:00'));
  await invoice('I2', 'C2', '2020-01-05T10:00:00', '2020-01-15', 150_000, 50_000, 'overdue', null);
  await invoice('I3', 'C5', '2019-10-01T10:00:00', '2019-10-11', 100_000, 0, 'overdue', null);
  await invoice('I4', 'C1', '2020-01-10T10:00:00', '2020-01-20', 120_000, 120_000, 'paid', jkt('2020-02-01T00:30:00'));
  await invoice('I6', 'C2', '2020-01-06T10:00:00', '2020-01-16', 99_999, 0, 'void', null, jkt('2020-01-07T10:00:00'));

  const payment = async (key: string, inv: string, c: string, amount: number, paidAt: string, voidedAt: string | null = null) => {
    await admin`
      INSERT INTO tenant_payments (tenant_id, invoice_id, customer_id, amount, method, receipt_number, status, paid_at, voided_at)
      VALUES (${tenantA}, ${ids[inv]!}, ${ids[c]!}, ${amount}, 'cash', ${`RPT-R-${key}`}, ${voidedAt ? 'voided' : 'completed'}, ${paidAt}, ${voidedAt})`;
  };
  await payment('PA', 'I1', 'C1', 100_000, jkt('2020-01-31T23:30:00'));
  await payment('PB', 'I2', 'C2', 50_000, jkt('2020-01-10T12:00:00'));
  await payment('PC', 'I4', 'C1', 120_000, jkt('2020-02-01T00:30:00'));
  await payment('PD', 'I3', 'C5', 30_000, jkt('2020-01-12T12:00:00'), jkt('2020-01-13T12:00:00'));

  const event = async (c: string, action: string, status: string, createdAt: string, appliedAt: string | null) => {
    await admin`
      INSERT INTO tenant_isolation_events (tenant_id, customer_id, action, trigger, status, created_at, applied_at)
      VALUES (${tenantA}, ${ids[c]!}, ${action}, 'manual', ${status}, ${createdAt}, ${appliedAt})`;
  };
  await event('C5', 'isolate', 'applied', jkt('2020-01-02T08:00:00'), jkt('2020-01-02T08:00:05'));
  await event('C5', 'restore', 'applied', jkt('2020-01-31T23:29:00'), jkt('2020-01-31T23:30:00'));
  await event('C2', 'isolate', 'failed', jkt('2020-01-05T08:00:00'), null);
  await event('C2', 'isolate', 'applied', jkt('2020-02-01T00:29:00'), jkt('2020-02-01T00:30:00'));

  let n = 0;
  for (const [status, at] of [
    ['delivered', '2020-01-03T10:00:00'],
    ['delivered', '2020-01-31T23:30:00'],
    ['read', '2020-01-04T10:00:00'],
    ['failed', '2020-01-05T10:00:00'],
    ['queued', '2020-01-06T10:00:00'],
    ['delivered', '2020-02-01T00:30:00'],
  ] as const) {
    n += 1;
    await admin`
      INSERT INTO tenant_wa_messages (tenant_id, to_phone, body, status, dedupe_key, created_at, scheduled_at)
      VALUES (${tenantA}, '+6281200000000', 'x', ${status}, ${`rpt:${n}`}, ${jkt(at)}, ${jkt(at)})`;
  }

  // outages: A 10:00–12:00 and B 11:00–13:30 on 10 Jan overlap (210 minutes once); C from
  // 23:00 on 31 Jan to 01:00 on 1 Feb (60 minutes each month); a dismissed one never counts
  const outage = async (title: string, status: string, started: string, resolved: string | null) => {
    await admin`
      INSERT INTO tenant_outages (tenant_id, title, node_id, status, started_at, resolved_at)
      VALUES (${tenantA}, ${title}, ${ids.O1!}, ${status}, ${jkt(started)}, ${resolved ? jkt(resolved) : null})`;
  };
  await outage('RPT A', 'resolved', '2020-01-10T10:00:00', '2020-01-10T12:00:00');
  await outage('RPT B', 'resolved', '2020-01-10T11:00:00', '2020-01-10T13:30:00');
  await outage('RPT C', 'resolved', '2020-01-31T23:00:00', '2020-02-01T01:00:00');
  await outage('RPT D', 'dismissed', '2020-01-15T08:00:00', null);
}, 120_000);

afterAll(async () => {
  await admin?.end();
  await app?.close();
  await testDb?.drop();
});

const overview = (tenantId: string, today: string, preset: 'this_month' | 'last_month' = 'this_month', tz = TZ) =>
  withTenant(app.sql, { tenantId }, (tx) => reportOverview(tx, tenantId, tz, { preset }, today, new Date('2020-01-20T05:00:00Z')));

describe('reports overview (hand-computed)', () => {
  it('January 2020 with "today" on the 20th, and December before it', async () => {
    const r = await overview(tenantA, '2020-01-20');
    const jan = r.current;
    expect(jan.span).toEqual({ from: '2020-01-01', to: '2020-02-01' });
    // PA (23:30 on 31 Jan) + PB; PC at 00:30 on 1 Feb and the voided PD are not January's
    expect(jan.revenue).toBe(150_000);
    expect(jan.payments_count).toBe(2);
    expect(jan.revenue_by_month).toEqual([{ month: '2020-01', amount: 150_000 }]);
    // invoices without lines count under the customer's plan: PA → C1 (P1), PB → C2 (P2)
    expect(jan.revenue_by_plan.map((p) => [p.plan_id, p.amount, p.payments])).toEqual([
      [ids.P1, 100_000, 1],
      [ids.P2, 50_000, 1],
    ]);
    // issued in January, not void: I2 150 000 (50 000 paid) + I4 120 000 (paid)
    expect(jan.invoiced).toBe(270_000);
    expect(jan.collected_on_invoiced).toBe(170_000);
    expect(jan.collection_rate).toBe(0.6296);
    // as of 20 Jan: I1 31 days (paid only on the 31st), I2 5 days (100 000 left), I3 101 days
    // (the voided PD never counted); I4 is due that day, I6 was voided on the 7th
    expect(jan.arrears.as_of).toBe('2020-01-20');
    expect(jan.arrears.buckets).toEqual([
      { bucket: '0_30', amount: 100_000, invoices: 1 },
      { bucket: '31_60', amount: 100_000, invoices: 1 },
      { bucket: '61_90', amount: 0, invoices: 0 },
      { bucket: 'over_90', amount: 100_000, invoices: 1 },
    ]);
    expect(jan.arrears.total).toBe(300_000);
    // C2 and C3 (23:30 on the 31st) new, C4 (00:30 on 1 Feb) not; C5 terminated on the 15th
    expect([jan.growth.new, jan.growth.churned, jan.growth.net]).toEqual([2, 1, 1]);
    expect(jan.growth.by_month).toEqual([{ month: '2020-01', new: 2, churned: 1 }]);
    expect(jan.growth.by_plan.map((p) => [p.plan_id, p.new, p.churned, p.net]).sort()).toEqual(
      [[ids.P1, 1, 1, 0], [ids.P2, 1, 0, 1]].sort(),
    );
    expect(jan.growth.by_odp.map((o) => [o.odp_id, o.new, o.churned]).sort()).toEqual([[ids.O1, 1, 1], [null, 1, 0]].sort());
    // seed customers were created in 2026: only the fixture's C1, C2, C3 stand at the end of January
    expect(jan.growth.active_at_end).toBe(3);
    expect(jan.isolir).toEqual({ isolations: 1, restores: 1, failed: 1 });
    // I1: issued 10 Dec, paid 31 Jan (local) → 52 days; I4 paid on 1 Feb is not January's
    expect(jan.avg_days_to_pay).toBe(52);
    expect(jan.whatsapp).toEqual({ sent: 0, delivered: 2, read: 1, failed: 1, waiting: 1, delivery_rate: 0.75 });

    const dec = r.previous;
    expect(dec.span).toEqual({ from: '2019-12-01', to: '2020-01-01' });
    expect(dec.revenue).toBe(0);
    expect(dec.revenue_by_month).toEqual([{ month: '2019-12', amount: 0 }]);
    expect(dec.invoiced).toBe(100_000);
    // as of 31 Dec: I1 11 days, I3 81 days
    expect(dec.arrears.as_of).toBe('2019-12-31');
    expect(dec.arrears.buckets.map((b) => [b.bucket, b.amount])).toEqual([
      ['0_30', 100_000],
      ['31_60', 0],
      ['61_90', 100_000],
      ['over_90', 0],
    ]);
    expect([dec.growth.new, dec.growth.churned, dec.growth.active_at_end]).toEqual([1, 0, 2]);
    expect(dec.isolir).toEqual({ isolations: 0, restores: 0, failed: 0 });
    expect(dec.avg_days_to_pay).toBeNull();
    expect(dec.whatsapp.delivery_rate).toBeNull();

    // January against December
    expect(r.changes.revenue).toEqual({ change: 150_000, pct: null });
    expect(r.changes.arrears_total).toEqual({ change: 100_000, pct: 0.5 });
    expect(r.changes.new_customers).toEqual({ change: 1, pct: 1 });
    expect(r.changes.avg_days_to_pay).toEqual({ change: null, pct: null });

    // outage minutes: 210 on the 10th (A ∪ B) + 60 before midnight on the 31st; none in December
    expect(jan.outage_minutes).toBe(270);
    expect(dec.outage_minutes).toBe(0);
    expect(r.changes.outage_minutes).toEqual({ change: 270, pct: null });
  });

  it('February holds what happened at 00:30 on its first day', async () => {
    const feb = (await overview(tenantA, '2020-03-05', 'last_month')).current;
    expect(feb.span).toEqual({ from: '2020-02-01', to: '2020-03-01' });
    expect(feb.revenue).toBe(120_000);
    expect(feb.growth.new).toBe(1);
    expect(feb.isolir.isolations).toBe(1);
    expect(feb.avg_days_to_pay).toBe(22);
    expect(feb.whatsapp.delivered).toBe(1);
    expect(feb.outage_minutes).toBe(60);
  });

  it('the same rows counted in UTC move the 00:30 payment into January', async () => {
    const jan = (await overview(tenantA, '2020-01-20', 'this_month', 'UTC')).current;
    expect(jan.revenue).toBe(270_000);
  });

  it('the other ISP sees none of it', async () => {
    const r = await overview(tenantB, '2020-01-20');
    expect(r.current.revenue).toBe(0);
    expect(r.current.arrears.total).toBe(0);
    expect(r.current.growth.new).toBe(0);
    expect(r.current.whatsapp.delivered).toBe(0);
  });

  it('the nightly rollup is what the daily series reads, with today live', async () => {
    const roll = (day: string) => withTenant(app.sql, { tenantId: tenantA }, (tx) => rollupDay(tx, tenantA, day));
    await roll('2020-01-10');
    await roll('2020-01-19');
    await roll('2020-01-10'); // again: an upsert, still one row
    const rows = await admin<{ day: string; outage_minutes: number; routers_total: number; routers_synced: number; routers_online: number }[]>`
      SELECT day::text, outage_minutes, routers_total, routers_synced, routers_online FROM tenant_analytics_daily WHERE tenant_id = ${tenantA} AND day < '2021-01-01' ORDER BY day`;
    expect(rows.map((x) => [x.day, x.outage_minutes])).toEqual([
      ['2020-01-10', 210],
      ['2020-01-19', 0],
    ]);
    const [routers] = await admin<{ total: number; synced: number; online: number }[]>`
      SELECT count(*)::int AS total, count(last_sync_at)::int AS synced, count(*) FILTER (WHERE last_sync_at IS NOT NULL AND status = 'online')::int AS online
      FROM tenant_routers WHERE tenant_id = ${tenantA}`;
    expect(rows[0]).toMatchObject({ routers_total: routers!.total, routers_synced: routers!.synced, routers_online: routers!.online });

    // the rollups' own figures, not recomputed: a row edited by hand shows as edited
    await admin`UPDATE tenant_analytics_daily SET isolated_customers = 7, routers_synced = 4, routers_online = 3 WHERE tenant_id = ${tenantA} AND day = '2020-01-19'`;
    await admin`UPDATE tenant_analytics_daily SET routers_synced = 4, routers_online = 4 WHERE tenant_id = ${tenantA} AND day = '2020-01-10'`;
    const r = await overview(tenantA, '2020-01-20');
    expect(r.daily.map((d) => [d.day, d.source])).toEqual([
      ['2020-01-10', 'rollup'],
      ['2020-01-19', 'rollup'],
      ['2020-01-20', 'live'],
    ]);
    expect(r.daily[1]).toMatchObject({ isolated_customers: 7, outage_minutes: 0 });
    // (3 + 4 online) of (4 + 4 synced) on the rolled-up days, plus today's live routers
    const synced = 8 + r.routers.synced;
    expect(r.routers.period).toEqual({ days: 3, sync_success_rate: synced === 0 ? null : Math.round(((7 + r.routers.online) / synced) * 10_000) / 10_000 });
    // a past period has no live day; the other ISP has no rollup rows
    expect((await overview(tenantA, '2020-03-05', 'last_month')).daily).toEqual([]);
    expect((await overview(tenantB, '2020-01-20')).daily.map((d) => d.source)).toEqual(['live']);
  });

  it('routers are a snapshot of the last sync', async () => {
    const r = await overview(tenantA, '2020-01-20');
    const [exp] = await admin<{ total: number; synced: number; online: number }[]>`
      SELECT count(*)::int AS total, count(last_sync_at)::int AS synced, count(*) FILTER (WHERE last_sync_at IS NOT NULL AND status = 'online')::int AS online
      FROM tenant_routers WHERE tenant_id = ${tenantA}`;
    expect(r.routers).toMatchObject(exp!);
    expect(r.routers.total).toBeGreaterThan(0);
  });
});
