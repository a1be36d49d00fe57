/**
 * Moving an ISP to another plan, as pure functions:
 *   - a plan at a higher monthly price is an upgrade: in effect at once (today, platform
 *     timezone), its difference prorated on the next monthly invoice (saas_billing_rules);
 *   - a lower (or equal) price is a downgrade: scheduled for the first day of next month,
 *     and refused while the ISP uses more than the new plan allows (each limit named);
 *   - MRR counts the current plan's price of subscriptions that are active or past due.
 */
import type { PlanLimit, SaasSubscriptionStatus, TenantUsage } from '@rrnet/contracts';
import { addDays } from '../billing/cycle_rules';
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
