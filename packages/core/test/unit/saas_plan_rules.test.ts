import { describe, expect, it } from 'vitest';
import { changeEffectiveOn, limitExcesses, monthsUpTo, mrrOf, planChangeKind, previousMonth, revenueHistory } from '../../src/saas/saas_plan_rules';

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

describe('revenue history', () => {
  it('lists the last months up to this one, across a year end', () => {
    expect(monthsUpTo('2027-02', 4)).toEqual(['2026-11', '2026-12', '2027-01', '2027-02']);
    expect(previousMonth('2027-01')).toBe('2026-12');
  });

  it('MRR, paying ISPs and ARPU per month; churn and new ISPs against the month before', () => {
    const rows = [
      // the baseline month before the first shown: a and b pay
      { month: '2026-09', tenant_id: 'a', mrr: 300_000 },
      { month: '2026-09', tenant_id: 'b', mrr: 900_000 },
      // October: b left, c joined; a trial (0) is not paying
      { month: '2026-10', tenant_id: 'a', mrr: 300_000 },
      { month: '2026-10', tenant_id: 'c', mrr: 500_000 },
      { month: '2026-10', tenant_id: 'd', mrr: 0 },
      // November: nobody pays
    ];
    const [oct, nov, dec] = revenueHistory(['2026-10', '2026-11', '2026-12'], rows);
    expect(oct).toEqual({ month: '2026-10', mrr: 800_000, paying_isps: 2, arpu: 400_000, new_isps: 1, churned_isps: 1, churn_rate: 0.5 });
    expect(nov).toEqual({ month: '2026-11', mrr: 0, paying_isps: 0, arpu: 0, new_isps: 0, churned_isps: 2, churn_rate: 1 });
    // nobody paid the month before: no churn rate to speak of
    expect(dec).toEqual({ month: '2026-12', mrr: 0, paying_isps: 0, arpu: 0, new_isps: 0, churned_isps: 0, churn_rate: null });
  });

  it('an ISP with two invoices in a month counts once, at its plan price', () => {
    const rows = [
      { month: '2026-10', tenant_id: 'a', mrr: 300_000 },
      { month: '2026-10', tenant_id: 'a', mrr: 900_000 },
    ];
    expect(revenueHistory(['2026-10'], rows)[0]).toMatchObject({ mrr: 900_000, paying_isps: 1, arpu: 900_000, new_isps: 1, churn_rate: null });
  });
});
