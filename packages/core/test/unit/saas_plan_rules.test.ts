import { describe, expect, it } from 'vitest';
import { changeEffectiveOn, limitExcesses, mrrOf, planChangeKind } from '../../src/saas/saas_plan_rules';

const mini = { max_routers: 1, max_customers: 50, max_users: 2, max_wa_messages_month: 100 };

describe('plan changes', () => {
  it('a dearer plan is an upgrade, a cheaper or equal one a downgrade', () => {
    expect(planChangeKind(300_000, 900_000)).toBe('upgrade');
    expect(planChangeKind(900_000, 300_000)).toBe('downgrade');
    expect(planChangeKind(300_000, 300_000)).toBe('downgrade');
  });
  it('an upgrade takes effect today; a downgrade on the 1st of next month, across a year end and a leap February', () => {
    expect(changeEffectiveOn('upgrade', '2026-12-04')).toBe('2026-12-04');
    expect(changeEffectiveOn('downgrade', '2026-12-04')).toBe('2027-01-01');
    expect(changeEffectiveOn('downgrade', '2028-02-29')).toBe('2028-03-01');
    expect(changeEffectiveOn('downgrade', '2026-12-01')).toBe('2027-01-01');
  });
});

describe('limitExcesses', () => {
  it('names every limit the usage exceeds, and nothing at the limit', () => {
    expect(limitExcesses({ routers: 3, customers: 50, users: 2, wa_messages_month: 101 }, mini)).toEqual([
      { limit: 'routers', used: 3, max: 1 },
      { limit: 'wa_messages_month', used: 101, max: 100 },
    ]);
    expect(limitExcesses({ routers: 1, customers: 50, users: 2, wa_messages_month: 100 }, mini)).toEqual([]);
  });
});

describe('mrrOf', () => {
  it('counts active and past-due subscriptions, not trials, canceled ones or none', () => {
    expect(mrrOf('active', 300_000)).toBe(300_000);
    expect(mrrOf('past_due', 300_000)).toBe(300_000);
    expect(mrrOf('trialing', 300_000)).toBe(0);
    expect(mrrOf('canceled', 300_000)).toBe(0);
    expect(mrrOf(null, null)).toBe(0);
  });
});
