/**
 * SaaS invoices: the platform's monthly run across ISPs (rrnet_system), an ISP's own list
 * (as the tenant, under RLS) and the platform's list and payment recording. The rules are
 * saas_billing_rules.ts; this file looks up, asks them and writes.
 *
 * The run is idempotent: one invoice per (subscription, billed month) — a subscription
 * already invoiced for the month is skipped, and the unique key would refuse a second —
 * and it runs under one advisory lock, so numbers are gap-free per month.
 */
import { AppError, canSaasInvoiceTransition, serverMessage } from '@rrnet/contracts';
import type {
  SaasBillingRunResult,
  SaasInvoice,
  SaasInvoiceLine,
  SaasInvoiceStatus,
  SaasPaymentMethod,
  SaasSubscriptionStatus,
  SubscriptionStart,
} from '@rrnet/contracts';
import type { Sql, TenantTx } from '@rrnet/db';
import { withPlatform } from '@rrnet/db';
import { localDay } from '../billing/cycle';
import type { Redis } from '@rrnet/cache';
import { invalidateEntitlements } from './entitlements';
import { platformAudit } from './platform_audit';
import { applyDunning } from './saas_dunning';
import { applyScheduledChanges } from './saas_platform';
import {
  INVOICED_SUBSCRIPTION_STATUSES,
  SAAS_BILLING,
  isInvoiced,
  isProrationDue,
  monthPeriod,
  planLine,
  prorationLine,
  saasDueDate,
  saasInvoiceNumber,
  saasInvoiceTotals,
} from './saas_billing_rules';

interface Actor {
  userId: string | null;
  requestId: string | null;
}

const SELECT_INVOICE = `
  SELECT i.id, i.tenant_id, t.name AS tenant_name, t.slug AS tenant_slug, i.number, i.subscription_id,
         i.period_start::text, i.period_end::text, i.subtotal, i.tax, i.amount AS total, i.status, i.issued_at,
         i.due_date::text, i.paid_at, i.payment_method, i.payment_reference, i.lines
  FROM saas_invoices i JOIN saas_tenants t ON t.id = i.tenant_id`;

type InvoiceRow = Omit<SaasInvoice, 'issued_at' | 'paid_at'> & { issued_at: Date | string; paid_at: Date | string | null };

const toInvoice = (r: InvoiceRow): SaasInvoice => ({
  ...r,
  subtotal: Number(r.subtotal),
  tax: Number(r.tax),
  total: Number(r.total),
  issued_at: new Date(r.issued_at),
  paid_at: r.paid_at ? new Date(r.paid_at) : null,
  lines: r.lines ?? [],
});

interface Candidate {
  tenant_id: string;
  slug: string;
  subscription_id: string;
  status: SaasSubscriptionStatus;
  started_on: string;
  plan_code: string;
  plan_name: string;
  price_monthly: number;
}

interface PendingUpgrade {
  tenant_id: string;
  subscription_id: string;
  id: string;
  effective_on: string;
  old_code: string;
  old_name: string;
  old_price: number;
  new_code: string;
  new_name: string;
  new_price: number;
}

/**
 * Issues the invoices of the month `at` falls in (platform timezone) to every subscription
 * that is active or past due and not yet invoiced for it. Run it as often as you like.
 */
export async function runSaasBilling(systemSql: Sql, at: Date = new Date(), actor: Actor = { userId: null, requestId: null }): Promise<SaasBillingRunResult> {
  const period = monthPeriod(localDay(SAAS_BILLING.timezone, at));
  return withPlatform(systemSql, { userId: actor.userId, requestId: actor.requestId }, async ({ sql }) => {
    await sql`SELECT pg_advisory_xact_lock(hashtext('saas_billing_run'))`;
    // downgrades scheduled for the 1st take effect before the month is invoiced (entitlements follow within their cache TTL)
    await applyScheduledChanges(sql, period.period_start);
    const issued = await issueMonthInvoices(sql, at, null);
    if (issued.created > 0) await platformAudit(sql, null, 'saas.billing_run', { month: period.month, created: issued.created, total: issued.total });
    return { month: period.month, period_start: period.period_start, period_end: period.period_end, created: issued.created, total: issued.total };
  });
}

