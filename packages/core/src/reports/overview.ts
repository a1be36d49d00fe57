/**
 * The reports page's figures: one period of the ISP's calendar and the period before it,
 * counted set-based in SQL from the live tables (the nightly rollup has no plans, areas,
 * payments' plans or isolir events, and would be a day stale). Periods, ageing buckets
 * and ratios come from report_rules.
 */
import { OPEN_INVOICE_STATUSES, REPORT_COMPARED, reportOverviewSchema } from '@rrnet/contracts';
import type { AgeingBucket, ReportFigures, ReportOverview, ReportPeriodPreset, ReportSpan } from '@rrnet/contracts';
import type { TenantTx } from '@rrnet/db';
import { deliveryRate } from '../notifications/delivery_rules';
import { dailySeries, outageMinutes, routerCounts } from './analytics';
import { AGEING_BOUNDS, addDays, comparedValue, delta, fillBuckets, fillMonths, lastDay, periodSyncRate, previousSpan, ratio, resolvePeriod } from './report_rules';

type Sql = TenantTx['sql'];

/** Local midnight of a calendar day in the ISP's timezone, as an instant. */
async function instants(sql: Sql, timezone: string, days: string[]): Promise<string[]> {
  const rows = await sql<{ at: string }[]>`
    SELECT (d::date::timestamp AT TIME ZONE ${timezone})::text AS at FROM unnest(${days}::text[]) WITH ORDINALITY AS u(d, n) ORDER BY n`;
  return rows.map((r) => r.at);
}

const int = (v: string | number | null): number => Number(v ?? 0);
const rounded = (v: number | null): number | null => (v === null ? null : Math.round(v * 10_000) / 10_000);

