/**
 * Daily analytics rollups: one tenant's day — a calendar day in the tenant's own
 * timezone — into tenant_analytics_daily (an upsert, so re-running a day is harmless),
 * which tenants are due for yesterday's rollup right now, and what the reports read back:
 * the day-by-day series (customers active and isolated, routers in sync, outage minutes)
 * that no live table keeps — a customer's status and a router's last sync are overwritten.
 */
import { calendarDay } from '@rrnet/contracts';
import type { ReportDay } from '@rrnet/contracts';
import type { TenantTx } from '@rrnet/db';

type Sql = TenantTx['sql'];

/**
 * Minutes of [from, to) inside a confirmed outage (open or resolved; suspected and dismissed
 * ones are not outages), overlapping outages counted once: the union of their time ranges
 * (range_agg), clipped to the span. An outage still open counts up to `now`.
 */
export async function outageMinutes(sql: Sql, fromTs: string, toTs: string): Promise<number> {
  const [row] = await sql<{ minutes: number }[]>`
    SELECT coalesce(floor(sum(extract(epoch FROM upper(r) - lower(r))) / 60), 0)::int AS minutes
    FROM unnest((
      SELECT range_agg(tstzrange(started_at, coalesce(resolved_at, now())) * tstzrange(${fromTs}::timestamptz, ${toTs}::timestamptz))
      FROM tenant_outages
      WHERE status IN ('open', 'resolved') AND started_at < ${toTs}::timestamptz AND coalesce(resolved_at, now()) > ${fromTs}::timestamptz
    )) AS r`;
  return row?.minutes ?? 0;
}

/** The routers now: total, synced at least once, and online at their last sync. */
export async function routerCounts(sql: Sql): Promise<{ total: number; synced: number; online: number; failing: number }> {
  const [r] = await sql<{ total: number; synced: number; online: number; failing: number }[]>`
    SELECT count(*)::int AS total, count(*) FILTER (WHERE last_sync_at IS NOT NULL)::int AS synced,
           count(*) FILTER (WHERE last_sync_at IS NOT NULL AND status = 'online')::int AS online,
           count(*) FILTER (WHERE last_sync_at IS NOT NULL AND last_error IS NOT NULL)::int AS failing
    FROM tenant_routers`;
  return r!;
}

async function dayInstants(sql: Sql, tenantId: string, day: string): Promise<{ from_ts: string; to_ts: string }> {
  const [span] = await sql<{ from_ts: string; to_ts: string }[]>`
    SELECT (${day}::date::timestamp AT TIME ZONE timezone)::text AS from_ts, ((${day}::date + 1)::timestamp AT TIME ZONE timezone)::text AS to_ts
    FROM saas_tenants WHERE id = ${tenantId}`;
  if (!span) throw new Error(`tenant ${tenantId} not found`);
  return span;
}

