/**
 * The isolir decisions as pure functions: who is isolated (an open invoice overdue
 * beyond the grace days), who is restored (nothing overdue beyond grace any more), what
 * status an applied isolate/restore leaves (active ⇄ isolated, the isolir module's own
 * moves, outside the manual CUSTOMER_TRANSITIONS), when staff may isolate or restore by
 * hand, and which WhatsApp notice goes out. isolir.ts calls these for one customer and
 * mirrors them set-based in the sweep, with its status lists taken from here.
 */
import { AppError, OPEN_INVOICE_STATUSES, serverMessage } from '@rrnet/contracts';
import type { CustomerStatus, InvoiceStatus, WaTemplateCode } from '@rrnet/contracts';
import { addDays } from '../billing/cycle_rules';

export type IsolirAction = 'isolate' | 'restore';

/** Grace days when the tenant has set none. */
export const DEFAULT_GRACE_DAYS = 3;

/** The isolir module's status moves: isolate takes an active customer to isolated, restore the reverse. */
export const ISOLIR_TRANSITIONS: Readonly<Record<IsolirAction, { from: readonly CustomerStatus[]; to: CustomerStatus }>> = {
  isolate: { from: ['active'], to: 'isolated' },
  restore: { from: ['isolated'], to: 'active' },
};

/** The customer statuses an action applies to (the sweep's and the job's WHERE take this list). */
export function isolirSources(action: IsolirAction): CustomerStatus[] {
  return [...ISOLIR_TRANSITIONS[action].from];
}

/** The status the router is set for (the secret's desired state) and the customer gets once applied. */
export function isolirTarget(action: IsolirAction): CustomerStatus {
  return ISOLIR_TRANSITIONS[action].to;
}

/**
 * The customer's status after an applied event: the target when the customer is in a
 * source status, else unchanged (e.g. suspended meanwhile: the router was changed, the
 * status is staff's).
 */
export function statusAfterIsolir(action: IsolirAction, status: CustomerStatus): CustomerStatus {
  return ISOLIR_TRANSITIONS[action].from.includes(status) ? ISOLIR_TRANSITIONS[action].to : status;
}

/** Overdue beyond grace: due + grace days is before today (on day due + grace the customer is still connected). */
export function isBeyondGrace(dueDate: string, graceDays: number, today: string): boolean {
  return addDays(dueDate, graceDays) < today;
}

export interface OpenInvoiceDue {
  status: InvoiceStatus;
  due_date: string;
}

export interface IsolirCustomer {
  status: CustomerStatus;
  isolir_pending: boolean;
}

/** Whether any still-open invoice is overdue beyond grace. */
export function hasArrearsBeyondGrace(invoices: readonly OpenInvoiceDue[], graceDays: number, today: string): boolean {
  return invoices.some((i) => (OPEN_INVOICE_STATUSES as readonly string[]).includes(i.status) && isBeyondGrace(i.due_date, graceDays, today));
}

/** The sweep's rule: an active customer, no isolation on its way, with an open invoice overdue beyond grace. */
export function shouldIsolate(customer: IsolirCustomer, invoices: readonly OpenInvoiceDue[], graceDays: number, today: string): boolean {
  return isolirSources('isolate').includes(customer.status) && !customer.isolir_pending && hasArrearsBeyondGrace(invoices, graceDays, today);
}

/** After a settlement: an isolated customer (or one about to be) with nothing overdue beyond grace any more is restored. */
export function shouldRestore(customer: IsolirCustomer, invoices: readonly OpenInvoiceDue[], graceDays: number, today: string): boolean {
  return (isolirSources('restore').includes(customer.status) || customer.isolir_pending) && !hasArrearsBeyondGrace(invoices, graceDays, today);
}

/** Staff isolate an active customer with nothing on its way; restore an isolated one (or cancel a pending isolation). */
export function assertManualIsolir(action: IsolirAction, customer: IsolirCustomer): void {
  if (action === 'isolate' && (!isolirSources('isolate').includes(customer.status) || customer.isolir_pending)) {
    throw new AppError('CONFLICT', { message: customer.isolir_pending ? serverMessage('isolation_on_its_way') : serverMessage('customer_not_isolatable', { status: customer.status }) });
  }
  if (action === 'restore' && !isolirSources('restore').includes(customer.status) && !customer.isolir_pending) {
    throw new AppError('CONFLICT', { message: serverMessage('customer_not_isolated') });
  }
}

/** The WhatsApp template of each action's notice. */
export const NOTICE_TEMPLATES: Readonly<Record<IsolirAction, WaTemplateCode>> = { isolate: 'isolir_notice', restore: 'restore_notice' };

/** One notice per event, whatever the retries. */
export function noticeDedupeKey(action: IsolirAction, eventId: string): string {
  return `${NOTICE_TEMPLATES[action]}:${eventId}`;
}

/** A template's body with {{name}} and {{number}} (the invoice, empty for manual actions) filled in. */
export function renderNotice(body: string, values: { name: string; number: string | null }): string {
  return body.replaceAll('{{name}}', values.name).replaceAll('{{number}}', values.number ?? '');
}