/** One period's figures; `today` caps the arrears' as-of day (no ageing into the future). */
export async function periodFigures(tx: TenantTx, timezone: string, span: ReportSpan, today: string): Promise<ReportFigures> {
  const sql = tx.sql;
  const asOf = lastDay(span) < today ? lastDay(span) : today;
  // the instants the period starts and ends, and the as-of day ends
  const [fromTs, toTs, asOfEndInstant] = (await instants(sql, timezone, [span.from, span.to, addDays(asOf, 1)])) as [string, string, string];

  const payments = await sql<{ month: string; plan_id: string | null; plan_name: string | null; amount: string; n: number }[]>`
    SELECT to_char(p.paid_at AT TIME ZONE ${timezone}, 'YYYY-MM') AS month, pl.id AS plan_id, pl.name AS plan_name,
           sum(p.amount)::text AS amount, count(*)::int AS n
    FROM tenant_payments p
    JOIN tenant_invoices i ON i.tenant_id = p.tenant_id AND i.id = p.invoice_id
    JOIN tenant_customers c ON c.tenant_id = p.tenant_id AND c.id = p.customer_id
    LEFT JOIN tenant_service_plans pl ON pl.tenant_id = p.tenant_id
      AND pl.id = coalesce((i.lines -> -1 ->> 'plan_id')::uuid, c.plan_id)
    WHERE p.status = 'completed' AND p.paid_at >= ${fromTs}::timestamptz AND p.paid_at < ${toTs}::timestamptz
    GROUP BY 1, 2, 3`;
  const byMonth = new Map<string, number>();
  const byPlan = new Map<string, { plan_id: string | null; plan_name: string | null; amount: number; payments: number }>();
  for (const r of payments) {
    byMonth.set(r.month, (byMonth.get(r.month) ?? 0) + int(r.amount));
    const key = r.plan_id ?? '';
    const p = byPlan.get(key) ?? { plan_id: r.plan_id, plan_name: r.plan_name, amount: 0, payments: 0 };
    p.amount += int(r.amount);
    p.payments += r.n;
    byPlan.set(key, p);
  }
  const revenueByMonth = fillMonths(span, [...byMonth].map(([month, amount]) => ({ month, amount })), (month) => ({ month, amount: 0 }));

  const [inv] = await sql<{ invoiced: string; collected: string }[]>`
    SELECT coalesce(sum(total), 0)::text AS invoiced, coalesce(sum(paid_amount), 0)::text AS collected
    FROM tenant_invoices WHERE status <> 'void' AND issued_at >= ${fromTs}::timestamptz AND issued_at < ${toTs}::timestamptz`;

  // Arrears as they stood at the end of the as-of day: issued by then, not void by then,
  // due before that day, minus the payments made by then (a payment voided later still
  // counted then). The CASE mirrors ageingBucket.
  const [b30, b60, b90] = AGEING_BOUNDS;
  const arrears = await sql<{ bucket: AgeingBucket; amount: string; invoices: number }[]>`
    WITH open AS (
      SELECT ${asOf}::date - i.due_date AS days,
             i.total - coalesce((SELECT sum(p.amount) FROM tenant_payments p
                                 WHERE p.tenant_id = i.tenant_id AND p.invoice_id = i.id AND p.paid_at < ${asOfEndInstant}::timestamptz
                                   AND (p.status = 'completed' OR p.voided_at >= ${asOfEndInstant}::timestamptz)), 0) AS outstanding
      FROM tenant_invoices i
      WHERE i.issued_at < ${asOfEndInstant}::timestamptz AND i.due_date < ${asOf}::date
        AND (i.status = ANY(${[...OPEN_INVOICE_STATUSES]}::text[]) OR (i.status = 'paid' AND i.paid_at >= ${asOfEndInstant}::timestamptz)
             OR (i.status = 'void' AND i.voided_at >= ${asOfEndInstant}::timestamptz))
    )
    SELECT CASE WHEN days <= ${b30}::int THEN '0_30' WHEN days <= ${b60}::int THEN '31_60' WHEN days <= ${b90}::int THEN '61_90' ELSE 'over_90' END AS bucket,
           sum(outstanding)::text AS amount, count(*)::int AS invoices
    FROM open WHERE outstanding > 0 GROUP BY 1`;
  const buckets = fillBuckets(arrears.map((r) => ({ bucket: r.bucket, amount: int(r.amount), invoices: r.invoices })));

  const growth = await sql<{ month: string | null; plan_id: string; plan_name: string; odp_id: string | null; odp_name: string | null; new: number; churned: number }[]>`
    SELECT to_char(e.at AT TIME ZONE ${timezone}, 'YYYY-MM') AS month, c.plan_id, pl.name AS plan_name, c.odp_id, n.name AS odp_name,
           count(*) FILTER (WHERE e.kind = 'new')::int AS new, count(*) FILTER (WHERE e.kind = 'churned')::int AS churned
    FROM tenant_customers c
    CROSS JOIN LATERAL (VALUES ('new', c.created_at), ('churned', c.terminated_at)) AS e(kind, at)
    JOIN tenant_service_plans pl ON pl.tenant_id = c.tenant_id AND pl.id = c.plan_id
    LEFT JOIN tenant_topology_nodes n ON n.tenant_id = c.tenant_id AND n.id = c.odp_id
    WHERE e.at >= ${fromTs}::timestamptz AND e.at < ${toTs}::timestamptz
    GROUP BY 1, 2, 3, 4, 5`;
  const gMonth = new Map<string, { month: string; new: number; churned: number }>();
  const gPlan = new Map<string, { plan_id: string; plan_name: string; new: number; churned: number; net: number }>();
  const gOdp = new Map<string, { odp_id: string | null; odp_name: string | null; new: number; churned: number; net: number }>();
  for (const r of growth) {
    const m = gMonth.get(r.month!) ?? { month: r.month!, new: 0, churned: 0 };
    m.new += r.new;
    m.churned += r.churned;
    gMonth.set(r.month!, m);
    const p = gPlan.get(r.plan_id) ?? { plan_id: r.plan_id, plan_name: r.plan_name, new: 0, churned: 0, net: 0 };
    p.new += r.new;
    p.churned += r.churned;
    p.net = p.new - p.churned;
    gPlan.set(r.plan_id, p);
    const o = gOdp.get(r.odp_id ?? '') ?? { odp_id: r.odp_id, odp_name: r.odp_name, new: 0, churned: 0, net: 0 };
    o.new += r.new;
    o.churned += r.churned;
    o.net = o.new - o.churned;
    gOdp.set(r.odp_id ?? '', o);
  }
  const [active] = await sql<{ n: number }[]>`
    SELECT count(*)::int AS n FROM tenant_customers
    WHERE created_at < ${toTs}::timestamptz AND (terminated_at IS NULL OR terminated_at >= ${toTs}::timestamptz)`;

  const [iso] = await sql<{ isolations: number; restores: number; failed: number }[]>`
    SELECT count(*) FILTER (WHERE status = 'applied' AND action = 'isolate' AND applied_at >= ${fromTs}::timestamptz AND applied_at < ${toTs}::timestamptz)::int AS isolations,
           count(*) FILTER (WHERE status = 'applied' AND action = 'restore' AND applied_at >= ${fromTs}::timestamptz AND applied_at < ${toTs}::timestamptz)::int AS restores,
           count(*) FILTER (WHERE status = 'failed' AND created_at >= ${fromTs}::timestamptz AND created_at < ${toTs}::timestamptz)::int AS failed
    FROM tenant_isolation_events
    WHERE (applied_at >= ${fromTs}::timestamptz AND applied_at < ${toTs}::timestamptz) OR (created_at >= ${fromTs}::timestamptz AND created_at < ${toTs}::timestamptz)`;

  const [pay] = await sql<{ avg: string | null }[]>`
    SELECT avg((paid_at AT TIME ZONE ${timezone})::date - (issued_at AT TIME ZONE ${timezone})::date)::text AS avg
    FROM tenant_invoices WHERE status = 'paid' AND paid_at >= ${fromTs}::timestamptz AND paid_at < ${toTs}::timestamptz`;

  const wa = await sql<{ status: string; n: number }[]>`
    SELECT status, count(*)::int AS n FROM tenant_wa_messages
    WHERE created_at >= ${fromTs}::timestamptz AND created_at < ${toTs}::timestamptz GROUP BY status`;
  const waCount = (...s: string[]) => wa.filter((r) => s.includes(r.status)).reduce((a, r) => a + r.n, 0);
  const whatsapp = { sent: waCount('sent'), delivered: waCount('delivered'), read: waCount('read'), failed: waCount('failed'), waiting: waCount('queued', 'sending') };

  const invoiced = int(inv!.invoiced);
  const collected = int(inv!.collected);
  const newCount = [...gMonth.values()].reduce((a, m) => a + m.new, 0);
  const churned = [...gMonth.values()].reduce((a, m) => a + m.churned, 0);
  return {
    span,
    revenue: revenueByMonth.reduce((a, m) => a + m.amount, 0),
    payments_count: payments.reduce((a, r) => a + r.n, 0),
    invoiced,
    collected_on_invoiced: collected,
    collection_rate: ratio(collected, invoiced),
    revenue_by_month: revenueByMonth,
    revenue_by_plan: [...byPlan.values()].sort((a, b) => b.amount - a.amount),
    arrears: { as_of: asOf, total: buckets.reduce((a, b) => a + b.amount, 0), invoices: buckets.reduce((a, b) => a + b.invoices, 0), buckets },
    growth: {
      new: newCount,
      churned,
      net: newCount - churned,
      active_at_end: active!.n,
      by_month: fillMonths(span, [...gMonth.values()], (month) => ({ month, new: 0, churned: 0 })),
      by_plan: [...gPlan.values()].sort((a, b) => b.new - a.new || a.plan_name.localeCompare(b.plan_name)),
      by_odp: [...gOdp.values()].sort((a, b) => b.new - a.new || (a.odp_name ?? '').localeCompare(b.odp_name ?? '')),
    },
    isolir: { isolations: iso!.isolations, restores: iso!.restores, failed: iso!.failed },
    avg_days_to_pay: pay!.avg === null ? null : Math.round(Number(pay!.avg) * 10) / 10,
    whatsapp: { ...whatsapp, delivery_rate: rounded(deliveryRate(whatsapp)) },
    outage_minutes: await outageMinutes(sql, fromTs, toTs),
  };
}

/** The overview of a period and the one before it; `today` is a day of the ISP's calendar. */
export async function reportOverview(
  tx: TenantTx,
  tenantId: string,
  timezone: string,
  period: { preset: ReportPeriodPreset; from?: string | undefined; to?: string | undefined },
  today: string,
  now: Date = new Date(),
): Promise<ReportOverview> {
  const span = resolvePeriod(period, today);
  const current = await periodFigures(tx, timezone, span, today);
  const previous = await periodFigures(tx, timezone, previousSpan(span), today);
  const changes = Object.fromEntries(REPORT_COMPARED.map((key) => [key, delta(comparedValue(current, key), comparedValue(previous, key))]));
  const daily = await dailySeries(tx, tenantId, span, today);
  const routersNow = await routerCounts(tx.sql);
  const routers = {
    ...routersNow,
    sync_success_rate: ratio(routersNow.online, routersNow.synced),
    period: { days: daily.length, sync_success_rate: periodSyncRate(daily) },
  };
  return reportOverviewSchema.parse({ timezone, preset: period.preset, current, previous, changes, routers, daily, generated_at: now.toISOString() });
}