export async function rollupDay(tx: TenantTx, tenantId: string, day: string): Promise<void> {
  const { from_ts: fromTs, to_ts: toTs } = await dayInstants(tx.sql, tenantId, day);
  const routers = await routerCounts(tx.sql);
  const outage = await outageMinutes(tx.sql, fromTs, toTs);
  await tx.sql`
    INSERT INTO tenant_analytics_daily (tenant_id, day, active_customers, isolated_customers, new_customers,
                                        terminated_customers, invoices_issued, invoiced_amount, payments_count,
                                        collected_amount, routers_total, routers_synced, routers_online, outage_minutes, computed_at)
    SELECT ${tenantId}, ${day}::date,
      (SELECT count(*) FROM tenant_customers WHERE status = 'active'),
      (SELECT count(*) FROM tenant_customers WHERE status = 'isolated'),
      (SELECT count(*) FROM tenant_customers WHERE created_at >= ${fromTs}::timestamptz AND created_at < ${toTs}::timestamptz),
      (SELECT count(*) FROM tenant_customers WHERE terminated_at >= ${fromTs}::timestamptz AND terminated_at < ${toTs}::timestamptz),
      (SELECT count(*) FROM tenant_invoices WHERE issued_at >= ${fromTs}::timestamptz AND issued_at < ${toTs}::timestamptz AND status <> 'void'),
      (SELECT coalesce(sum(total), 0) FROM tenant_invoices WHERE issued_at >= ${fromTs}::timestamptz AND issued_at < ${toTs}::timestamptz AND status <> 'void'),
      (SELECT count(*) FROM tenant_payments WHERE paid_at >= ${fromTs}::timestamptz AND paid_at < ${toTs}::timestamptz AND status = 'completed'),
      (SELECT coalesce(sum(amount), 0) FROM tenant_payments WHERE paid_at >= ${fromTs}::timestamptz AND paid_at < ${toTs}::timestamptz AND status = 'completed'),
      ${routers.total}, ${routers.synced}, ${routers.online}, ${outage},
      now()
    ON CONFLICT (tenant_id, day) DO UPDATE SET
      active_customers = EXCLUDED.active_customers, isolated_customers = EXCLUDED.isolated_customers,
      new_customers = EXCLUDED.new_customers, terminated_customers = EXCLUDED.terminated_customers,
      invoices_issued = EXCLUDED.invoices_issued, invoiced_amount = EXCLUDED.invoiced_amount,
      payments_count = EXCLUDED.payments_count, collected_amount = EXCLUDED.collected_amount,
      routers_total = EXCLUDED.routers_total, routers_synced = EXCLUDED.routers_synced,
      routers_online = EXCLUDED.routers_online, outage_minutes = EXCLUDED.outage_minutes,
      computed_at = EXCLUDED.computed_at`;
}

/**
 * The days of [from, to) as the reports chart them: the rollup of each day before `today`
 * that has one (a day the rollup has not run for is left out, not invented), and `today`
 * itself read live when it falls in the span.
 */
export async function dailySeries(tx: TenantTx, tenantId: string, span: { from: string; to: string }, today: string): Promise<ReportDay[]> {
  const rows = await tx.sql<Omit<ReportDay, 'source'>[]>`
    SELECT day::text AS day, active_customers, isolated_customers, routers_synced, routers_online, outage_minutes
    FROM tenant_analytics_daily
    WHERE day >= ${span.from}::date AND day < least(${span.to}::date, ${today}::date)
    ORDER BY day`;
  const days: ReportDay[] = rows.map((r) => ({ ...r, source: 'rollup' }));
  if (today >= span.from && today < span.to) {
    const { from_ts: fromTs, to_ts: toTs } = await dayInstants(tx.sql, tenantId, today);
    const [customers] = await tx.sql<{ active: number; isolated: number }[]>`
      SELECT count(*) FILTER (WHERE status = 'active')::int AS active, count(*) FILTER (WHERE status = 'isolated')::int AS isolated FROM tenant_customers`;
    const routers = await routerCounts(tx.sql);
    days.push({
      day: today,
      active_customers: customers!.active,
      isolated_customers: customers!.isolated,
      routers_synced: routers.synced,
      routers_online: routers.online,
      outage_minutes: await outageMinutes(tx.sql, fromTs, toTs),
      source: 'live',
    });
  }
  return days;
}

/** Tenants whose local clock is in its first hour of the day, with their (local) yesterday. */
export function dueForYesterday(tenants: { id: string; timezone: string }[], now: Date = new Date()): { id: string; day: string }[] {
  const due: { id: string; day: string }[] = [];
  for (const t of tenants) {
    const localHour = Number(new Intl.DateTimeFormat('en-GB', { timeZone: t.timezone, hour: '2-digit', hourCycle: 'h23' }).format(now));
    if (localHour !== 0) continue;
    due.push({ id: t.id, day: calendarDay(new Date(now.getTime() - 24 * 3_600_000), t.timezone) });
  }
  return due;
}
