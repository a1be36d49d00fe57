/**
 * What a Xendit invoice callback means for RRNet, as pure functions (docs "Invoice
 * callback"): PAID and SETTLED are money received (Xendit may send both for one invoice:
 * the second is a duplicate); EXPIRED brings nothing; PENDING is waiting. The amount,
 * currency and invoice checks are the gateway-neutral ones of midtrans_rules.
 */
export { currencyRejection, invoiceNumberOf, invoiceRejection } from './midtrans_rules';

const PAID = new Set(['PAID', 'SETTLED']);

export function isXenditMoneyReceived(status: string): boolean {
  return PAID.has(status);
}

/** Why a callback without money (or a repeat of one with money) is not applied. */
export function xenditIgnoredReason(status: string, alreadyApplied: boolean): string {
  if (alreadyApplied) return `${status} after the payment was applied: nothing changed`;
  if (status === 'EXPIRED') return 'EXPIRED: the Xendit invoice expired unpaid, no money received';
  if (status === 'PENDING') return 'waiting for the customer to pay';
  return `${status}: not applied automatically, check with Xendit`;
}

/** The amount a callback says was paid: paid_amount, else the invoice amount (as text, whole rupiah). */
export function xenditPaidAmount(n: { paid_amount?: number | undefined; amount?: number | undefined }): string {
  return String(n.paid_amount ?? n.amount ?? 0);
}

/** Xendit's paid_at is ISO 8601 with an offset ("2026-11-26T03:15:00.000Z"). */
export function xenditPaidInstant(paidAt: string | undefined): Date | undefined {
  if (!paidAt) return undefined;
  const d = new Date(paidAt);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** How long a Xendit payment link stays payable (seconds): a week; asking again makes a new one. */
export const XENDIT_INVOICE_DURATION_S = 7 * 86_400;
