import { describe, expect, it } from 'vitest';
import {
  activeFrom,
  addDays,
  addMonths,
  billingPeriod,
  clampBillingDay,
  daysBetween,
  daysInMonth,
  dueDate,
  invoiceLines,
  invoiceTotals,
  isBillable,
  isBillingDay,
  isCalendarDay,
  prorate,
} from '../../src/billing/cycle_rules';
import type { PlanChange, PlanRef } from '../../src/billing/cycle_rules';

const BASIC: PlanRef = { id: 'plan-basic', name: 'Basic 10M', price: 150_000 };
const PRO: PlanRef = { id: 'plan-pro', name: 'Pro 30M', price: 250_000 };
const MAX: PlanRef = { id: 'plan-max', name: 'Max 50M', price: 400_000 };
const names: Record<string, string> = { [BASIC.id]: BASIC.name, [PRO.id]: PRO.name, [MAX.id]: MAX.name };
const planName = (id: string) => names[id]!;
const change = (effective_on: string, from: PlanRef, to: PlanRef, created = '2026-01-01T00:00:00Z'): PlanChange => ({
  effective_on,
  created_at: new Date(created),
  old_plan_id: from.id,
  new_plan_id: to.id,
  old_price: from.price,
  new_price: to.price,
});

describe('calendar days', () => {
  it('knows which days exist: 29 February only in leap years, no 31 April, no month 13', () => {
    expect(isCalendarDay('2024-02-29')).toBe(true);
    expect(isCalendarDay('2026-02-29')).toBe(false);
    expect(isCalendarDay('2000-02-29')).toBe(true);
    expect(isCalendarDay('2100-02-29')).toBe(false);
    expect(isCalendarDay('2026-04-31')).toBe(false);
    expect(isCalendarDay('2026-13-01')).toBe(false);
    expect(isCalendarDay('2026-00-10')).toBe(false);
    expect(isCalendarDay('2026-01-00')).toBe(false);
    expect(isCalendarDay('2026-1-01')).toBe(false);
    expect(() => addDays('2026-02-30', 1)).toThrow(RangeError);
  });

  it('counts month lengths, days between and days after, across month and year ends', () => {
    expect([daysInMonth(2024, 2), daysInMonth(2026, 2), daysInMonth(2026, 12), daysInMonth(2026, 4)]).toEqual([29, 28, 31, 30]);
    expect(addDays('2026-01-31', 1)).toBe('2026-02-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(daysBetween('2026-02-01', '2026-03-01')).toBe(28);
    expect(daysBetween('2024-02-01', '2024-03-01')).toBe(29);
    expect(daysBetween('2026-03-05', '2026-03-01')).toBe(-4);
  });

  it('adds months clamped to a shorter month’s end, as PostgreSQL’s date − interval does', () => {
    expect(addMonths('2026-03-31', -1)).toBe('2026-02-28');
    expect(addMonths('2024-03-31', -1)).toBe('2024-02-29');
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2024-02-29', 12)).toBe('2025-02-28');
    expect(addMonths('2026-01-05', -1)).toBe('2025-12-05');
    expect(addMonths('2026-05-31', -1)).toBe('2026-04-30');
    expect(addMonths('2026-12-15', 1)).toBe('2027-01-15');
  });
});

describe('billing period [D − 1 month, D − 1]', () => {
  it('on an ordinary day: the month just ended, in arrears', () => {
    expect(billingPeriod('2037-01-05')).toEqual({ period_start: '2036-12-05', period_end: '2037-01-04', period_days: 31 });
    expect(billingPeriod('2026-12-01')).toEqual({ period_start: '2026-11-01', period_end: '2026-11-30', period_days: 30 });
  });

  it('on 1 March: February of 28 days, or 29 in a leap year', () => {
    expect(billingPeriod('2026-03-01')).toEqual({ period_start: '2026-02-01', period_end: '2026-02-28', period_days: 28 });
    expect(billingPeriod('2024-03-01')).toEqual({ period_start: '2024-02-01', period_end: '2024-02-29', period_days: 29 });
  });

  it('on 31 January, 29 February and 31 March: the start clamps to the shorter month', () => {
    expect(billingPeriod('2026-01-31')).toEqual({ period_start: '2025-12-31', period_end: '2026-01-30', period_days: 31 });
    expect(billingPeriod('2024-02-29')).toEqual({ period_start: '2024-01-29', period_end: '2024-02-28', period_days: 31 });
    expect(billingPeriod('2026-03-31')).toEqual({ period_start: '2026-02-28', period_end: '2026-03-30', period_days: 31 });
    expect(billingPeriod('2024-03-30')).toEqual({ period_start: '2024-02-29', period_end: '2024-03-29', period_days: 30 });
  });
});

describe('who is billed', () => {
  const period = billingPeriod('2026-12-05');
  it('customers whose billing day is the run’s day of the month', () => {
    expect(isBillingDay(5, '2026-12-05')).toBe(true);
    expect(isBillingDay(5, '2026-12-15')).toBe(false);
    expect(isBillingDay(28, '2026-02-28')).toBe(true);
  });

  it('billing days stop at the 28th, so a customer connected on the 29th–31st is never skipped in February', () => {
    expect([1, 28, 29, 30, 31].map(clampBillingDay)).toEqual([1, 28, 28, 28, 28]);
  });

  it('active and isolated customers activated by the period’s last day; never suspended, terminated or not yet activated', () => {
    expect(isBillable('active', '2026-01-01', period)).toBe(true);
    expect(isBillable('isolated', '2026-01-01', period)).toBe(true);
    expect(isBillable('active', period.period_end, period)).toBe(true);
    expect(isBillable('active', '2026-12-05', period)).toBe(false);
    expect(isBillable('active', null, period)).toBe(false);
    expect(isBillable('suspended', '2026-01-01', period)).toBe(false);
    expect(isBillable('terminated', '2026-01-01', period)).toBe(false);
  });

  it('from the period’s start, or from the activation day of a customer connected during it', () => {
    expect(activeFrom(period, '2025-06-01')).toBe(period.period_start);
    expect(activeFrom(period, '2026-11-20')).toBe('2026-11-20');
    expect(activeFrom(period, period.period_start)).toBe(period.period_start);
  });
});

describe('proration and lines', () => {
  it('rounds price × days / period days to the rupiah, half up', () => {
    expect(prorate(150_000, 31, 31)).toBe(150_000);
    expect(prorate(150_000, 16, 31)).toBe(77_419);
    expect(prorate(1, 1, 2)).toBe(1);
    expect(prorate(3, 1, 2)).toBe(2);
    expect(prorate(250_000, 1, 29)).toBe(8_621);
    expect(() => prorate(150_000, 1, 0)).toThrow(RangeError);
  });

  it('a customer without plan changes: one line on the current plan, the whole period', () => {
    const period = billingPeriod('2026-12-05');
    expect(invoiceLines(period, period.period_start, BASIC, [], planName)).toEqual([
      { plan_id: BASIC.id, plan_name: BASIC.name, from: '2026-11-05', to: '2026-12-04', days: 30, period_days: 30, monthly_price: 150_000, amount: 150_000 },
    ]);
  });

  it('a new customer: from the activation day (16 of 31 days)', () => {
    const period = billingPeriod('2037-01-05');
    const [line] = invoiceLines(period, '2036-12-20', PRO, [], planName);
    expect(line).toMatchObject({ from: '2036-12-20', to: '2037-01-04', days: 16, period_days: 31, amount: Math.round((16 * 250_000) / 31) });
  });

  it('a plan change mid-period: the days before at the old price, the rest at the new one', () => {
    const period = billingPeriod('2037-01-05');
    const lines = invoiceLines(period, period.period_start, MAX, [change('2036-12-15', BASIC, MAX)], planName);
    expect(lines).toEqual([
      { plan_id: BASIC.id, plan_name: BASIC.name, from: '2036-12-05', to: '2036-12-14', days: 10, period_days: 31, monthly_price: 150_000, amount: Math.round((10 * 150_000) / 31) },
      { plan_id: MAX.id, plan_name: MAX.name, from: '2036-12-15', to: '2037-01-04', days: 21, period_days: 31, monthly_price: 400_000, amount: Math.round((21 * 400_000) / 31) },
    ]);
    expect(lines.reduce((n, l) => n + l.days, 0)).toBe(period.period_days);
  });

  it('prices a line by what the change recorded, not by today’s plan price', () => {
    const period = billingPeriod('2026-12-05');
    const recorded = { ...change('2026-11-20', BASIC, PRO), old_price: 140_000, new_price: 240_000 };
    const lines = invoiceLines(period, period.period_start, { ...PRO, price: 999_999 }, [recorded], planName);
    expect(lines.map((l) => [l.monthly_price, l.days])).toEqual([
      [140_000, 15],
      [240_000, 15],
    ]);
  });

  it('a change on the period’s last day gives a one-day line; one after the period bills all of it on the old plan', () => {
    const period = billingPeriod('2026-12-05');
    const lastDay = invoiceLines(period, period.period_start, PRO, [change('2026-12-04', BASIC, PRO)], planName);
    expect(lastDay.map((l) => [l.plan_id, l.from, l.to, l.days])).toEqual([
      [BASIC.id, '2026-11-05', '2026-12-03', 29],
      [PRO.id, '2026-12-04', '2026-12-04', 1],
    ]);
    // changed on the billing day itself (after the period): the period was all on the old plan
    const after = invoiceLines(period, period.period_start, PRO, [change('2026-12-05', BASIC, PRO)], planName);
    expect(after).toEqual([expect.objectContaining({ plan_id: BASIC.id, monthly_price: BASIC.price, from: '2026-11-05', to: '2026-12-04', days: 30, amount: BASIC.price })]);
  });

  it('a change on or before the first billed day is the plan the customer had all period: one line', () => {
    const period = billingPeriod('2026-12-05');
    const onFirst = invoiceLines(period, period.period_start, PRO, [change(period.period_start, BASIC, PRO)], planName);
    expect(onFirst).toEqual([expect.objectContaining({ plan_id: PRO.id, days: 30, amount: PRO.price })]);
    const earlier = invoiceLines(period, '2026-11-10', PRO, [change('2026-10-01', BASIC, PRO)], planName);
    expect(earlier).toEqual([expect.objectContaining({ plan_id: PRO.id, from: '2026-11-10', days: 25 })]);
  });

  it('two changes in a period and two on one day: cut at each day, the later-made change of a day wins', () => {
    const period = billingPeriod('2026-12-05');
    const changes = [
      change('2026-11-25', PRO, MAX, '2026-11-25T08:00:00Z'),
      change('2026-11-15', BASIC, PRO, '2026-11-15T08:00:00Z'),
      // a correction on the same day, made later: Pro → Basic again … then Max on the 25th
      change('2026-11-15', PRO, BASIC, '2026-11-15T09:00:00Z'),
    ];
    const lines = invoiceLines(period, period.period_start, MAX, changes, planName);
    expect(lines.map((l) => [l.plan_id, l.from, l.to, l.days])).toEqual([
      [BASIC.id, '2026-11-05', '2026-11-14', 10],
      [BASIC.id, '2026-11-15', '2026-11-24', 10],
      [MAX.id, '2026-11-25', '2026-12-04', 10],
    ]);
  });

  it('a plan change in a leap February: 29 period days', () => {
    const period = billingPeriod('2024-03-01');
    const lines = invoiceLines(period, period.period_start, PRO, [change('2024-02-29', BASIC, PRO)], planName);
    expect(lines.map((l) => [l.days, l.period_days, l.amount])).toEqual([
      [28, 29, Math.round((28 * 150_000) / 29)],
      [1, 29, Math.round(250_000 / 29)],
    ]);
  });
});

describe('totals and due date', () => {
  const lines = invoiceLines(billingPeriod('2026-12-05'), '2026-11-05', PRO, [], planName);
  it('subtotal of the lines, discount capped at the subtotal, tax in basis points on the rest', () => {
    expect(invoiceTotals(lines, 0, 0)).toEqual({ subtotal: 250_000, discount: 0, tax: 0, total: 250_000 });
    expect(invoiceTotals(lines, 25_000, 1100)).toEqual({ subtotal: 250_000, discount: 25_000, tax: 24_750, total: 249_750 });
    expect(invoiceTotals(lines, 300_000, 1100)).toEqual({ subtotal: 250_000, discount: 250_000, tax: 0, total: 0 });
    const odd = [{ ...lines[0]!, amount: 77_419 }];
    expect(invoiceTotals(odd, 0, 1100).tax).toBe(8_516); // 8,516.09
    expect(invoiceTotals([], 10_000, 1100)).toEqual({ subtotal: 0, discount: 0, tax: 0, total: 0 });
  });

  it('due D + due days, across month ends, leap days and the year end', () => {
    expect(dueDate('2037-01-05', 10)).toBe('2037-01-15');
    expect(dueDate('2026-01-25', 10)).toBe('2026-02-04');
    expect(dueDate('2024-02-25', 5)).toBe('2024-03-01');
    expect(dueDate('2026-02-25', 5)).toBe('2026-03-02');
    expect(dueDate('2026-12-28', 10)).toBe('2027-01-07');
    expect(dueDate('2026-12-05', 0)).toBe('2026-12-05');
  });
});
