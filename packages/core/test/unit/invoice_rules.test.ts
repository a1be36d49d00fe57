import { describe, expect, it } from 'vitest';
import { AppError, INVOICE_STATUSES } from '@rrnet/contracts';
import type { InvoiceStatus } from '@rrnet/contracts';
import { assertInvoiceTransition, assertInvoiceVoidable, becomesOverdue, invoiceSourcesOf, isOpenInvoice, isPastDue, outstandingOf } from '../../src/billing/invoice_rules';

/** The error a call throws (fails the test when it does not throw). */
function thrown(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return err as AppError;
  }
  throw new Error('expected an AppError');
}

describe('the invoice state machine', () => {
  it('names the statuses each target may come from, derived from the transition table', () => {
    expect(invoiceSourcesOf('overdue')).toEqual(['unpaid']);
    expect(invoiceSourcesOf('paid')).toEqual(['unpaid', 'overdue']);
    expect(invoiceSourcesOf('void')).toEqual(['unpaid', 'overdue']);
    expect(invoiceSourcesOf('unpaid')).toEqual([]);
  });

  it('lets unpaid → paid | overdue | void and overdue → paid | void through', () => {
    const allowed: [InvoiceStatus, InvoiceStatus][] = [
      ['unpaid', 'paid'],
      ['unpaid', 'overdue'],
      ['unpaid', 'void'],
      ['overdue', 'paid'],
      ['overdue', 'void'],
    ];
    for (const [from, to] of allowed) expect(() => assertInvoiceTransition(from, to)).not.toThrow();
  });

  it('refuses every other move with CONFLICT: paid and void are final, overdue never goes back to unpaid', () => {
    const refused: [InvoiceStatus, InvoiceStatus][] = [];
    for (const from of INVOICE_STATUSES) for (const to of INVOICE_STATUSES) if (!invoiceSourcesOf(to).includes(from)) refused.push([from, to]);
    expect(refused).toContainEqual(['paid', 'void']);
    expect(refused).toContainEqual(['void', 'paid']);
    expect(refused).toContainEqual(['overdue', 'unpaid']);
    expect(refused).toContainEqual(['unpaid', 'unpaid']);
    expect(refused).toHaveLength(16 - 5);
    for (const [from, to] of refused) {
      const err = thrown(() => assertInvoiceTransition(from, to));
      expect(err.code).toBe('CONFLICT');
      expect(err.message).toBe(`A ${from} invoice cannot become ${to}.`);
      expect(err.details).toEqual({ status: `Not allowed while the invoice is ${from}` });
    }
  });
});

describe('what is owed and when', () => {
  it('open = unpaid or overdue', () => {
    expect(INVOICE_STATUSES.filter(isOpenInvoice)).toEqual(['unpaid', 'overdue']);
  });

  it('outstanding is total − paid, and nothing on a void invoice', () => {
    expect(outstandingOf('unpaid', 200_000, 50_000)).toBe(150_000);
    expect(outstandingOf('paid', 200_000, 200_000)).toBe(0);
    expect(outstandingOf('void', 200_000, 0)).toBe(0);
  });

  it('past due from the day after the due date, across month and year ends', () => {
    expect(isPastDue('2026-11-15', '2026-11-15')).toBe(false);
    expect(isPastDue('2026-11-15', '2026-11-16')).toBe(true);
    expect(isPastDue('2026-01-31', '2026-02-01')).toBe(true);
    expect(isPastDue('2024-02-29', '2024-03-01')).toBe(true);
    expect(isPastDue('2026-12-31', '2027-01-01')).toBe(true);
    expect(isPastDue('2027-01-01', '2026-12-31')).toBe(false);
  });

  it('the sweep turns only unpaid past-due invoices overdue', () => {
    expect(becomesOverdue('unpaid', '2026-11-15', '2026-11-16')).toBe(true);
    expect(becomesOverdue('unpaid', '2026-11-15', '2026-11-15')).toBe(false);
    expect(becomesOverdue('overdue', '2026-11-15', '2026-11-20')).toBe(false);
    expect(becomesOverdue('paid', '2026-11-15', '2026-11-20')).toBe(false);
    expect(becomesOverdue('void', '2026-11-15', '2026-11-20')).toBe(false);
  });
});

describe('voiding an invoice', () => {
  it('an open invoice without payments may be voided', () => {
    expect(() => assertInvoiceVoidable({ status: 'unpaid', paid_amount: 0 })).not.toThrow();
    expect(() => assertInvoiceVoidable({ status: 'overdue', paid_amount: 0 })).not.toThrow();
  });

  it('a paid or void invoice may not (the machine), nor one with a partial payment (void the payments first)', () => {
    expect(thrown(() => assertInvoiceVoidable({ status: 'paid', paid_amount: 200_000 })).message).toBe('A paid invoice cannot become void.');
    expect(thrown(() => assertInvoiceVoidable({ status: 'void', paid_amount: 0 })).code).toBe('CONFLICT');
    const partial = thrown(() => assertInvoiceVoidable({ status: 'unpaid', paid_amount: 50_000 }));
    expect(partial.code).toBe('CONFLICT');
    expect(partial.message).toMatch(/Void the payments first/);
  });
});
