import { describe, expect, it } from 'vitest';
import { capCredits, outageCredits, outageStretches, prorateOutageCredit } from '../../src/billing/outage_credit_rules';
import type { CreditOutage } from '../../src/billing/outage_credit_rules';

const T0 = Date.UTC(2026, 2, 10, 8, 0, 0);
const at = (hours: number) => new Date(T0 + hours * 3_600_000);
const outage = (id: string, from: number, to: number | null, state: CreditOutage['state'] = 'due', credited = 0): CreditOutage => ({
  id,
  title: `Outage ${id}`,
  started_at: at(from),
  ended_at: to === null ? null : at(to),
  state,
  credited_minutes: credited,
});
// 30-day period: 720 hours; 150,000 a month = 208.33… per hour
const RULE = { thresholdHours: 4, monthlyPrice: 150_000, periodDays: 30 };

describe('prorateOutageCredit', () => {
  it('is the monthly price × minutes / the period\'s minutes, rounded to the rupiah', () => {
    expect(prorateOutageCredit(150_000, 120, 30)).toBe(417); // 416.67
    expect(prorateOutageCredit(150_000, 720 * 60, 30)).toBe(150_000);
    expect(prorateOutageCredit(100_000, 60, 28)).toBe(149); // 148.81
    expect(prorateOutageCredit(100_000, 0, 31)).toBe(0);
    expect(() => prorateOutageCredit(100_000, 60, 0)).toThrow(RangeError);
  });
});

describe('outageStretches', () => {
  it('unites overlapping and touching outages, keeps apart the ones with a gap', () => {
    const s = outageStretches([outage('c', 10, 12), outage('b', 3, 8), outage('a', 0, 5), outage('d', 12, 13)]);
    expect(s.map((x) => [x.start, x.end, x.outages.map((o) => o.id)])).toEqual([
      [at(0), at(8), ['a', 'b']],
      [at(10), at(13), ['c', 'd']],
    ]);
  });

  it('a stretch with an open outage has no end', () => {
    const s = outageStretches([outage('a', 0, 5), outage('b', 2, null), outage('c', 6, 7)]);
    expect(s).toHaveLength(1);
    expect(s[0]!.end).toBeNull();
  });
});

describe('outageCredits', () => {
  it('a 6 h outage over a 4 h threshold credits 2 h', () => {
    expect(outageCredits([outage('a', 0, 6)], RULE)).toEqual([{ outage_ids: ['a'], title: 'Outage a', minutes: 120, amount: 417 }]);
  });

  it('a short outage is decided (and marked) with nothing to credit', () => {
    expect(outageCredits([outage('a', 0, 3.5)], RULE)).toEqual([{ outage_ids: ['a'], title: 'Outage a', minutes: 0, amount: 0 }]);
  });

  it('counts overlapping outages\' time once: 0–6 h and 2–7 h are 7 h, 3 h beyond the threshold', () => {
    expect(outageCredits([outage('a', 0, 6), outage('b', 2, 7)], RULE)).toEqual([
      { outage_ids: ['a', 'b'], title: 'Outage a, Outage b', minutes: 180, amount: 625 },
    ]);
    // one inside the other adds nothing
    expect(outageCredits([outage('a', 0, 6), outage('b', 1, 2)], RULE)[0]!.minutes).toBe(120);
  });

  it('the threshold applies per stretch: two 3 h outages a day apart credit nothing', () => {
    expect(outageCredits([outage('a', 0, 3), outage('b', 24, 27)], RULE).map((c) => c.minutes)).toEqual([0, 0]);
  });

  it('waits while an outage of the stretch is still open or not yet billable', () => {
    expect(outageCredits([outage('a', 0, 6), outage('b', 5, null, 'pending')], RULE)).toEqual([]);
    expect(outageCredits([outage('a', 0, 6), outage('b', 5, 9, 'pending')], RULE)).toEqual([]);
    // a pending outage elsewhere does not hold this one back
    expect(outageCredits([outage('a', 0, 6), outage('b', 30, null, 'pending')], RULE).map((c) => c.outage_ids)).toEqual([['a']]);
  });

  it('never credits the same time twice: minutes credited before on the stretch are taken off', () => {
    // a (0–6 h) credited 120 min on an earlier invoice; b later found to overlap it, to 9 h: 5 h beyond, 3 h new
    expect(outageCredits([outage('a', 0, 6, 'done', 120), outage('b', 5, 9)], RULE)).toEqual([
      { outage_ids: ['b'], title: 'Outage a, Outage b', minutes: 180, amount: 625 },
    ]);
    // nothing due: nothing to decide
    expect(outageCredits([outage('a', 0, 6, 'done', 120)], RULE)).toEqual([]);
  });

  it('floors to whole minutes', () => {
    const o = { ...outage('a', 0, 5), ended_at: new Date(at(5).getTime() + 59_999) };
    expect(outageCredits([o], RULE)[0]!.minutes).toBe(60);
  });
});

describe('capCredits', () => {
  it('takes the credits in order out of what is left, never below zero', () => {
    expect(capCredits([400, 300], 1_000)).toEqual([400, 300]);
    expect(capCredits([400, 300], 500)).toEqual([400, 100]);
    expect(capCredits([400, 300], 0)).toEqual([0, 0]);
    expect(capCredits([400], -5)).toEqual([0]);
  });
});
