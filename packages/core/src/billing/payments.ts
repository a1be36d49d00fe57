/**
 * Payments: recorded by staff (cash, bank transfer) or applied from a payment-gateway
 * notification. Each one locks its invoice, may not exceed what is owed, moves the
 * invoice to paid when settled, and — when that clears an isolated customer's arrears —
 * queues the restore. A payment is never deleted: it is voided with a reason (audited),
 * which reopens its invoice.
 */
import { randomBytes } from 'node:crypto';
import { AppError, FIELD_MESSAGES, serverMessage } from '@rrnet/contracts';
import type { Payment, PaymentMethod, paymentListInput, paymentRecordInput, paymentVoidInput } from '@rrnet/contracts';
import type { TenantTx } from '@rrnet/db';
import type { z } from 'zod';
import type { NetworkServices } from '../network/services';
import { conflictOnUnique } from '../unique_conflict';
import { localDay } from './cycle';
import { getInvoice } from './invoices';
import { assertPayable, assertPaymentAmount, assertPaymentVoidable, reopenAfterPaymentVoid, settle } from './payment_rules';
import { announceSettlement } from './settlement_hooks';
import { decodeTimeCursor, timePage } from './time_cursor';

interface PaymentRow {
  id: string;
  invoice_id: string;
  invoice_number: string;
  customer_id: string;
  customer_name: string;
  amount: string | number;
  method: PaymentMethod;
  gateway: string | null;
  gateway_transaction_id: string | null;
  receipt_number: string;
  collected_by: string | null;
  status: 'completed' | 'voided';
  paid_at: string | Date;
  voided_at: string | Date | null;
  void_reason: string | null;
}

const toPayment = (r: PaymentRow): Payment => ({
  ...r,
  amount: Number(r.amount),
  paid_at: new Date(r.paid_at),
  voided_at: r.voided_at === null ? null : new Date(r.voided_at),
});

export async function listPayments(tx: TenantTx, input: z.output<typeof paymentListInput>): Promise<{ items: Payment[]; next_cursor: string | null }> {
  const after = input.cursor ? decodeTimeCursor(input.cursor) : null;
  const rows = await tx.sql<PaymentRow[]>`
    SELECT p.id, p.invoice_id, i.number AS invoice_number, p.customer_id, c.name AS customer_name, p.amount, p.method, p.gateway,
           p.gateway_transaction_id, p.receipt_number, p.collected_by, p.status, p.paid_at, p.voided_at, p.void_reason
    FROM tenant_payments p JOIN tenant_invoices i ON i.id = p.invoice_id JOIN tenant_customers c ON c.id = p.customer_id
    WHERE (${input.customer_id ?? null}::uuid IS NULL OR p.customer_id = ${input.customer_id ?? null})
      AND (${input.invoice_id ?? null}::uuid IS NULL OR p.invoice_id = ${input.invoice_id ?? null})
      AND (${after?.[0] ?? null}::timestamptz IS NULL OR (p.paid_at, p.id) < (${after?.[0] ?? null}::timestamptz, ${after?.[1] ?? null}::uuid))
    ORDER BY p.paid_at DESC, p.id DESC LIMIT ${input.limit + 1}`;
  return timePage(rows.map(toPayment), input.limit, (p) => p.paid_at);
}

async function getPayment(tx: TenantTx, id: string): Promise<Payment> {
  const rows = await tx.sql<PaymentRow[]>`
    SELECT p.id, p.invoice_id, i.number AS invoice_number, p.customer_id, c.name AS customer_name, p.amount, p.method, p.gateway,
           p.gateway_transaction_id, p.receipt_number, p.collected_by, p.status, p.paid_at, p.voided_at, p.void_reason
    FROM tenant_payments p JOIN tenant_invoices i ON i.id = p.invoice_id JOIN tenant_customers c ON c.id = p.customer_id
    WHERE p.id = ${id}`;
  if (!rows[0]) throw new AppError('NOT_FOUND', { message: serverMessage('payment_not_found') });
  return toPayment(rows[0]);
}

