import { describe, expect, it } from 'vitest';
import { AppError, parseFieldMessage } from '@rrnet/contracts';
import type { InvoiceStatus } from '@rrnet/contracts';
import {
  INVOICE_REVERSALS,
  assertInvoiceReversal,
  assertPayable,
  assertPaymentAmount,
  assertPaymentVoidable,
  reopenAfterPaymentVoid,
  settle,
} from '../../src/billing/payment_rules';
import type { PayableInvoice } from '../../src/billing/payment_rules';

function thrown(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return err as AppError;
  }
  throw new Error('expected an AppError');
}

const invoice = (status: InvoiceStatus, total: number, paid: number, due = '2026-11-15'): PayableInvoice => ({
  number: 'SNJ-202611-00001',
  status,
  total,
  paid_amount: paid,
  outstanding: status === 'void' ? 0 : total - paid,
  due_date: due,
});

describe('taking a payment', () => {
  it('only an unpaid or overdue invoice takes money', () => {
    expect(() => assertPayable(invoice('unpaid', 200_000, 0))).not.toThrow();
    expect(() => assertPayable(invoice('overdue', 200_000, 0))).not.toThrow();
    const paid = thrown(() => assertPayable(invoice('paid', 200_000, 200_000)));
    expect(paid).toMatchObject({ code: 'CONFLICT', message: 'Invoice SNJ-202611-00001 is paid; nothing is owed on it.', details: { invoice_id: 'The invoice is paid' } });
    expect(thrown(() => assertPayable(invoice('void', 200_000, 0))).code).toBe('CONFLICT');
  });

  it('never more than is owed, never zero, negative or a fraction', () => {
    expect(() => assertPaymentAmount(invoice('unpaid', 200_000, 50_000), 150_000)).not.toThrow();
    const over = thrown(() => assertPaymentAmount(invoice('unpaid', 200_000, 50_000), 150_001));
    expect(over).toMatchObject({ code: 'VALIDATION_FAILED', details: { amount: 'At most 150000' } });
    expect(parseFieldMessage(String(over.details?.amount))).toEqual({ key: 'at_most_amount', values: { amount: '150000' } });
    for (const amount of [0, -1, 10.5]) expect(thrown(() => assertPaymentAmount(invoice('unpaid', 200_000, 0), amount)).code).toBe('VALIDATION_FAILED');
  });

  it('partial payments keep the status; the one that reaches the total makes the invoice paid', () => {
    const first = settle(invoice('unpaid', 200_000, 0), 50_000);
    expect(first).toEqual({ paid_amount: 50_000, status: 'unpaid', settled: false });
    const second = settle(invoice('unpaid', 200_000, 50_000), 100_000);
    expect(second).toEqual({ paid_amount: 150_000, status: 'unpaid', settled: false });
    expect(settle(invoice('unpaid', 200_000, 150_000), 50_000)).toEqual({ paid_amount: 200_000, status: 'paid', settled: true });
  });

  it('an overdue invoice stays overdue until paid in full, then is paid', () => {
    expect(settle(invoice('overdue', 200_000, 0), 199_999)).toEqual({ paid_amount: 199_999, status: 'overdue', settled: false });
    expect(settle(invoice('overdue', 200_000, 199_999), 1)).toEqual({ paid_amount: 200_000, status: 'paid', settled: true });
  });

  it('refuses an overpayment and a payment on a paid invoice', () => {
    expect(thrown(() => settle(invoice('unpaid', 200_000, 0), 250_000)).code).toBe('VALIDATION_FAILED');
    expect(thrown(() => settle(invoice('paid', 200_000, 200_000), 1)).code).toBe('CONFLICT');
  });
});

describe('voiding a payment', () => {
  const today = '2026-11-20';
  it('a voided payment of a paid invoice reopens it: unpaid before its due date, overdue after', () => {
    expect(reopenAfterPaymentVoid(invoice('paid', 200_000, 200_000, '2026-11-25'), 50_000, today)).toEqual({ paid_amount: 150_000, status: 'unpaid' });
    expect(reopenAfterPaymentVoid(invoice('paid', 200_000, 200_000, '2026-11-20'), 50_000, today)).toEqual({ paid_amount: 150_000, status: 'unpaid' });
    expect(reopenAfterPaymentVoid(invoice('paid', 200_000, 200_000, '2026-11-19'), 200_000, today)).toEqual({ paid_amount: 0, status: 'overdue' });
  });

  it('an open invoice only moves forward: unpaid past due → overdue, overdue never back to unpaid', () => {
    expect(reopenAfterPaymentVoid(invoice('unpaid', 200_000, 50_000, '2026-11-25'), 50_000, today)).toEqual({ paid_amount: 0, status: 'unpaid' });
    expect(reopenAfterPaymentVoid(invoice('unpaid', 200_000, 50_000, '2026-11-01'), 50_000, today)).toEqual({ paid_amount: 0, status: 'overdue' });
    expect(reopenAfterPaymentVoid(invoice('overdue', 200_000, 50_000, '2026-11-25'), 50_000, today)).toEqual({ paid_amount: 0, status: 'overdue' });
  });

  it('refuses a payment of a void invoice, one bigger than what was paid, and a second void', () => {
    expect(thrown(() => reopenAfterPaymentVoid(invoice('void', 200_000, 0), 50_000, today)).message).toBe('The invoice of this payment is void.');
    expect(thrown(() => reopenAfterPaymentVoid(invoice('unpaid', 200_000, 10_000), 50_000, today)).code).toBe('CONFLICT');
    expect(thrown(() => reopenAfterPaymentVoid(invoice('unpaid', 200_000, 10_000), 0, today)).code).toBe('CONFLICT');
    expect(() => assertPaymentVoidable('completed')).not.toThrow();
    expect(thrown(() => assertPaymentVoidable('voided')).message).toBe('This payment is already voided.');
  });

  it('the reversal is the one way out of paid, and only to an open status', () => {
    expect(INVOICE_REVERSALS.paid).toEqual(['unpaid', 'overdue']);
    expect(() => assertInvoiceReversal('paid', 'unpaid')).not.toThrow();
    expect(() => assertInvoiceReversal('paid', 'overdue')).not.toThrow();
    expect(() => assertInvoiceReversal('unpaid', 'overdue')).not.toThrow();
    expect(() => assertInvoiceReversal('overdue', 'overdue')).not.toThrow();
    expect(thrown(() => assertInvoiceReversal('paid', 'void')).code).toBe('CONFLICT');
    expect(thrown(() => assertInvoiceReversal('overdue', 'unpaid')).code).toBe('CONFLICT');
    expect(thrown(() => assertInvoiceReversal('void', 'unpaid')).code).toBe('CONFLICT');
  });
});
