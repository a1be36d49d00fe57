/**
 * What a Midtrans notification means for RRNet, as pure functions (docs "Transaction
 * Status"): settlement, or a capture whose fraud_status is accept, is money received;
 * pending/authorize is waiting; deny, cancel, expire, failure bring nothing; anything else
 * (refund, partial_refund, chargeback…) is left to staff. Money received is applied only
 * in IDR, to an open invoice, for exactly what is owed. processMidtransTransaction
 * (midtrans.ts) looks up the payment and the invoice and asks these.
 */
import type { InvoiceStatus } from '@rrnet/contracts';
import { invoiceSourcesOf } from './invoice_rules';

const PAID = new Set(['settlement']);
const WAITING = new Set(['pending', 'authorize']);
const NOTHING = new Set(['deny', 'cancel', 'expire', 'failure']);

export interface NotificationStatus {
  transaction_status: string;
  fraud_status?: string | undefined;
}

/** Money was received (a card capture counts unless the fraud check said otherwise). */
export function isMoneyReceived(n: NotificationStatus): boolean {
  return PAID.has(n.transaction_status) || (n.transaction_status === 'capture' && (n.fraud_status ?? 'accept') === 'accept');
}

/** Why a notification without money is not applied (recorded as ignored). */
export function ignoredReason(transactionStatus: string, alreadyApplied: boolean): string {
  if (alreadyApplied) return `${transactionStatus} after the payment was applied: nothing changed`;
  if (WAITING.has(transactionStatus)) return 'waiting for the customer to pay';
  if (NOTHING.has(transactionStatus)) return `${transactionStatus}: no money received`;
  return `${transactionStatus}: not applied automatically, check with Midtrans`;
}

/** Only rupiah is applied (Midtrans leaves the currency out for IDR). */
export function currencyRejection(currency: string | undefined): string | null {
  return (currency ?? 'IDR') === 'IDR' ? null : `currency ${currency} is not IDR`;
}

/** Why money received cannot be applied to this invoice, or null when it can (an open invoice, the exact amount owed). */
export function invoiceRejection(grossAmount: string, invoice: { number: string; status: InvoiceStatus; outstanding: number }): string | null {
  if (!invoiceSourcesOf('paid').includes(invoice.status)) {
    return `invoice ${invoice.number} is ${invoice.status}: money received for nothing owed, refund or apply by hand`;
  }
  const amount = Number(grossAmount);
  if (!Number.isInteger(amount) || amount !== invoice.outstanding) return `amount ${grossAmount} does not match the ${invoice.outstanding} owed on ${invoice.number}`;
  return null;
}

/** The invoice number inside an order id ("SNJ-202611-00001.k3j2" → "SNJ-202611-00001"). */
export const invoiceNumberOf = (orderId: string): string => orderId.split('.')[0]!;

/** Midtrans's transaction_time is Jakarta time without an offset ("2026-11-26 10:15:00"). */
export function transactionInstant(transactionTime: string | undefined): Date | undefined {
  return transactionTime ? new Date(`${transactionTime.replace(' ', 'T')}+07:00`) : undefined;
}