/** "KW-20261126-7F3A9C": a receipt number unique per tenant (retried on the rare clash). */
const newReceiptNumber = (at: Date) => `KW-${at.toISOString().slice(0, 10).replace(/-/g, '')}-${randomBytes(3).toString('hex').toUpperCase()}`;

export interface ApplyPayment {
  invoice_id: string;
  amount: number;
  method: PaymentMethod;
  receipt_number?: string | undefined;
  paid_at?: Date | undefined;
  collected_by?: string | null;
  gateway?: { name: string; transaction_id: string };
}

/**
 * Applies one payment to its (locked) invoice. Returns null when the gateway transaction
 * was already applied (a replayed notification): nothing is counted twice.
 */
export async function applyPayment(tx: TenantTx, services: NetworkServices, tenantId: string, input: ApplyPayment): Promise<Payment | null> {
  const invoice = await getInvoice(tx, input.invoice_id, { lock: true });
  assertPayable(invoice);
  assertPaymentAmount(invoice, input.amount);
  const paidAt = input.paid_at ?? new Date();
  const receipt = input.receipt_number ?? newReceiptNumber(paidAt);
  const inserted = await tx.sql<{ id: string }[]>`
    INSERT INTO tenant_payments (tenant_id, invoice_id, customer_id, amount, method, gateway, gateway_transaction_id, receipt_number, collected_by, paid_at)
    VALUES (${tenantId}, ${invoice.id}, ${invoice.customer_id}, ${input.amount}, ${input.method}, ${input.gateway?.name ?? null},
            ${input.gateway?.transaction_id ?? null}, ${receipt}, ${input.collected_by ?? null}, ${paidAt.toISOString()})
    ON CONFLICT (tenant_id, gateway, gateway_transaction_id) DO NOTHING
    RETURNING id`.catch(conflictOnUnique(serverMessage('receipt_recorded', { receipt }), { receipt_number: FIELD_MESSAGES.already_used }, 'tenant_payments_receipt_key'));
  if (!inserted[0]) return null;
  // the invoice row is locked: what settle() decides from it is what is written
  const next = settle(invoice, input.amount);
  await tx.sql`
    UPDATE tenant_invoices SET paid_amount = ${next.paid_amount}, status = ${next.status},
      paid_at = CASE WHEN ${next.settled} THEN ${paidAt.toISOString()}::timestamptz ELSE paid_at END
    WHERE id = ${invoice.id} AND status = ${invoice.status}`;
  if (next.settled) await announceSettlement(tx, services, { tenantId, customerId: invoice.customer_id, cause: 'payment', paymentId: inserted[0].id });
  return getPayment(tx, inserted[0].id);
}

export async function recordPayment(
  tx: TenantTx,
  services: NetworkServices,
  tenantId: string,
  input: z.output<typeof paymentRecordInput>,
  userId: string | null,
): Promise<Payment> {
  const payment = await applyPayment(tx, services, tenantId, { ...input, collected_by: userId });
  return payment!;
}

/** Reversal: the payment is voided (never deleted) and its invoice reopened. Audited. */
export async function voidPayment(tx: TenantTx, input: z.output<typeof paymentVoidInput>, timezone: string): Promise<Payment> {
  const payment = await getPayment(tx, input.id);
  assertPaymentVoidable(payment.status);
  const invoice = await getInvoice(tx, payment.invoice_id, { lock: true });
  const next = reopenAfterPaymentVoid(invoice, payment.amount, localDay(timezone));
  await tx.sql`UPDATE tenant_payments SET status = 'voided', voided_at = now(), void_reason = ${input.reason} WHERE id = ${input.id}`;
  await tx.sql`UPDATE tenant_invoices SET paid_amount = ${next.paid_amount}, paid_at = NULL, status = ${next.status} WHERE id = ${invoice.id} AND status = ${invoice.status}`;
  await tx.sql`SELECT sys_audit_event('admin', 'payment.voided', ${JSON.stringify({ payment_id: input.id, invoice_id: invoice.id, amount: payment.amount, reason: input.reason })}::text::jsonb)`;
  return getPayment(tx, input.id);
}