/**
 * The month's invoices (the month `at` falls in) for the invoiced subscriptions not yet invoiced
 * for it — every ISP's, or one ISP's (`tenantId`). Call it under the billing run's advisory lock
 * (numbers are gap-free per month); one invoice per (subscription, month) whoever calls it.
 */
async function issueMonthInvoices(sql: TenantTx['sql'], at: Date, tenantId: string | null): Promise<{ created: number; total: number; ids: string[] }> {
  const issueDay = localDay(SAAS_BILLING.timezone, at);
  const period = monthPeriod(issueDay);
  const candidates = await sql<Candidate[]>`
    SELECT s.tenant_id, t.slug, s.id AS subscription_id, s.status,
           -- a subscription pays from its start, or from the day after its trial (current_period_start once converted)
           greatest((s.created_at AT TIME ZONE ${SAAS_BILLING.timezone})::date, s.current_period_start)::text AS started_on,
           p.code AS plan_code, p.name AS plan_name, p.price_monthly
    FROM saas_subscriptions s
    JOIN saas_tenants t ON t.id = s.tenant_id
    JOIN saas_plans p ON p.id = s.plan_id
    WHERE s.status = ANY(${[...INVOICED_SUBSCRIPTION_STATUSES]}::text[])
      AND t.status <> 'terminated'
      AND (${tenantId}::uuid IS NULL OR s.tenant_id = ${tenantId})
      AND NOT EXISTS (SELECT 1 FROM saas_invoices i
                      WHERE i.tenant_id = s.tenant_id AND i.subscription_id = s.id AND i.period_start = ${period.period_start}::date)
    ORDER BY t.slug, s.id`;
  const billed = candidates.filter((c) => isInvoiced(c.status, c.started_on, period));
  if (billed.length === 0) return { created: 0, total: 0, ids: [] };

  const upgrades = await sql<PendingUpgrade[]>`
    SELECT c.tenant_id, c.subscription_id, c.id, c.effective_on::text,
           op.code AS old_code, op.name AS old_name, c.old_price, np.code AS new_code, np.name AS new_name, c.new_price
    FROM saas_subscription_changes c
    JOIN saas_plans op ON op.id = c.old_plan_id
    JOIN saas_plans np ON np.id = c.new_plan_id
    WHERE c.kind = 'upgrade' AND c.status = 'applied' AND c.invoice_id IS NULL
      AND c.subscription_id = ANY(${billed.map((b) => b.subscription_id)}::uuid[])
    ORDER BY c.effective_on, c.created_at`;

  const [seq] = await sql<{ last_number: number }[]>`
    INSERT INTO saas_invoice_sequences (period, last_number) VALUES (${period.month}, ${billed.length})
    ON CONFLICT (period) DO UPDATE SET last_number = saas_invoice_sequences.last_number + EXCLUDED.last_number
    RETURNING last_number`;
  const first = seq!.last_number - billed.length + 1;
  const dueDate = saasDueDate(issueDay, SAAS_BILLING.dueDays);
  let total = 0;
  const ids: string[] = [];
  for (const [index, c] of billed.entries()) {
    const due = upgrades.filter((u) => u.subscription_id === c.subscription_id && isProrationDue(u.effective_on, period));
    const lines: SaasInvoiceLine[] = [
      planLine({ code: c.plan_code, name: c.plan_name, price_monthly: Number(c.price_monthly) }, c.started_on, period),
      ...due.map((u) =>
        prorationLine({
          effective_on: u.effective_on,
          old_plan: { code: u.old_code, name: u.old_name, price_monthly: Number(u.old_price) },
          new_plan: { code: u.new_code, name: u.new_name, price_monthly: Number(u.new_price) },
        }),
      ),
    ];
    const totals = saasInvoiceTotals(lines, SAAS_BILLING.taxRateBp);
    total += totals.total;
    const [inv] = await sql<{ id: string }[]>`
      INSERT INTO saas_invoices (tenant_id, number, subscription_id, period_start, period_end, subtotal, tax, amount, lines, status, due_date)
      VALUES (${c.tenant_id}, ${saasInvoiceNumber(SAAS_BILLING.numberPrefix, period.month, first + index)}, ${c.subscription_id},
              ${period.period_start}, ${period.period_end}, ${totals.subtotal}, ${totals.tax}, ${totals.total},
              ${JSON.stringify(totals.lines)}::text::jsonb, 'open', ${dueDate})
      RETURNING id`;
    ids.push(inv!.id);
    if (due.length > 0) {
      await sql`UPDATE saas_subscription_changes SET invoice_id = ${inv!.id}
                WHERE tenant_id = ${c.tenant_id} AND id = ANY(${due.map((u) => u.id)}::uuid[])`;
    }
    await sql`
      UPDATE saas_subscriptions SET current_period_start = ${period.period_start}, current_period_end = ${period.period_end}
      WHERE tenant_id = ${c.tenant_id} AND id = ${c.subscription_id}`;
  }
  return { created: billed.length, total, ids };
}

