/**
 * The billing run: on each customer's billing day D (in the tenant's timezone) one invoice
 * for the month just ended, [D − 1 month, D − 1], billed in arrears:
 *   - each day at the price of the plan the customer had that day (new customers from
 *     their activation day; plan changes from tenant_customer_plan_changes), so new
 *     customers and mid-cycle plan changes are prorated by days; one line per stretch on
 *     one plan (plan name, days, monthly price, amount rounded to the rupiah), and the
 *     subtotal is the sum of the lines;
 *   - minus the customer's monthly discount and, when the ISP credits long outages, the
 *     outage credits decided by outage_credit_rules.ts (fetched set-based first, capped in
 *     order so the total never goes below zero; the outages are marked with the invoice in
 *     the same statement, so a credit is taken once), plus tax (tenant settings, basis points);
 *   - due D + due_days.
 * One INSERT … SELECT for the whole tenant. Idempotent: a customer already invoiced for
 * the period is skipped (and the unique (customer, period_start) key would refuse it).
 * Numbers are "{prefix}-{YYYYMM}-{00001}", gap-free per issue month: the month's sequence
 * row is advanced by exactly the number of invoices inserted, in the same statement, under
 * a per-tenant lock.
 *
 * The rules are cycle_rules.ts (pure, unit-tested); this statement applies them to the
 * whole tenant set-based, and each CTE names the rule it mirrors. A change to one is a
 * change to both.
 */
import { AppError, FIELD_MESSAGES, serverMessage } from '@rrnet/contracts';
import type { Sql, TenantTx } from '@rrnet/db';
import { enqueue } from '@rrnet/jobs';
import { tenantsWithFeature } from '../saas/entitlements';
import { BILLABLE_CUSTOMER_STATUSES, billingPeriod, isCalendarDay } from './cycle_rules';
import type { BillingPeriod } from './cycle_rules';
import { outageCredits } from './outage_credit_rules';
import type { CreditOutage } from './outage_credit_rules';
import { queueInvoiceNotices } from '../notifications/outbox';

export interface BillingRunResult {
  day: string;
  period_start: string;
  period_end: string;
  created: number;
}

/** Today's date in a timezone, "YYYY-MM-DD". */
export function localDay(timeZone: string, at: Date = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}

/** A credit the run applies: one stretch of outages of one customer (outage_credit_rules). */
interface CreditRow {
  customer_id: string;
  outage_ids: string[];
  title: string;
  minutes: number;
  amount: number;
}

/**
 * The outage credits of the customers billed on `day` (none unless the ISP switched the
 * credit on): one set-based read of the outages of every billed customer with an outage
 * due for credit, then outageCredits per customer. `due`: resolved on or before the
 * period's last day (ISP calendar), after the credit was switched on, not credited yet.
 */
