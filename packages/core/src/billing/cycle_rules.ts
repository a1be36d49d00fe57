/**
 * The billing cycle's rules as pure functions over calendar days ("YYYY-MM-DD"): the
 * period billed on a billing day D, who is billed, the per-line proration, the totals and
 * the due date. runBillingCycle (cycle.ts) applies them to a whole tenant in one
 * INSERT … SELECT; each CTE there names the rule it mirrors, and the unit tests pin the
 * edge cases (month ends, leap years, mid-period plan changes).
 */
import type { CustomerStatus, InvoiceLine } from '@rrnet/contracts';

/** The last billing day a customer may have: every month has it, so no billing day is ever skipped. */
export const MAX_BILLING_DAY = 28;

/** Customers who are billed: isolated customers still owe for their service. */
export const BILLABLE_CUSTOMER_STATUSES = ['active', 'isolated'] as const satisfies readonly CustomerStatus[];

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

/** "YYYY-MM-DD" naming a day that exists (no 30 February). */
export function isCalendarDay(day: string): boolean {
  const m = DAY.exec(day);
  return !!m && Number(m[2]) >= 1 && Number(m[2]) <= 12 && Number(m[3]) >= 1 && Number(m[3]) <= daysInMonth(Number(m[1]), Number(m[2]));
}

function parts(day: string): [number, number, number] {
  if (!isCalendarDay(day)) throw new RangeError(`not a calendar day (YYYY-MM-DD): ${day}`);
  const m = DAY.exec(day)!;
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}
const utc = (day: string) => {
  const [y, m, d] = parts(day);
  return Date.UTC(y, m - 1, d);
};
const format = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Days in a month (month 1–12). */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function addDays(day: string, days: number): string {
  return format(utc(day) + days * MS_PER_DAY);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((utc(to) - utc(from)) / MS_PER_DAY);
}

/**
 * A day `months` months later (or earlier), clamped to the end of a shorter month the way
 * PostgreSQL's `date ± interval 'n month'` is: 31 March − 1 month = 28 (or 29) February.
 */
export function addMonths(day: string, months: number): string {
  const [y, m, d] = parts(day);
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return format(Date.UTC(year, month - 1, Math.min(d, daysInMonth(year, month))));
}

export interface BillingPeriod {
  period_start: string;
  period_end: string;
  period_days: number;
}

/** The month billed in arrears on billing day D: [D − 1 month, D − 1]. */
export function billingPeriod(day: string): BillingPeriod {
  const period_start = addMonths(day, -1);
  const period_end = addDays(day, -1);
  return { period_start, period_end, period_days: daysBetween(period_start, period_end) + 1 };
}

/** A customer is billed on the run of the day whose day of the month is their billing day. */
export function isBillingDay(billingDay: number, day: string): boolean {
  return parts(day)[2] === billingDay;
}

/** The billing day of a customer connected on `dayOfMonth`: the same day, or the 28th for the 29th–31st. */
export function clampBillingDay(dayOfMonth: number): number {
  return Math.min(MAX_BILLING_DAY, dayOfMonth);
}

/**
 * Whether a customer is invoiced for a period: billable status, activated (in the
 * tenant's calendar) on or before its last day.
 */
export function isBillable(status: CustomerStatus, activatedOn: string | null, period: BillingPeriod): boolean {
  return (BILLABLE_CUSTOMER_STATUSES as readonly string[]).includes(status) && activatedOn !== null && activatedOn <= period.period_end;
}

/** The first billed day: the period's start, or the activation day of a customer connected during it. */
export function activeFrom(period: BillingPeriod, activatedOn: string): string {
  return activatedOn > period.period_start ? activatedOn : period.period_start;
}

/** One line's amount: the monthly price × the line's days / the period's days, rounded to the rupiah (half up). */
export function prorate(monthlyPrice: number, days: number, periodDays: number): number {
  if (periodDays <= 0) throw new RangeError('a period has at least one day');
  return Math.round((monthlyPrice * days) / periodDays);
}

export interface PlanRef {
  id: string;
  name: string;
  price: number;
}

/** A row of tenant_customer_plan_changes: from `effective_on` the customer is on the new plan. */
export interface PlanChange {
  effective_on: string;
  /** orders changes made on the same day */
  created_at: Date;
  old_plan_id: string;
  new_plan_id: string;
  old_price: number;
  new_price: number;
}

const byTime = (a: PlanChange, b: PlanChange) => (a.effective_on < b.effective_on ? -1 : a.effective_on > b.effective_on ? 1 : a.created_at.getTime() - b.created_at.getTime());

/**
 * The lines of one customer's invoice. Without a plan change after `from` it is one line
 * on the current plan. Otherwise the stretch is cut at each change inside it, and each
 * piece is priced by the newest change in effect on its first day (its new plan), or —
 * before the first change — by the plan that change left (its old plan). A change after
 * the period still counts: the whole period was on its old plan. Prices are the ones the
 * change recorded; names are the plans' current names (`planName`).
 */
export function invoiceLines(
  period: BillingPeriod,
  from: string,
  current: PlanRef,
  changes: readonly PlanChange[],
  planName: (planId: string) => string,
): InvoiceLine[] {
  const later = changes.filter((c) => c.effective_on > from);
  if (later.length === 0) {
    const days = daysBetween(from, period.period_end) + 1;
    return [line(current.id, current.name, current.price, from, period.period_end, days, period)];
  }
  const sorted = [...changes].sort(byTime);
  const starts = [...new Set([from, ...later.filter((c) => c.effective_on <= period.period_end).map((c) => c.effective_on)])].sort();
  return starts.map((start, i) => {
    const end = i + 1 < starts.length ? addDays(starts[i + 1]!, -1) : period.period_end;
    const inEffect = sorted.filter((c) => c.effective_on <= start).at(-1);
    const next = sorted.find((c) => c.effective_on > start)!;
    const [planId, price] = inEffect ? [inEffect.new_plan_id, inEffect.new_price] : [next.old_plan_id, next.old_price];
    return line(planId, planName(planId), price, start, end, daysBetween(start, end) + 1, period);
  });
}

function line(planId: string, name: string, price: number, from: string, to: string, days: number, period: BillingPeriod): InvoiceLine {
  return { plan_id: planId, plan_name: name, from, to, days, period_days: period.period_days, monthly_price: price, amount: prorate(price, days, period.period_days) };
}

export interface InvoiceTotals {
  subtotal: number;
  discount: number;
  tax: number;
  total: number;
}

/** Subtotal = the lines; the monthly discount never more than that; tax (basis points) on what is left, rounded. */
export function invoiceTotals(lines: readonly InvoiceLine[], monthlyDiscount: number, taxRateBp: number): InvoiceTotals {
  const subtotal = lines.reduce((sum, l) => sum + l.amount, 0);
  const discount = Math.min(monthlyDiscount, subtotal);
  const tax = Math.round(((subtotal - discount) * taxRateBp) / 10_000);
  return { subtotal, discount, tax, total: subtotal - discount + tax };
}

/** Due D + due_days (calendar days, across month ends). */
export function dueDate(day: string, dueDays: number): string {
  return addDays(day, dueDays);
}

