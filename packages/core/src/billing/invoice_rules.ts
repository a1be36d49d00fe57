/**
 * The invoice's rules as pure functions: the state machine (INVOICE_TRANSITIONS in
 * @rrnet/contracts) as a guard and as the source statuses a set-based UPDATE may touch,
 * what is still owed, when an invoice is past due, and when it may be voided. invoices.ts,
 * payments.ts and the isolir sweep call these; where SQL must decide for many rows at
 * once it takes its status list from `invoiceSourcesOf` and says which rule it mirrors.
 */
import { AppError, INVOICE_STATUSES, INVOICE_TRANSITIONS, OPEN_INVOICE_STATUSES, canInvoiceTransition, fieldMessage, serverMessage } from '@rrnet/contracts';
import type { InvoiceStatus } from '@rrnet/contracts';

/** The statuses the machine lets become `to` (e.g. overdue ← unpaid; paid ← unpaid, overdue). */
export function invoiceSourcesOf(to: InvoiceStatus): InvoiceStatus[] {
  return INVOICE_STATUSES.filter((from) => INVOICE_TRANSITIONS[from].includes(to));
}

/** Refuses a move the machine does not allow (CONFLICT, as every state error in RRNet). */
export function assertInvoiceTransition(from: InvoiceStatus, to: InvoiceStatus): void {
  if (!canInvoiceTransition(from, to)) {
    throw new AppError('CONFLICT', { message: serverMessage('invoice_transition', { from, to }), details: { status: fieldMessage('invoice_not_from', { from }) } });
  }
}

/** Still owed (unpaid or overdue). */
export function isOpenInvoice(status: InvoiceStatus): boolean {
  return (OPEN_INVOICE_STATUSES as readonly string[]).includes(status);
}

/** What is still owed: nothing on a void invoice, else total − paid. */
export function outstandingOf(status: InvoiceStatus, total: number, paidAmount: number): number {
  return status === 'void' ? 0 : total - paidAmount;
}

/** Past due from the day after the due date (in the tenant's calendar). */
export function isPastDue(dueDate: string, today: string): boolean {
  return dueDate < today;
}

/** The sweep's rule: an invoice the machine lets become overdue, past its due date. */
export function becomesOverdue(status: InvoiceStatus, dueDate: string, today: string): boolean {
  return canInvoiceTransition(status, 'overdue') && isPastDue(dueDate, today);
}

/** Staff void an open invoice that has no payments (the payments are voided first). */
export function assertInvoiceVoidable(invoice: { status: InvoiceStatus; paid_amount: number }): void {
  assertInvoiceTransition(invoice.status, 'void');
  if (invoice.paid_amount > 0) {
    throw new AppError('CONFLICT', { message: serverMessage('invoice_has_payments') });
  }
}
