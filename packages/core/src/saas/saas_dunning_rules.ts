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
  /** reminders wait for this local hour (platform timezone): nobody is messaged at midnight */
  reminderFromHour: 8,
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

/** The reminder's stage key, one per invoice: "before_due_3", "after_due_1"… */
export function reminderStage(reminder: { kind: ReminderKind; days: number }): string {
  return `${reminder.kind}_${reminder.days}`;
}

/** The text of a reminder to an ISP's owner. */
export function reminderMessage(
  r: { kind: ReminderKind; days: number; isp: string; number: string; total: string; due: string },
  locale: 'id' | 'en',
): string {
  if (locale === 'en') {
    return r.kind === 'before_due'
      ? `RRNet: invoice ${r.number} for ${r.isp} (${r.total}) is due on ${r.due}, in ${r.days} days. Pay it under Billing → RRNet subscription.`
      : `RRNet: invoice ${r.number} for ${r.isp} (${r.total}) was due on ${r.due}, ${r.days} days ago. ${DUNNING.graceDays} days after the due date your staff can no longer add customers or routers; after ${DUNNING.suspendAfterDays} days the account becomes read-only. Paying restores it at once.`;
  }
  return r.kind === 'before_due'
    ? `RRNet: tagihan ${r.number} untuk ${r.isp} (${r.total}) jatuh tempo ${r.due}, ${r.days} hari lagi. Bayar di Tagihan → Langganan RRNet.`
    : `RRNet: tagihan ${r.number} untuk ${r.isp} (${r.total}) jatuh tempo ${r.due}, sudah lewat ${r.days} hari. ${DUNNING.graceDays} hari setelah jatuh tempo staf Anda tidak bisa lagi menambah pelanggan atau router; setelah ${DUNNING.suspendAfterDays} hari akun menjadi hanya-baca. Membayar memulihkannya seketika.`;
}
