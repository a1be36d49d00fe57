/**
 * Dunning: what happens to an ISP that does not pay RRNet, as pure functions over calendar
 * days in the platform's timezone. The oldest open SaaS invoice decides:
 *   current    nothing overdue beyond the grace (`graceDays` after its due date)
 *   past_due   beyond the grace: the ISP's staff see a banner and can still collect
 *              payments and isolate, but cannot add customers or routers
 *   suspended  beyond `suspendAfterDays`: read-only
 * Paying (nothing overdue left) is `current` again at once. Reminders go out
 * `reminderDaysBefore` days before the due date and `reminderDaysAfter` days after it.
 */
import { daysBetween } from '../billing/cycle_rules';

export const DUNNING = {
  graceDays: 7,
  suspendAfterDays: 30,
  reminderDaysBefore: [3] as readonly number[],
  reminderDaysAfter: [1, 7] as readonly number[],
} as const;

export type DunningState = 'current' | 'past_due' | 'suspended';

/** The state of an ISP whose oldest open invoice is due `oldestOpenDue` (null: nothing open). */
export function dunningState(oldestOpenDue: string | null, today: string, terms: { graceDays: number; suspendAfterDays: number } = DUNNING): DunningState {
  if (oldestOpenDue === null) return 'current';
  const late = daysBetween(oldestOpenDue, today);
  if (late > terms.suspendAfterDays) return 'suspended';
  if (late > terms.graceDays) return 'past_due';
  return 'current';
}

export type ReminderKind = 'before_due' | 'after_due';

/** The reminder an open invoice gets today, if any: N days before its due date, or N days after. */
export function reminderFor(dueDate: string, today: string, terms: { reminderDaysBefore: readonly number[]; reminderDaysAfter: readonly number[] } = DUNNING): { kind: ReminderKind; days: number } | null {
  const until = daysBetween(today, dueDate);
  if (until > 0 && terms.reminderDaysBefore.includes(until)) return { kind: 'before_due', days: until };
  if (until < 0 && terms.reminderDaysAfter.includes(-until)) return { kind: 'after_due', days: -until };
  return null;
}
