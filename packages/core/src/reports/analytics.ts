/**
 * Daily analytics rollups: one tenant's day — a calendar day in the tenant's own
 * timezone — into tenant_analytics_daily (an upsert, so re-running a day is harmless),
 * and which tenants are due for yesterday's rollup right now.
 */
import { calendarDay } from '@rrnet/contracts';
import type { TenantTx } from '@rrnet/db';

export async function rollupDay(tx: TenantTx, tenantId: string, day: string): Promise<void> {
  await tx.sql`
    WITH tz AS (SELECT timezone FROM saas_tenants WHERE id = ${tenantId}),
    span AS (
      SELECT (${day}::date::timestamp AT TIME ZONE tz.timezone) AS from_ts,
             ((${day}::date + 1)::timestamp AT TIME ZONE tz.timezone) AS to_ts
      FROM tz
    )
    INSERT INTO tenant_analytics_daily (tenant_id, day, active_customers, isolated_customers, new_customers,
                                        terminated_customers, invoices_issued, invoiced_amount, payments_count,
                                        collected_amount, computed_at)
    SELECT ${tenantId}, ${day}::date,
      (SELECT count(*) FROM tenant_customers WHERE status = 'active'),
      (SELECT count(*) FROM tenant_customers WHERE status = 'isolated'),
      (SELECT count(*) FROM tenant_customers, span WHERE created_at >= span.from_ts AND created_at < span.to_ts),
      (SELECT count(*) FROM tenant_customers, span WHERE terminated_at >= span.from_ts AND terminated_at < span.to_ts),
      (SELECT count(*) FROM tenant_invoices, span WHERE issued_at >= span.from_ts AND issued_at < span.to_ts AND status <> 'void'),
      (SELECT coalesce(sum(total), 0) FROM tenant_invoices, span WHERE issued_at >= span.from_ts AND issued_at < span.to_ts AND status <> 'void'),
      (SELECT count(*) FROM tenant_payments, span WHERE paid_at >= span.from_ts AND paid_at < span.to_ts AND status = 'completed'),
      (SELECT coalesce(sum(amount), 0) FROM tenant_payments, span WHERE paid_at >= span.from_ts AND paid_at < span.to_ts AND status = 'completed'),
      now()
    ON CONFLICT (tenant_id, day) DO UPDATE SET
      active_customers = EXCLUDED.active_customers, isolated_customers = EXCLUDED.isolated_customers,
      new_customers = EXCLUDED.new_customers, terminated_customers = EXCLUDED.terminated_customers,
      invoices_issued = EXCLUDED.invoices_issued, invoiced_amount = EXCLUDED.invoiced_amount,
      payments_count = EXCLUDED.payments_count, collected_amount = EXCLUDED.collected_amount,
      computed_at = EXCLUDED.computed_at`;
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
