import { describe, expect, it } from 'vitest';
import {
  SAAS_BILLING,
  isInvoiced,
  isProrationDue,
  monthPeriod,
  planLine,
  prorationLine,
  saasDueDate,
  saasInvoiceNumber,
  saasInvoiceTotals,
} from '../../src/saas/saas_billing_rules';

const starter = { code: 'starter', name: 'Starter', price_monthly: 300_000 };
const pro = { code: 'pro', name: 'Pro', price_monthly: 900_000 };

describe('monthPeriod', () => {
  it('is the calendar month of the day, through month ends and leap years', () => {
    expect(monthPeriod('2026-12-04')).toEqual({ month: '2026-12', period_start: '2026-12-01', period_end: '2026-12-31', period_days: 31 });
    expect(monthPeriod('2028-02-29')).toEqual({ month: '2028-02', period_start: '2028-02-01', period_end: '2028-02-29', period_days: 29 });
    expect(monthPeriod('2027-02-01').period_days).toBe(28);
    expect(monthPeriod('2026-04-30').period_end).toBe('2026-04-30');
  });
});

describe('isInvoiced', () => {
  const dec = monthPeriod('2026-12-01');
  it('bills active and past-due subscriptions started by the month’s end', () => {
    expect(isInvoiced('active', '2025-01-15', dec)).toBe(true);
    expect(isInvoiced('past_due', '2026-12-31', dec)).toBe(true);
  });
  it('never bills trials, canceled ones, or ones starting later', () => {
    expect(isInvoiced('trialing', '2025-01-15', dec)).toBe(false);
    expect(isInvoiced('canceled', '2025-01-15', dec)).toBe(false);
    expect(isInvoiced('active', '2027-01-01', dec)).toBe(false);
  });
});

describe('planLine', () => {
  it('is the whole month for a subscription started before it', () => {
    const line = planLine(starter, '2026-03-17', monthPeriod('2026-12-01'));
    expect(line).toMatchObject({ kind: 'plan', from: '2026-12-01', to: '2026-12-31', days: 31, period_days: 31, amount: 300_000 });
  });
  it('prorates a subscription started during the month from its first day, rounding half up', () => {
    // 17 of 31 days of 300 000 = 164 516.13
    expect(planLine(starter, '2026-12-15', monthPeriod('2026-12-01'))).toMatchObject({ from: '2026-12-15', days: 17, amount: 164_516 });
    // the last day of a leap February: 1/29 of 900 000 = 31 034.48
    expect(planLine(pro, '2028-02-29', monthPeriod('2028-02-10')).amount).toBe(31_034);
  });
});

describe('proration of upgrades', () => {
  it('charges the difference for the rest of the month it was made in', () => {
    // upgraded on 21 November: 10 of 30 days × 600 000 = 200 000
    const line = prorationLine({ effective_on: '2026-11-21', old_plan: starter, new_plan: pro });
    expect(line).toMatchObject({ kind: 'proration', from: '2026-11-21', to: '2026-11-30', days: 10, period_days: 30, monthly_price: 600_000, amount: 200_000 });
  });
  it('an upgrade on the first day charges the whole difference', () => {
    expect(prorationLine({ effective_on: '2026-11-01', old_plan: starter, new_plan: pro }).amount).toBe(600_000);
  });
  it('is billed on the first monthly invoice after the month it was made in, not that month’s', () => {
    expect(isProrationDue('2026-11-21', monthPeriod('2026-12-01'))).toBe(true);
    expect(isProrationDue('2026-12-01', monthPeriod('2026-12-01'))).toBe(false);
    expect(isProrationDue('2026-12-20', monthPeriod('2026-12-01'))).toBe(false);
  });
});

describe('totals', () => {
  it('adds the lines, taxes the subtotal in basis points and appends the tax line', () => {
    const lines = [planLine(pro, '2020-01-01', monthPeriod('2026-12-01')), prorationLine({ effective_on: '2026-11-21', old_plan: starter, new_plan: pro })];
    const t = saasInvoiceTotals(lines, SAAS_BILLING.taxRateBp);
    expect(t.subtotal).toBe(1_100_000);
    expect(t.tax).toBe(121_000);
    expect(t.total).toBe(1_221_000);
    expect(t.lines.map((l) => l.kind)).toEqual(['plan', 'proration', 'tax']);
    expect(t.lines.reduce((s, l) => s + l.amount, 0)).toBe(t.total);
  });
  it('rounds tax half up to the rupiah and never goes below zero', () => {
    expect(saasInvoiceTotals([{ ...planLine(starter, '2020-01-01', monthPeriod('2026-12-01')), amount: 164_516 }], 1100).tax).toBe(18_097);
    expect(saasInvoiceTotals([{ ...planLine(starter, '2020-01-01', monthPeriod('2026-12-01')), amount: -5 }], 1100)).toMatchObject({ subtotal: 0, tax: 0, total: 0 });
  });
});

describe('due date and number', () => {
  it('is due 14 days after issue, across a year end', () => {
    expect(saasDueDate('2026-12-20', SAAS_BILLING.dueDays)).toBe('2027-01-03');
  });
  it('numbers RRN-YYYYMM-00001', () => {
    expect(saasInvoiceNumber('RRN', '2026-12', 1)).toBe('RRN-202612-00001');
    expect(saasInvoiceNumber('RRN', '2027-01', 12345)).toBe('RRN-202701-12345');
  });
});