async function outageCreditsOf(tx: TenantTx, tenantId: string, day: string, period: BillingPeriod): Promise<CreditRow[]> {
  const rows = await tx.sql<{ customer_id: string; price: string | number; threshold_hours: number; id: string; title: string; started_at: Date; ended_at: Date | null; state: CreditOutage['state']; credited_minutes: number }[]>`
    WITH params AS (
      SELECT ${day}::date AS d, ${period.period_start}::date AS ps, ${period.period_end}::date AS pe,
             (SELECT timezone FROM saas_tenants WHERE id = ${tenantId}) AS tz
    ),
    s AS (SELECT outage_credit_threshold_hours AS threshold_hours, outage_credit_since AS since FROM tenant_settings WHERE outage_credit_enabled),
    -- the customers this run bills (the same conditions as runBillingCycle's cust)
    cust AS (
      SELECT c.id, p.price FROM tenant_customers c JOIN tenant_service_plans p ON p.id = c.plan_id CROSS JOIN params
      WHERE c.billing_day = extract(day FROM params.d)::int
        AND c.status = ANY(${[...BILLABLE_CUSTOMER_STATUSES]}::text[])
        AND c.activated_at IS NOT NULL
        AND (c.activated_at AT TIME ZONE params.tz)::date <= params.pe
        AND NOT EXISTS (SELECT 1 FROM tenant_invoices i WHERE i.customer_id = c.id AND i.period_start = params.ps)
    ),
    due AS (
      SELECT DISTINCT oc.customer_id FROM tenant_outage_customers oc
      JOIN cust ON cust.id = oc.customer_id JOIN tenant_outages o ON o.id = oc.outage_id CROSS JOIN s CROSS JOIN params
      WHERE o.status = 'resolved' AND oc.credit_invoice_id IS NULL AND o.resolved_at >= s.since AND (o.resolved_at AT TIME ZONE params.tz)::date <= params.pe
    )
    SELECT oc.customer_id, cust.price, s.threshold_hours, o.id, o.title, o.started_at, o.resolved_at AS ended_at,
           CASE WHEN oc.credit_invoice_id IS NOT NULL OR (o.status = 'resolved' AND o.resolved_at < s.since) THEN 'done'
                WHEN o.status = 'resolved' AND (o.resolved_at AT TIME ZONE params.tz)::date <= params.pe THEN 'due'
                ELSE 'pending' END AS state,
           coalesce(oc.credit_minutes, 0) AS credited_minutes
    FROM due JOIN cust ON cust.id = due.customer_id
    JOIN tenant_outage_customers oc ON oc.customer_id = due.customer_id
    JOIN tenant_outages o ON o.id = oc.outage_id
    CROSS JOIN s CROSS JOIN params
    WHERE o.status IN ('suspected', 'open', 'resolved')`;
  const byCustomer = new Map<string, (typeof rows)[number][]>();
  for (const r of rows) {
    const list = byCustomer.get(r.customer_id);
    if (list) list.push(r);
    else byCustomer.set(r.customer_id, [r]);
  }
  const credits: CreditRow[] = [];
  for (const [customerId, outages] of byCustomer) {
    const rule = { thresholdHours: outages[0]!.threshold_hours, monthlyPrice: Number(outages[0]!.price), periodDays: period.period_days };
    for (const c of outageCredits(outages.map((o) => ({ ...o, started_at: new Date(o.started_at), ended_at: o.ended_at && new Date(o.ended_at) })), rule)) {
      credits.push({ customer_id: customerId, ...c });
    }
  }
  return credits;
}

