/**
 * Invoices: list (keyset by issue time), the state machine (INVOICE_TRANSITIONS: overdue
 * by the sweep, paid by payments, void by staff with a reason — which hands its outage
 * credits back to the customer's next invoice), arrears per customer and
 * the dashboard summary.
 */
import { AppError, OPEN_INVOICE_STATUSES, serverMessage } from '@rrnet/contracts';
import type { Arrears, BillingSummary, Invoice, InvoiceCredit, InvoiceLine, InvoiceStatus, invoiceListInput, invoiceVoidInput } from '@rrnet/contracts';
import type { TenantTx } from '@rrnet/db';
import type { z } from 'zod';
import type { NetworkServices } from '../network/services';
import { localDay } from './cycle';
import { assertInvoiceVoidable, invoiceSourcesOf, outstandingOf } from './invoice_rules';
import { announceSettlement } from './settlement_hooks';
import { decodeTimeCursor, timePage } from './time_cursor';

interface InvoiceRow {
  id: string;
  number: string;
  customer_id: string;
  customer_code: string;
  customer_name: string;
  period_start: string;
  period_end: string;
  subtotal: string | number;
  discount: string | number;
  tax: string | number;
  total: string | number;
  paid_amount: string | number;
  status: InvoiceStatus;
  issued_at: string | Date;
  due_date: string;
  paid_at: string | Date | null;
  voided_at: string | Date | null;
  void_reason: string | null;
  lines: InvoiceLine[];
  credits: InvoiceCredit[];
}

/** The columns every invoice read selects (joined with its customer as c). */
const invoiceColumns = (sql: TenantTx['sql']) => sql`
  i.id, i.number, i.customer_id, c.code AS customer_code, c.name AS customer_name, i.period_start::text, i.period_end::text,
  i.subtotal, i.discount, i.tax, i.total, i.paid_amount, i.status, i.issued_at, i.due_date::text, i.paid_at, i.voided_at, i.void_reason, i.lines, i.credits`;

const date = (v: string | Date | null) => (v === null ? null : new Date(v));
export function toInvoice(r: InvoiceRow): Invoice {
  const total = Number(r.total);
  const paid = Number(r.paid_amount);
  return {
    ...r,
    period_start: String(r.period_start),
    period_end: String(r.period_end),
    due_date: String(r.due_date),
    subtotal: Number(r.subtotal),
    discount: Number(r.discount),
    tax: Number(r.tax),
    total,
    paid_amount: paid,
    outstanding: outstandingOf(r.status, total, paid),
    issued_at: new Date(r.issued_at),
    paid_at: date(r.paid_at),
    voided_at: date(r.voided_at),
  };
}

export async function listInvoices(tx: TenantTx, input: z.output<typeof invoiceListInput>): Promise<{ items: Invoice[]; next_cursor: string | null }> {
  const { sql } = tx;
  const after = input.cursor ? decodeTimeCursor(input.cursor) : null;
  // the billing month: its billing day (period_end + 1) falls in it
  const month = input.period ? `${input.period}-01` : null;
  const rows = await sql<InvoiceRow[]>`
    SELECT ${invoiceColumns(sql)}
    FROM tenant_invoices i JOIN tenant_customers c ON c.id = i.customer_id
    WHERE (${input.status ?? null}::text IS NULL OR i.status = ${input.status ?? null})
      AND (${input.customer_id ?? null}::uuid IS NULL OR i.customer_id = ${input.customer_id ?? null})
      AND (${month}::date IS NULL OR (i.period_end >= ${month}::date - 1 AND i.period_end < (${month}::date + interval '1 month')::date - 1))
      AND (${after?.[0] ?? null}::timestamptz IS NULL OR (i.issued_at, i.id) < (${after?.[0] ?? null}::timestamptz, ${after?.[1] ?? null}::uuid))
    ORDER BY i.issued_at DESC, i.id DESC
    LIMIT ${input.limit + 1}`;
  return timePage(rows.map(toInvoice), input.limit, (i) => i.issued_at);
}

export async function getInvoice(tx: TenantTx, id: string, options: { lock?: boolean } = {}): Promise<Invoice> {
  const { sql } = tx;
  const rows = await sql<InvoiceRow[]>`
    SELECT ${invoiceColumns(sql)}
    FROM tenant_invoices i JOIN tenant_customers c ON c.id = i.customer_id WHERE i.id = ${id} ${options.lock ? sql`FOR UPDATE OF i` : sql``}`;
  if (!rows[0]) throw new AppError('NOT_FOUND', { message: serverMessage('invoice_not_found') });
  return toInvoice(rows[0]);
}