/**
 * The ISP's owner ends the trial early to pay from today: the trial becomes a paying
 * subscription on the same plan (this month billed from today, prorated) and this month's
 * invoice is issued at once, under the billing run's lock — so the run skips it later and the
 * month is never billed twice. Only a subscription on trial; audited.
 */
export async function startPaidSubscription(systemSql: Sql, redis: Redis, tenantId: string, actor: Actor, now: Date = new Date()): Promise<SubscriptionStart> {
  const today = localDay(SAAS_BILLING.timezone, now);
  const period = monthPeriod(today);
  const result = await withPlatform(systemSql, { userId: actor.userId, requestId: actor.requestId }, async ({ sql }) => {
    await sql`SELECT pg_advisory_xact_lock(hashtext('saas_billing_run'))`;
    const [sub] = await sql<{ id: string; status: SaasSubscriptionStatus }[]>`
      SELECT s.id, s.status FROM saas_subscriptions s
      WHERE s.tenant_id = ${tenantId} AND s.status IN ('trialing', 'active', 'past_due') FOR UPDATE`;
    if (!sub) throw new AppError('NOT_FOUND', { message: serverMessage('no_rrnet_subscription') });
    if (sub.status !== 'trialing') {
      throw new AppError('CONFLICT', { message: serverMessage('trial_only'), details: { status: sub.status } });
    }
    await sql`
      UPDATE saas_subscriptions SET status = 'active', current_period_start = ${today}::date, current_period_end = ${period.period_end}::date
      WHERE tenant_id = ${tenantId} AND id = ${sub.id}`;
    const issued = await issueMonthInvoices(sql, now, tenantId);
    await platformAudit(sql, tenantId, 'saas.subscription.started', { paying_from: today, invoice_ids: issued.ids, total: issued.total });
    const [row] = await sql.unsafe<InvoiceRow[]>(`${SELECT_INVOICE} WHERE i.tenant_id = $1 AND i.subscription_id = $2 AND i.period_start = $3::date`, [tenantId, sub.id, period.period_start]);
    return { subscription_status: 'active' as const, paying_from: today, invoice: toInvoice(row!) };
  });
  await invalidateEntitlements(redis, tenantId);
  return result;
}

/** The ISP's own SaaS invoices, newest first (as the tenant: RLS shows only its rows). */
export async function listTenantSaasInvoices(tx: TenantTx, input: { status?: SaasInvoiceStatus | undefined; limit: number }): Promise<SaasInvoice[]> {
  const rows = await tx.sql.unsafe<InvoiceRow[]>(
    `${SELECT_INVOICE} WHERE ($1::text IS NULL OR i.status = $1) ORDER BY i.period_start DESC, i.number DESC LIMIT $2`,
    [input.status ?? null, input.limit],
  );
  return rows.map(toInvoice);
}

/** Every ISP's SaaS invoices for the platform, newest first. */
export async function listPlatformSaasInvoices(
  systemSql: Sql,
  filter: { status?: SaasInvoiceStatus | undefined; tenant_id?: string | undefined; period?: string | undefined; limit: number },
): Promise<SaasInvoice[]> {
  const rows = await systemSql.unsafe<InvoiceRow[]>(
    `${SELECT_INVOICE}
     WHERE ($1::text IS NULL OR i.status = $1) AND ($2::uuid IS NULL OR i.tenant_id = $2)
       AND ($3::text IS NULL OR i.period_start = to_date($3 || '-01', 'YYYY-MM-DD'))
     ORDER BY i.period_start DESC, i.number DESC LIMIT $4`,
    [filter.status ?? null, filter.tenant_id ?? null, filter.period ?? null, filter.limit],
  );
  return rows.map(toInvoice);
}