export async function runBillingCycle(tx: TenantTx, tenantId: string, day: string): Promise<BillingRunResult> {
  if (!isCalendarDay(day)) throw new AppError('VALIDATION_FAILED', { message: serverMessage('billing_day_format'), details: { day: FIELD_MESSAGES.day_format } });
  const { sql } = tx;
  const period = billingPeriod(day);
  await sql`SELECT pg_advisory_xact_lock(hashtext(${`${tenantId}:billing_run`}))`;
  const credits = await outageCreditsOf(tx, tenantId, day, period);
  const [row] = await sql<{ created: number; period_start: string; period_end: string }[]>`
    WITH params AS (
      SELECT ${day}::date AS d, ${period.period_start}::date AS ps, ${period.period_end}::date AS pe,
             (SELECT timezone FROM saas_tenants WHERE id = ${tenantId}) AS tz
    ),
    settings AS (
      SELECT coalesce(s.invoice_prefix, 'INV') AS prefix, coalesce(s.due_days, 10) AS due_days, coalesce(s.tax_rate_bp, 0) AS tax_bp
      FROM (SELECT 1) one LEFT JOIN tenant_settings s ON true
    ),
    -- isBillingDay, isBillable, activeFrom
    cust AS (
      SELECT c.id, c.code, c.monthly_discount, c.plan_id AS current_plan_id, p.name AS current_plan_name, p.price AS current_price,
             greatest(params.ps, (c.activated_at AT TIME ZONE params.tz)::date) AS active_from
      FROM tenant_customers c
      JOIN tenant_service_plans p ON p.id = c.plan_id
      CROSS JOIN params
      WHERE c.billing_day = extract(day FROM params.d)::int
        AND c.status = ANY(${[...BILLABLE_CUSTOMER_STATUSES]}::text[])
        AND c.activated_at IS NOT NULL
        AND (c.activated_at AT TIME ZONE params.tz)::date <= params.pe
        AND NOT EXISTS (SELECT 1 FROM tenant_invoices i WHERE i.customer_id = c.id AND i.period_start = params.ps)
    ),
    -- invoiceLines: customers whose plan changed after they became billable this period need day
    -- segments; everyone else pays the current plan's price for their active days (one line)
    changed AS (
      SELECT DISTINCT pc.customer_id AS id FROM tenant_customer_plan_changes pc JOIN cust ON cust.id = pc.customer_id
      WHERE pc.effective_on > cust.active_from
    ),
    bounds AS (
      SELECT cust.id, cust.active_from AS seg_start FROM cust JOIN changed USING (id)
      UNION
      SELECT pc.customer_id, pc.effective_on FROM tenant_customer_plan_changes pc
      JOIN cust ON cust.id = pc.customer_id CROSS JOIN params
      WHERE pc.effective_on > cust.active_from AND pc.effective_on <= params.pe
    ),
    segs AS (
      SELECT b.id, b.seg_start, coalesce(lead(b.seg_start) OVER (PARTITION BY b.id ORDER BY b.seg_start) - 1, params.pe) AS seg_end
      FROM bounds b CROSS JOIN params
    ),
    -- a segment's plan: the newest change in effect on its first day, else the plan the first later change left
    seg_lines AS (
      SELECT s.id, s.seg_start, s.seg_end, coalesce(cur.new_plan_id, nxt.old_plan_id) AS plan_id, coalesce(cur.new_price, nxt.old_price) AS price
      FROM segs s
      LEFT JOIN LATERAL (SELECT pc.new_plan_id, pc.new_price FROM tenant_customer_plan_changes pc
                         WHERE pc.customer_id = s.id AND pc.effective_on <= s.seg_start
                         ORDER BY pc.effective_on DESC, pc.created_at DESC LIMIT 1) cur ON true
      LEFT JOIN LATERAL (SELECT pc.old_plan_id, pc.old_price FROM tenant_customer_plan_changes pc
                         WHERE pc.customer_id = s.id AND pc.effective_on > s.seg_start
                         ORDER BY pc.effective_on, pc.created_at LIMIT 1) nxt ON (cur.new_plan_id IS NULL)
    ),
    -- prorate: round(price × days / period days) per line
    seg_amounts AS (
      SELECT l.id, l.seg_start, l.seg_end, l.plan_id, p.name AS plan_name, l.price,
             round(l.price::numeric * (l.seg_end - l.seg_start + 1) / (params.pe - params.ps + 1))::bigint AS amount
      FROM seg_lines l JOIN tenant_service_plans p ON p.id = l.plan_id CROSS JOIN params
    ),
    single_lines AS (
      SELECT cust.id, cust.code, cust.monthly_discount, round(cust.current_price::numeric * (params.pe - cust.active_from + 1) / (params.pe - params.ps + 1))::bigint AS amount,
             cust.current_plan_id AS plan_id, cust.current_plan_name AS plan_name, cust.current_price AS price, cust.active_from AS l_from, params.pe AS l_to
      FROM cust CROSS JOIN params WHERE NOT EXISTS (SELECT 1 FROM changed WHERE changed.id = cust.id)
    ),
    -- each customer's code and monthly discount ride along, so nothing below joins back to cust
    -- (a CTE has no index: with the row estimate of a few, that join was a nested loop, n²)
    amounts AS (
      SELECT sl.id, sl.code, sl.monthly_discount, sl.amount AS subtotal,
             jsonb_build_array(jsonb_build_object('plan_id', sl.plan_id, 'plan_name', sl.plan_name, 'from', sl.l_from, 'to', sl.l_to,
               'days', sl.l_to - sl.l_from + 1, 'period_days', params.pe - params.ps + 1, 'monthly_price', sl.price, 'amount', sl.amount)) AS lines
      FROM single_lines sl CROSS JOIN params
      UNION ALL
      SELECT sa.id, cust.code, cust.monthly_discount, sum(sa.amount)::bigint,
             jsonb_agg(jsonb_build_object('plan_id', sa.plan_id, 'plan_name', sa.plan_name, 'from', sa.seg_start, 'to', sa.seg_end,
               'days', sa.seg_end - sa.seg_start + 1, 'period_days', params.pe - params.ps + 1, 'monthly_price', sa.price, 'amount', sa.amount)
               ORDER BY sa.seg_start)
      FROM seg_amounts sa JOIN cust ON cust.id = sa.id CROSS JOIN params GROUP BY sa.id, cust.code, cust.monthly_discount, params.pe, params.ps
    ),
    -- the outage credits decided by outageCredits, in their order per customer
    credit_in AS (
      SELECT c.customer_id, c.outage_ids, c.title, c.minutes, c.amount, e.n
      FROM jsonb_array_elements(${JSON.stringify(credits)}::text::jsonb) WITH ORDINALITY AS e(v, n)
      CROSS JOIN LATERAL jsonb_to_record(e.v) AS c(customer_id uuid, outage_ids uuid[], title text, minutes int, amount bigint)
    ),
    -- capCredits: in order, out of what the monthly discount left of the subtotal
    credit_applied AS (
      SELECT ci.*, greatest(0, least(ci.amount, (a.subtotal - least(a.monthly_discount, a.subtotal))
               - coalesce(sum(ci.amount) OVER (PARTITION BY ci.customer_id ORDER BY ci.n ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0)))::bigint AS applied
      FROM credit_in ci JOIN amounts a ON a.id = ci.customer_id
    ),
    credit_sums AS (
      SELECT customer_id, sum(applied)::bigint AS total,
             coalesce(jsonb_agg(jsonb_build_object('kind', 'outage', 'outage_ids', to_jsonb(outage_ids), 'title', title, 'minutes', minutes, 'amount', applied) ORDER BY n)
                      FILTER (WHERE applied > 0), '[]'::jsonb) AS lines
      FROM credit_applied GROUP BY customer_id
    ),
    -- invoiceTotals: discount (the monthly discount, then the outage credits) at most the subtotal, tax in basis points on the rest
    priced AS (
      SELECT a.id, a.code, a.subtotal, a.lines, least(a.monthly_discount, a.subtotal) + coalesce(cs.total, 0) AS discount,
             coalesce(cs.lines, '[]'::jsonb) AS credits,
             round((a.subtotal - least(a.monthly_discount, a.subtotal) - coalesce(cs.total, 0)) * settings.tax_bp / 10000.0)::bigint AS tax,
             row_number() OVER (ORDER BY a.code, a.id) AS rn
      FROM amounts a CROSS JOIN settings LEFT JOIN credit_sums cs ON cs.customer_id = a.id
    ),
    n AS (SELECT count(*)::int AS n FROM priced),
    seq AS (
      INSERT INTO tenant_invoice_sequences (tenant_id, period, last_number)
      SELECT ${tenantId}::uuid, to_char(params.d, 'YYYY-MM'), n.n FROM n CROSS JOIN params WHERE n.n > 0
      ON CONFLICT (tenant_id, period) DO UPDATE SET last_number = tenant_invoice_sequences.last_number + EXCLUDED.last_number
      RETURNING last_number
    ),
    -- dueDate: D + due_days
    inserted AS (
      INSERT INTO tenant_invoices (tenant_id, number, customer_id, period_start, period_end, subtotal, discount, tax, total, due_date, status, lines, credits)
      SELECT ${tenantId}::uuid,
             settings.prefix || '-' || to_char(params.d, 'YYYYMM') || '-' || lpad((seq.last_number - n.n + priced.rn)::text, 5, '0'),
             priced.id, params.ps, params.pe, priced.subtotal, priced.discount, priced.tax,
             priced.subtotal - priced.discount + priced.tax, params.d + settings.due_days, 'unpaid', priced.lines, priced.credits
      FROM priced CROSS JOIN params CROSS JOIN settings CROSS JOIN n CROSS JOIN seq
      RETURNING id, customer_id
    ),
    -- the credit is taken once: its outages are marked with the invoice (the stretch's minutes and amount on its first outage)
    consumed AS (
      UPDATE tenant_outage_customers oc
      SET credit_invoice_id = inserted.id,
          credit_minutes = CASE WHEN oc.outage_id = ca.outage_ids[1] THEN ca.minutes ELSE 0 END,
          credit_amount = CASE WHEN oc.outage_id = ca.outage_ids[1] THEN ca.applied ELSE 0 END
      FROM credit_applied ca JOIN inserted ON inserted.customer_id = ca.customer_id
      WHERE oc.customer_id = ca.customer_id AND oc.outage_id = ANY(ca.outage_ids) AND oc.credit_invoice_id IS NULL
      RETURNING 1
    )
    SELECT (SELECT count(*)::int FROM inserted) AS created, (SELECT count(*)::int FROM consumed) AS consumed, (SELECT ps::text FROM params) AS period_start, (SELECT pe::text FROM params) AS period_end`;
  // invoice_issued notices for exactly the invoices this run inserted (issued_at = now()), set-based, same transaction
  if (row!.created > 0) await queueInvoiceNotices(tx, tenantId);
  return { day, created: row!.created, period_start: row!.period_start, period_end: row!.period_end };
}

/** The hourly fan-out: today's billing run (each tenant's own calendar) for every tenant with billing; job keys dedupe. */
export async function queueBillingRuns(systemSql: Sql, now: Date = new Date()): Promise<number> {
  const tenants = await tenantsWithFeature(systemSql, 'billing');
  for (const t of tenants) await enqueue(systemSql, 'billing_cycle', { day: localDay(t.timezone, now) }, { tenantId: t.id });
  return tenants.length;
}
