import { describe, expect, it } from 'vitest';
import { dunningState, reminderFor } from '../../src/saas/saas_dunning_rules';

describe('dunningState', () => {
  it('is current while nothing is open or the oldest open invoice is within the grace', () => {
    expect(dunningState(null, '2026-12-30')).toBe('current');
    expect(dunningState('2026-12-14', '2026-12-14')).toBe('current');
    expect(dunningState('2026-12-14', '2026-12-21')).toBe('current'); // 7 days late: the last day of grace
  });
  it('is past due after the grace and suspended after the longer one, across a month end', () => {
    expect(dunningState('2026-12-14', '2026-12-22')).toBe('past_due');
    expect(dunningState('2026-12-14', '2027-01-13')).toBe('past_due'); // 30 days late
    expect(dunningState('2026-12-14', '2027-01-14')).toBe('suspended');
  });
});

describe('reminderFor', () => {
  it('reminds 3 days before the due date and 1 and 7 days after, nothing otherwise', () => {
    expect(reminderFor('2026-12-14', '2026-12-11')).toEqual({ kind: 'before_due', days: 3 });
    expect(reminderFor('2026-12-14', '2026-12-15')).toEqual({ kind: 'after_due', days: 1 });
    expect(reminderFor('2027-01-03', '2027-01-10')).toEqual({ kind: 'after_due', days: 7 });
    for (const day of ['2026-12-10', '2026-12-12', '2026-12-14', '2026-12-16', '2026-12-22']) expect(reminderFor('2026-12-14', day)).toBeNull();
  });
});