async function lockInvoice(sql: Sql, id: string): Promise<InvoiceRow> {
  const [row] = await sql.unsafe<InvoiceRow[]>(`${SELECT_INVOICE} WHERE i.id = $1 FOR UPDATE OF i`, [id]);
  if (!row) throw new AppError('NOT_FOUND', { message: serverMessage('saas_invoice_not_found') });
  return row;
}

export interface SaasPaymentFacts {
  method: SaasPaymentMethod;
  reference: string;
  paid_at?: Date | undefined;
  /** platform staff who recorded it; null: paid through the gateway */
  paid_by: string | null;
}

/**
 * The one place a SaaS invoice becomes paid (staff recording it, or the platform's Midtrans
 * notification): the invoice locked by the caller must be open (the contracts' machine); the
 * payment is written, dunning restores at once (past due → active, a dunning suspension lifted,
 * when nothing else is overdue) and it is audited. The caller drops the ISP's cached
 * entitlements once its transaction has committed.
 */
export async function markSaasInvoicePaid(sql: TenantTx['sql'], current: Pick<SaasInvoice, 'id' | 'tenant_id' | 'number' | 'status' | 'total'>, payment: SaasPaymentFacts, now: Date = new Date()): Promise<void> {
  if (!canSaasInvoiceTransition(current.status, 'paid')) {
    throw new AppError('CONFLICT', { message: serverMessage('saas_invoice_not_payable', { status: current.status }), details: { status: current.status } });
  }
  await sql`
    UPDATE saas_invoices SET status = 'paid', paid_at = ${(payment.paid_at ?? now).toISOString()}::timestamptz, payment_method = ${payment.method},
           payment_reference = ${payment.reference}, paid_by = ${payment.paid_by}
    WHERE tenant_id = ${current.tenant_id} AND id = ${current.id}`;
  await applyDunning(sql, localDay(SAAS_BILLING.timezone, now), current.tenant_id);
  await platformAudit(sql, current.tenant_id, 'saas.invoice.paid', { invoice_id: current.id, number: current.number, method: payment.method, reference: payment.reference, total: Number(current.total) });
}

/** A SaaS invoice by id (or by number), locked for this transaction; null when there is none. */
export async function lockSaasInvoice(sql: TenantTx['sql'], by: { id: string } | { number: string }): Promise<SaasInvoice | null> {
  const [row] = 'id' in by
    ? await sql.unsafe<InvoiceRow[]>(`${SELECT_INVOICE} WHERE i.id = $1 FOR UPDATE OF i`, [by.id])
    : await sql.unsafe<InvoiceRow[]>(`${SELECT_INVOICE} WHERE i.number = $1 FOR UPDATE OF i`, [by.number]);
  return row ? toInvoice(row) : null;
}

/**
 * Platform staff record an ISP's payment of a SaaS invoice (bank transfer or cash, the
 * whole total). Only an open invoice can be paid (the contracts' machine); audited.
 */
export async function recordSaasPayment(
  systemSql: Sql,
  redis: Redis,
  input: { id: string; method: Extract<SaasPaymentMethod, 'bank_transfer' | 'cash'>; reference: string; paid_at?: Date | undefined },
  actor: Actor,
): Promise<SaasInvoice> {
  const invoice = await withPlatform(systemSql, { userId: actor.userId, requestId: actor.requestId }, async ({ sql }) => {
    const current = await lockInvoice(sql, input.id);
    await markSaasInvoicePaid(sql, toInvoice(current), { method: input.method, reference: input.reference, paid_at: input.paid_at, paid_by: actor.userId });
    return toInvoice(await lockInvoice(sql, input.id));
  });
  await invalidateEntitlements(redis, invoice.tenant_id);
  return invoice;
}
