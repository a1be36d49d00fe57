/**
 * Moving an ISP to another plan, as pure functions:
 *   - a plan at a higher monthly price is an upgrade: in effect at once (today, platform
 *     timezone), its difference prorated on the next monthly invoice (saas_billing_rules);
 *   - a lower (or equal) price is a downgrade: scheduled for the first day of next month,
 *     and refused while the ISP uses more than the new plan allows (each limit named);
 *   - MRR counts the current plan's price of subscriptions that are active or past due;
 *     the platform's revenue history counts it month by month, with churn and ARPU.
 */
import type { PlanLimit, RevenueMonth, SaasSubscriptionStatus, TenantUsage } from '@rrnet/contracts';
import { addDays, addMonths } from '../billing/cycle_rules';
import { monthPeriod } from './saas_billing_rules';

export interface PlanLimits {
  max_routers: number;
  max_customers: number;
  max_users: number;
  max_wa_messages_month: number;
}

export function limitsOf(plan: PlanLimits): Record<PlanLimit, number> {
  return { routers: plan.max_routers, customers: plan.max_customers, users: plan.max_users, wa_messages_month: plan.max_wa_messages_month };
}

export type PlanChangeKind = 'upgrade' | 'downgrade';

export function planChangeKind(oldPrice: number, newPrice: number): PlanChangeKind {
  return newPrice > oldPrice ? 'upgrade' : 'downgrade';
}

/** The day a change takes effect: today for an upgrade, the 1st of next month for a downgrade. */
export function changeEffectiveOn(kind: PlanChangeKind, today: string): string {
  return kind === 'upgrade' ? today : addDays(monthPeriod(today).period_end, 1);
}

export interface LimitExcess {
  limit: PlanLimit;
  used: number;
  max: number;
}

/**
 * What the ISP uses beyond a plan's limits (the WhatsApp allowance counts this month's
 * messages). Empty: the plan fits. A downgrade is refused while this is not empty.
 */
export function limitExcesses(usage: TenantUsage, plan: PlanLimits): LimitExcess[] {
  const limits = limitsOf(plan);
  return (Object.keys(limits) as PlanLimit[]).filter((l) => usage[l] > limits[l]).map((l) => ({ limit: l, used: usage[l], max: limits[l] }));
}

/** Subscriptions that bring in money every month. */
export const REVENUE_SUBSCRIPTION_STATUSES = ['active', 'past_due'] as const satisfies readonly SaasSubscriptionStatus[];

export function mrrOf(status: SaasSubscriptionStatus | null, priceMonthly: number | null): number {
  return status && (REVENUE_SUBSCRIPTION_STATUSES as readonly string[]).includes(status) ? (priceMonthly ?? 0) : 0;
}

/** One ISP's recurring revenue in one month (YYYY-MM): its plan's monthly price, 0 when it paid nothing. */
export interface TenantMonthMrr {
  month: string;
  tenant_id: string;
  mrr: number;
}

/** The month before a YYYY-MM month. */
export function previousMonth(month: string): string {
  return addMonths(`${month}-01`, -1).slice(0, 7);
}

/**
 * The platform's revenue month by month: MRR (the monthly plan prices of the ISPs that pay
 * in the month), paying ISPs, ARPU, and logo churn against the month before — an ISP that
 * paid last month and does not this month churned; one that did not and does is new. Rows
 * of the month before `months[0]` give the first month its baseline.
 */
export function revenueHistory(months: readonly string[], rows: readonly TenantMonthMrr[]): RevenueMonth[] {
  const paying = new Map<string, Map<string, number>>();
  for (const r of rows) {
    if (r.mrr <= 0) continue;
    const m = paying.get(r.month) ?? new Map<string, number>();
    m.set(r.tenant_id, Math.max(m.get(r.tenant_id) ?? 0, r.mrr));
    paying.set(r.month, m);
  }
  return months.map((month) => {
    const now = paying.get(month) ?? new Map<string, number>();
    const before = paying.get(previousMonth(month)) ?? new Map<string, number>();
    const mrr = [...now.values()].reduce((s, v) => s + v, 0);
    const churned = [...before.keys()].filter((id) => !now.has(id)).length;
    return {
      month,
      mrr,
      paying_isps: now.size,
      arpu: now.size ? Math.round(mrr / now.size) : 0,
      new_isps: [...now.keys()].filter((id) => !before.has(id)).length,
      churned_isps: churned,
      churn_rate: before.size ? churned / before.size : null,
    };
  });
}

/** The last `count` months up to and including `thisMonth` (YYYY-MM), oldest first. */
export function monthsUpTo(thisMonth: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => addMonths(`${thisMonth}-01`, i - count + 1).slice(0, 7));
}
