/**
 * The payment's rules as pure functions: which invoices take a payment, how much (never
 * more than is owed), when it settles the invoice (→ paid, through the machine), and what
 * voiding a payment does to its invoice. payments.ts locks the invoice, asks these, and
 * writes what they decide.
 */
import { AppError, INVOICE_REVERSALS, FIELD_MESSAGES, fieldMessage, serverMessage } from '@rrnet/contracts';
import type { InvoiceStatus } from '@rrnet/contracts';
import { assertInvoiceTransition, invoiceSourcesOf, isPastDue } from './invoice_rules';

export interface PayableInvoice {
  number: string;
  status: InvoiceStatus;
  total: number;
  paid_amount: number;
  outstanding: number;
  due_date: string;
}

/** Only an invoice that can still become paid takes money (unpaid, overdue). */
export function assertPayable(invoice: Pick<PayableInvoice, 'number' | 'status'>): void {
  if (!invoiceSourcesOf('paid').includes(invoice.status)) {
    throw new AppError('CONFLICT', { message: serverMessage('invoice_not_owed', { number: invoice.number, status: invoice.status }), details: { invoice_id: fieldMessage('invoice_is', { status: invoice.status }) } });
  }
}

/** A payment is a positive whole amount and never more than is still owed. */
export function assertPaymentAmount(invoice: Pick<PayableInvoice, 'number' | 'outstanding'>, amount: number): void {
  if (!Number.isInteger(amount) || amount <= 0) {
    throw new AppError('VALIDATION_FAILED', { message: serverMessage('payment_positive'), details: { amount: FIELD_MESSAGES.positive_rupiah } });
  }
  if (amount > invoice.outstanding) {
    throw new AppError('VALIDATION_FAILED', {
      message: serverMessage('payment_over_owed', { outstanding: invoice.outstanding, number: invoice.number }),
      details: { amount: fieldMessage('at_most_amount', { amount: invoice.outstanding }) },
    });
  }
}

export interface Settlement {
  paid_amount: number;
  status: InvoiceStatus;
  /** the payment cleared the invoice: it is now paid */
  settled: boolean;
}

/** Applies one payment: the invoice is paid when the payments reach its total, else it keeps its status. */
export function settle(invoice: PayableInvoice, amount: number): Settlement {
  assertPayable(invoice);
  assertPaymentAmount(invoice, amount);
  const paid = invoice.paid_amount + amount;
  const settled = paid >= invoice.total;
  if (settled) assertInvoiceTransition(invoice.status, 'paid');
  return { paid_amount: paid, status: settled ? 'paid' : invoice.status, settled };
}

/**
 * Voiding a payment undoes its part of a settlement. The one way back from paid is the
 * machine's INVOICE_REVERSALS (contracts), to the open status the invoice has by its due
 * date; an open invoice only moves forward (unpaid past due → overdue, never overdue → unpaid).
 */
export { INVOICE_REVERSALS };

/** The guard of a payment void: staying put, a move of the machine, or the reversal of paid. */
export function assertInvoiceReversal(from: InvoiceStatus, to: InvoiceStatus): void {
  if (from === to || INVOICE_REVERSALS[from]?.includes(to)) return;
  assertInvoiceTransition(from, to);
}

/** The invoice after one of its payments is voided: less paid, reopened by its due date. */
export function reopenAfterPaymentVoid(invoice: Pick<PayableInvoice, 'status' | 'paid_amount' | 'due_date'>, amount: number, today: string): { paid_amount: number; status: InvoiceStatus } {
  if (invoice.status === 'void') throw new AppError('CONFLICT', { message: serverMessage('payment_invoice_void') });
  if (amount <= 0 || amount > invoice.paid_amount) {
    throw new AppError('CONFLICT', { message: serverMessage('payment_void_over_paid', { amount, paid: invoice.paid_amount }) });
  }
  const byDue: InvoiceStatus = isPastDue(invoice.due_date, today) ? 'overdue' : 'unpaid';
  const status: InvoiceStatus = invoice.status === 'paid' || byDue === 'overdue' ? byDue : invoice.status;
  assertInvoiceReversal(invoice.status, status);
  return { paid_amount: invoice.paid_amount - amount, status };
}

/** A payment is voided once. */
export function assertPaymentVoidable(paymentStatus: 'completed' | 'voided'): void {
  if (paymentStatus === 'voided') throw new AppError('CONFLICT', { message: serverMessage('payment_already_voided') });
}
