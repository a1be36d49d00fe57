import { describe, expect, it } from 'vitest';
import { currencyRejection, ignoredReason, invoiceNumberOf, invoiceRejection, isMoneyReceived, transactionInstant } from '../../src/billing/midtrans_rules';

describe('what a Midtrans notification means', () => {
  it('money received: a settlement, or a capture the fraud check accepted (or did not mention)', () => {
    expect(isMoneyReceived({ transaction_status: 'settlement' })).toBe(true);
    expect(isMoneyReceived({ transaction_status: 'capture', fraud_status: 'accept' })).toBe(true);
    expect(isMoneyReceived({ transaction_status: 'capture' })).toBe(true);
    expect(isMoneyReceived({ transaction_status: 'capture', fraud_status: 'challenge' })).toBe(false);
    for (const s of ['pending', 'authorize', 'deny', 'cancel', 'expire', 'failure', 'refund', 'chargeback']) expect(isMoneyReceived({ transaction_status: s })).toBe(false);
  });

  it('why anything else is ignored', () => {
    expect(ignoredReason('pending', true)).toBe('pending after the payment was applied: nothing changed');
    expect(ignoredReason('pending', false)).toBe('waiting for the customer to pay');
    expect(ignoredReason('authorize', false)).toBe('waiting for the customer to pay');
    expect(ignoredReason('expire', false)).toBe('expire: no money received');
    expect(ignoredReason('refund', false)).toBe('refund: not applied automatically, check with Midtrans');
  });

  it('rupiah only; Midtrans may leave the currency out', () => {
    expect(currencyRejection(undefined)).toBeNull();
    expect(currencyRejection('IDR')).toBeNull();
    expect(currencyRejection('USD')).toBe('currency USD is not IDR');
  });

  it('applied only to an open invoice, for exactly what is owed', () => {
    const open = { number: 'SNJ-202611-00001', status: 'overdue' as const, outstanding: 150_000 };
    expect(invoiceRejection('150000.00', open)).toBeNull();
    expect(invoiceRejection('150000', { ...open, status: 'unpaid' })).toBeNull();
    expect(invoiceRejection('100000.00', open)).toBe('amount 100000.00 does not match the 150000 owed on SNJ-202611-00001');
    expect(invoiceRejection('150000.50', open)).toMatch(/does not match/);
    expect(invoiceRejection('150000.00', { ...open, status: 'paid', outstanding: 0 })).toMatch(/is paid: money received for nothing owed/);
    expect(invoiceRejection('150000.00', { ...open, status: 'void', outstanding: 0 })).toMatch(/is void/);
  });

  it('reads the invoice number from the order id and the Jakarta transaction time', () => {
    expect(invoiceNumberOf('SNJ-202611-00001.k3j2')).toBe('SNJ-202611-00001');
    expect(invoiceNumberOf('SNJ-202611-00001')).toBe('SNJ-202611-00001');
    expect(transactionInstant('2026-11-26 10:15:00')?.toISOString()).toBe('2026-11-26T03:15:00.000Z');
    expect(transactionInstant(undefined)).toBeUndefined();
  });
});
