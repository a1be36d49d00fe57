/**
 * Payment reminders and overdue notices, once a day per ISP in its own calendar: invoices
 * due in one of the ISP's `reminder_days` (0 = on the due date) and those past due by one
 * of its `overdue_days`, for subscribers who have not opted out — set-based, one
 * statement. They are spread over REMINDER_SPREAD_MS from the moment quiet hours allow,
 * never sent at one instant. Each (invoice, kind, day) is queued at most once.
 */
import type { Sql, TenantTx } from '@rrnet/db';
import { enqueue } from '@rrnet/jobs';
import { localDay } from '../billing/cycle';
import { tenantsWithFeature } from '../saas/entitlements';
import { REMINDER_SPREAD_MS, notBefore } from './delivery_rules';
import { invoiceValuesSql, loadWaConfig, queueDrain, templateBodySql } from './outbox';

export async function queueReminders(tx: TenantTx, tenantId: string, day: string, at: Date = new Date()): Promise<number> {
  const cfg = await loadWaConfig(tx);
  if (!cfg.enabled) return 0;
  const base = notBefore(at, cfg.timezone, cfg.quiet, false);
  const { sql } = tx;
  const rows = await sql<{ n: number; first: Date | string | null }[]>`
    WITH tr AS (SELECT ${templateBodySql(tx, 'payment_reminder', cfg.language)} AS body),
    tov AS (SELECT ${templateBodySql(tx, 'overdue', cfg.language)} AS body),
    cand AS (
      SELECT i.id AS invoice_id, c.id AS customer_id, c.phone, c.code AS customer_code,
             CASE WHEN (i.due_date - ${day}::date) = ANY(${cfg.reminderDays}::int[]) THEN 'payment_reminder' ELSE 'overdue' END AS code,
             ${invoiceValuesSql(tx, cfg.companyName, day)} AS vals
      FROM tenant_invoices i JOIN tenant_customers c ON c.id = i.customer_id
      WHERE i.status IN ('unpaid', 'overdue') AND i.total > i.paid_amount
        AND c.phone IS NOT NULL AND NOT c.wa_opt_out_reminders AND c.status IN ('active', 'isolated')
        AND ((i.due_date - ${day}::date) = ANY(${cfg.reminderDays}::int[]) OR (${day}::date - i.due_date) = ANY(${cfg.overdueDays}::int[]))
    ),
    bodied AS (
      SELECT cand.*, CASE WHEN cand.code = 'payment_reminder' THEN tr.body ELSE tov.body END AS body
      FROM cand CROSS JOIN tr CROSS JOIN tov
    ),
    numbered AS (
      SELECT b.*, row_number() OVER (ORDER BY b.customer_code, b.invoice_id) AS rn, count(*) OVER () AS total FROM bodied b WHERE b.body IS NOT NULL
    ),
    ins AS (
      INSERT INTO tenant_wa_messages (tenant_id, customer_id, template_code, language, to_phone, body, params, urgent, scheduled_at, dedupe_key)
      SELECT ${tenantId}::uuid, n.customer_id, n.code, ${cfg.language}, n.phone, sys_wa_render(n.body, n.vals), sys_wa_params(n.body, n.vals), false,
             ${base.toISOString()}::timestamptz + make_interval(secs => ((n.rn - 1) * ${REMINDER_SPREAD_MS / 1000}::float8 / n.total)),
             n.code || ':' || n.invoice_id::text || ':' || ${day}
      FROM numbered n
      ON CONFLICT (tenant_id, dedupe_key) DO NOTHING
      RETURNING scheduled_at
    )
    SELECT count(*)::int AS n, min(scheduled_at) AS first FROM ins`;
  const n = rows[0]?.n ?? 0;
  if (n > 0) await queueDrain(sql, tenantId, rows[0]!.first ? new Date(rows[0]!.first) : base);
  return n;
}

/** The hourly fan-out: today's reminders (each ISP's own calendar) for every ISP with notifications; idempotent per day. */
export async function queueReminderRuns(systemSql: Sql, now: Date = new Date()): Promise<number> {
  const tenants = await tenantsWithFeature(systemSql, 'notifications');
  for (const t of tenants) await enqueue(systemSql, 'wa_reminders', { day: localDay(t.timezone, now) }, { tenantId: t.id });
  return tenants.length;
}
