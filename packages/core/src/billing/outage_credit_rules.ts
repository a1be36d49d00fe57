/**
 * The outage credit (optional, per ISP): a customer without service for longer than the
 * ISP's threshold gets the hours beyond it back on their next invoice, prorated on the
 * monthly plan price. Pure: the billing run (cycle.ts) fetches a customer's outages
 * set-based, asks `outageCredits`, and writes what it decides in its INSERT … SELECT,
 * capping the credits in order (`capCredits`) so a total never goes below zero.
 *
 * Overlapping outages are one stretch without service (the union of their intervals): the
 * threshold applies to the stretch once, and its time counts once. A stretch is credited
 * once: its outages are marked with the invoice that took the credit; minutes credited
 * earlier for a stretch (an outage that later turned out to overlap) are taken off.
 */

export const DEFAULT_OUTAGE_CREDIT_THRESHOLD_HOURS = 4;
const MS_PER_MINUTE = 60_000;
const MINUTES_PER_DAY = 1_440;

/**
 * One outage a customer was in, as the billing run sees it:
 * - `due`: resolved in or before the billed period, after the credit was switched on, not yet credited;
 * - `pending`: still open (or suspected), or resolved after the period: its stretch waits for a later invoice;
 * - `done`: credited on an earlier invoice (`credited_minutes`), or resolved before the credit was switched on (0).
 */
export interface CreditOutage {
  id: string;
  title: string;
  started_at: Date;
  /** null while it is still open */
  ended_at: Date | null;
  state: 'due' | 'pending' | 'done';
  credited_minutes: number;
}

export interface OutageCredit {
  /** the stretch's outages not credited before, its first (earliest) first: the invoice takes them all */
  outage_ids: string[];
  /** the titles of the stretch's outages, earliest first */
  title: string;
  /** minutes beyond the threshold not credited before (0: the stretch was short; its outages are still marked) */
  minutes: number;
  amount: number;
}

export interface OutageStretch {
  start: Date;
  /** null: an outage of the stretch is still open */
  end: Date | null;
  outages: CreditOutage[];
}

/** The union of the outages' intervals: overlapping (or touching) outages are one stretch, in time order. */
export function outageStretches(outages: readonly CreditOutage[]): OutageStretch[] {
  const sorted = [...outages].sort((a, b) => a.started_at.getTime() - b.started_at.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const stretches: OutageStretch[] = [];
  for (const o of sorted) {
    const last = stretches.at(-1);
    if (last && (last.end === null || o.started_at.getTime() <= last.end.getTime())) {
      last.outages.push(o);
      if (last.end !== null) last.end = o.ended_at === null ? null : new Date(Math.max(last.end.getTime(), o.ended_at.getTime()));
    } else {
      stretches.push({ start: o.started_at, end: o.ended_at, outages: [o] });
    }
  }
  return stretches;
}

/** The credit for some minutes without service: monthly price × minutes / the minutes of the billed period, rounded to the rupiah (half up). */
export function prorateOutageCredit(monthlyPrice: number, minutes: number, periodDays: number): number {
  if (periodDays <= 0) throw new RangeError('a period has at least one day');
  return Math.round((monthlyPrice * minutes) / (periodDays * MINUTES_PER_DAY));
}

/**
 * The credits of one customer's invoice. Each stretch holding a `due` outage and no
 * `pending` one is decided now: its whole minutes (floor) beyond `thresholdHours`, minus
 * what was credited on its outages before, prorated on the plan price over the period.
 */
export function outageCredits(
  outages: readonly CreditOutage[],
  rule: { thresholdHours: number; monthlyPrice: number; periodDays: number },
): OutageCredit[] {
  const credits: OutageCredit[] = [];
  for (const s of outageStretches(outages)) {
    if (s.end === null || s.outages.some((o) => o.state === 'pending')) continue;
    const due = s.outages.filter((o) => o.state === 'due');
    if (due.length === 0) continue;
    const duration = Math.floor((s.end.getTime() - s.start.getTime()) / MS_PER_MINUTE);
    const before = s.outages.reduce((sum, o) => sum + (o.state === 'done' ? o.credited_minutes : 0), 0);
    const minutes = Math.max(0, duration - rule.thresholdHours * 60 - before);
    credits.push({
      outage_ids: due.map((o) => o.id),
      title: s.outages.map((o) => o.title).join(', '),
      minutes,
      amount: prorateOutageCredit(rule.monthlyPrice, minutes, rule.periodDays),
    });
  }
  return credits;
}

/** What each credit takes off, in order, out of `room` (what is left after the monthly discount): never below zero. */
export function capCredits(amounts: readonly number[], room: number): number[] {
  let left = Math.max(0, room);
  return amounts.map((a) => {
    const applied = Math.min(a, left);
    left -= applied;
    return applied;
  });
}
