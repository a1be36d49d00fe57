/** Xendit callback statuses, amounts and instants (xendit_rules.ts). */
import { describe, expect, it } from 'vitest';
import { invoiceNumberOf, invoiceRejection, isXenditMoneyReceived, xenditIgnoredReason, xenditPaidAmount, xenditPaidInstant } from '../../src/billing/xendit_rules';

describe('xendit rules', () => {
  it('PAID and SETTLED are money received; EXPIRED and PENDING are not', () => {
    expect(['PAID', 'SETTLED', 'EXPIRED', 'PENDING', 'paid'].map(isXenditMoneyReceived)).toEqual([true, true, false, false, false]);
  });

  it('says why a callback was not applied', () => {
    expect(xenditIgnoredReason('EXPIRED', false)).toMatch(/expired unpaid/);
    expect(xenditIgnoredReason('PENDING', false)).toBe('waiting for the customer to pay');
    expect(xenditIgnoredReason('EXPIRED', true)).toBe('EXPIRED after the payment was applied: nothing changed');
    expect(xenditIgnoredReason('REFUNDED', false)).toMatch(/check with Xendit/);
  });

  it('takes paid_amount, else amount, and checks it against what is owed', () => {
    expect(xenditPaidAmount({ paid_amount: 150000, amount: 165000 })).toBe('150000');
    expect(xenditPaidAmount({ amount: 165000 })).toBe('165000');
    const invoice = { number: 'SNJ-202611-00001', status: 'unpaid' as const, outstanding: 165000 };
    expect(invoiceRejection(xenditPaidAmount({ paid_amount: 165000 }), invoice)).toBeNull();
    expect(invoiceRejection(xenditPaidAmount({ paid_amount: 150000 }), invoice)).toMatch(/does not match/);
    expect(invoiceNumberOf('SNJ-202611-00001.a1b2c3')).toBe('SNJ-202611-00001');
  });

  it('reads paid_at as an instant, and nothing from a missing or unreadable one', () => {
    expect(xenditPaidInstant('2026-12-05T03:15:00.000Z')?.toISOString()).toBe('2026-12-05T03:15:00.000Z');
    expect(xenditPaidInstant(undefined)).toBeUndefined();
    expect(xenditPaidInstant('yesterday')).toBeUndefined();
  });
});