/** Void an open invoice without payments (with a reason, audited); a customer isolated only for it is restored. */
export async function voidInvoice(tx: TenantTx, services: NetworkServices, tenantId: string, input: z.output<typeof invoiceVoidInput>): Promise<Invoice> {
  const invoice = await getInvoice(tx, input.id, { lock: true });
  assertInvoiceVoidable(invoice);
  await tx.sql`UPDATE tenant_invoices SET status = 'void', voided_at = now(), void_reason = ${input.reason} WHERE id = ${input.id}`;
  // its outage credits were not given after all: the customer's next invoice takes them
  await tx.sql`UPDATE tenant_outage_customers SET credit_invoice_id = NULL, credit_minutes = NULL, credit_amount = NULL WHERE credit_invoice_id = ${input.id}`;
  await tx.sql`SELECT sys_audit_event('admin', 'invoice.voided', ${JSON.stringify({ invoice_id: input.id, number: invoice.number, reason: input.reason })}::text::jsonb)`;
  await announceSettlement(tx, services, { tenantId, customerId: invoice.customer_id, cause: 'invoice_void' });
  return getInvoice(tx, input.id);
}

/**
 * Invoices past their due date become overdue (the tenant's calendar), from the statuses
 * the machine allows — set-based, mirroring becomesOverdue (invoice_rules). `customerIds`
 * limits it to those customers.
 */
export async function markOverdue(tx: TenantTx, timezone: string, now: Date = new Date(), customerIds: readonly string[] | null = null): Promise<number> {
  const rows = await tx.sql`
    UPDATE tenant_invoices SET status = 'overdue'
    WHERE status = ANY(${invoiceSourcesOf('overdue')}::text[]) AND due_date < ${localDay(timezone, now)}::date
      AND (${customerIds === null}::boolean OR customer_id = ANY(${customerIds ?? []}::uuid[]))
    RETURNING 1`;
  return rows.length;
}

export async function listArrears(tx: TenantTx, timezone: string): Promise<Arrears[]> {
  const today = localDay(timezone);
  const rows = await tx.sql<(Omit<Arrears, 'outstanding'> & { outstanding: string })[]>`
    SELECT c.id AS customer_id, c.code AS customer_code, c.name AS customer_name, c.status AS customer_status, c.isolir_pending,
           count(*)::int AS open_invoices, sum(i.total - i.paid_amount)::text AS outstanding,
           min(i.due_date)::text AS oldest_due_date, greatest(0, ${today}::date - min(i.due_date))::int AS days_overdue
    FROM tenant_invoices i JOIN tenant_customers c ON c.id = i.customer_id
    WHERE i.status = ANY(${[...OPEN_INVOICE_STATUSES]}::text[])
    GROUP BY c.tenant_id, c.id ORDER BY min(i.due_date), c.code LIMIT 500`;
  return rows.map((r) => ({ ...r, outstanding: Number(r.outstanding) }));
}

export async function billingSummary(tx: TenantTx, timezone: string): Promise<BillingSummary> {
  const month = localDay(timezone).slice(0, 7);
  const [s] = await tx.sql<{ revenue: string; invoiced: string; collected: string; overdue_count: number; overdue_amount: string; isolated: number; pending: number }[]>`
    SELECT
      (SELECT coalesce(sum(amount), 0) FROM tenant_payments WHERE status = 'completed' AND to_char(paid_at AT TIME ZONE ${timezone}, 'YYYY-MM') = ${month})::text AS revenue,
      (SELECT coalesce(sum(total), 0) FROM tenant_invoices WHERE status <> 'void' AND to_char(issued_at AT TIME ZONE ${timezone}, 'YYYY-MM') = ${month})::text AS invoiced,
      (SELECT coalesce(sum(paid_amount), 0) FROM tenant_invoices WHERE status <> 'void' AND to_char(issued_at AT TIME ZONE ${timezone}, 'YYYY-MM') = ${month})::text AS collected,
      (SELECT count(*)::int FROM tenant_invoices WHERE status = 'overdue') AS overdue_count,
      (SELECT coalesce(sum(total - paid_amount), 0) FROM tenant_invoices WHERE status = 'overdue')::text AS overdue_amount,
      (SELECT count(*)::int FROM tenant_customers WHERE status = 'isolated') AS isolated,
      (SELECT count(*)::int FROM tenant_customers WHERE isolir_pending) AS pending`;
  const byDay = await tx.sql<{ day: string; amount: string }[]>`
    SELECT to_char(paid_at AT TIME ZONE ${timezone}, 'YYYY-MM-DD') AS day, sum(amount)::text AS amount
    FROM tenant_payments WHERE status = 'completed' AND to_char(paid_at AT TIME ZONE ${timezone}, 'YYYY-MM') = ${month}
    GROUP BY 1 ORDER BY 1`;
  const invoiced = Number(s!.invoiced);
  return {
    month,
    revenue: Number(s!.revenue),
    invoiced,
    collection_rate: invoiced > 0 ? Number((Number(s!.collected) / invoiced).toFixed(4)) : 0,
    overdue_count: s!.overdue_count,
    overdue_amount: Number(s!.overdue_amount),
    isolated_count: s!.isolated,
    isolir_pending_count: s!.pending,
    revenue_by_day: byDay.map((d) => ({ day: d.day, amount: Number(d.amount) })),
  };
}
