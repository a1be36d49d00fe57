/**
 * The platform billing its ISPs, as pure functions over calendar days ("YYYY-MM-DD").
 * SaaS invoices are monthly, in advance, per calendar month in the platform's timezone:
 *   - plan line: the month on the subscription's current plan; a subscription started during
 *     the month pays from its start day (price × days / days of the month);
 *   - proration lines: each upgrade made in an earlier month and not yet billed — the price
 *     difference for the days from its effective day to the end of its month (the invoice of
 *     that month was issued at the old price). Downgrades take effect on the 1st: nothing to prorate;
 *   - tax on the subtotal in basis points (PPN 11 %), a line of its own;
 *   - due `dueDays` after the issue day; numbered "RRN-YYYYMM-00001", gap-free per billed month.
 * runSaasBilling (saas_invoices.ts) looks up, asks these, writes; the unit tests pin the edges.
 */
import type { SaasInvoiceLine, SaasSubscriptionStatus } from '@rrnet/contracts';
import { addDays, daysBetween, daysInMonth, prorate } from '../billing/cycle_rules';

/** The platform's own billing terms. */
export const SAAS_BILLING = {
  timezone: 'Asia/Jakarta',
  /** PPN 11 % */
  taxRateBp: 1100,
  dueDays: 14,
  numberPrefix: 'RRN',
} as const;

/** Subscriptions that are invoiced: a trial is free, a canceled one is over. */
export const INVOICED_SUBSCRIPTION_STATUSES = ['active', 'past_due'] as const satisfies readonly SaasSubscriptionStatus[];

export interface SaasPeriod {
  /** YYYY-MM */
  month: string;
  period_start: string;
  period_end: string;
  period_days: number;
}

/** The calendar month a day falls in. */
export function monthPeriod(day: string): SaasPeriod {
  const [y, m] = day.split('-').map(Number) as [number, number];
  const days = daysInMonth(y, m);
  const month = day.slice(0, 7);
  return { month, period_start: `${month}-01`, period_end: `${month}-${String(days).padStart(2, '0')}`, period_days: days };
}

/** Whether a subscription is invoiced for a month: an invoiced status and started by the month's last day. */
export function isInvoiced(status: SaasSubscriptionStatus, startedOn: string, period: SaasPeriod): boolean {
  return (INVOICED_SUBSCRIPTION_STATUSES as readonly string[]).includes(status) && startedOn <= period.period_end;
}

export interface SaasPlanRef {
  code: string;
  name: string;
  price_monthly: number;
}

/** The month on the current plan, from the subscription's start when it started during the month. */
export function planLine(plan: SaasPlanRef, startedOn: string, period: SaasPeriod): SaasInvoiceLine {
  const from = startedOn > period.period_start ? startedOn : period.period_start;
  const days = daysBetween(from, period.period_end) + 1;
  return {
    kind: 'plan',
    description: plan.name,
    plan_code: plan.code,
    from,
    to: period.period_end,
    days,
    period_days: period.period_days,
    monthly_price: plan.price_monthly,
    amount: prorate(plan.price_monthly, days, period.period_days),
  };
}

export interface UpgradeToBill {
  effective_on: string;
  old_plan: SaasPlanRef;
  new_plan: SaasPlanRef;
}

/**
 * An upgrade's catch-up for the month it was made in: (new − old price) for the days from its
 * effective day to that month's end. Billed on the first monthly invoice after it, never in
 * the month it was made (that invoice went out at the old price).
 */
export function prorationLine(change: UpgradeToBill): SaasInvoiceLine {
  const month = monthPeriod(change.effective_on);
  const days = daysBetween(change.effective_on, month.period_end) + 1;
  return {
    kind: 'proration',
    description: `${change.old_plan.name} → ${change.new_plan.name}`,
    plan_code: change.new_plan.code,
    from: change.effective_on,
    to: month.period_end,
    days,
    period_days: month.period_days,
    monthly_price: change.new_plan.price_monthly - change.old_plan.price_monthly,
    amount: prorate(change.new_plan.price_monthly - change.old_plan.price_monthly, days, month.period_days),
  };
}

/** Whether an upgrade is billed on the invoice of `period`: made before the month began. */
export function isProrationDue(effectiveOn: string, period: SaasPeriod): boolean {
  return effectiveOn < period.period_start;
}

export interface SaasInvoiceTotals {
  subtotal: number;
  tax: number;
  total: number;
  /** the given lines and the tax line */
  lines: SaasInvoiceLine[];
}

/** Subtotal = the lines (never below zero), tax in basis points on it (half up), total = both. */
export function saasInvoiceTotals(lines: readonly SaasInvoiceLine[], taxRateBp: number): SaasInvoiceTotals {
  const subtotal = Math.max(0, lines.reduce((sum, l) => sum + l.amount, 0));
  const tax = Math.round((subtotal * taxRateBp) / 10_000);
  const taxLine: SaasInvoiceLine = {
    kind: 'tax',
    description: `${taxRateBp / 100}%`,
    plan_code: null,
    from: null,
    to: null,
    days: null,
    period_days: null,
    monthly_price: null,
    amount: tax,
  };
  return { subtotal, tax, total: subtotal + tax, lines: [...lines, taxLine] };
}

/** Due `dueDays` after the day the invoice is issued. */
export function saasDueDate(issueDay: string, dueDays: number): string {
  return addDays(issueDay, dueDays);
}

/** "RRN-202612-00001": the billed month and its gap-free sequence number. */
export function saasInvoiceNumber(prefix: string, month: string, n: number): string {
  return `${prefix}-${month.replace('-', '')}-${String(n).padStart(5, '0')}`;
}
