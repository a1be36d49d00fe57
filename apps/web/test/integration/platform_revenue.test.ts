/**
 * The platform's revenue over HTTP (issue #17: MRR, churn and ARPU with a chart): past
 * months from SaaS invoices at the plan's monthly price, void ones counting for nothing,
 * this month from the live subscriptions; churn against the month before. The months are
 * taken relative to now (platform timezone) and the checks are differences before/after an
 * ISP's invoices are written, so the test holds on any day. Checked against the OpenAPI document.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localDay } from '@rrnet/core/billing/cycle';
import { SAAS_BILLING } from '@rrnet/core/saas/saas_billing_rules';
import { monthsUpTo } from '@rrnet/core/saas/saas_plan_rules';
import { dataOf, startRestHarness } from './rest_harness';
import type { RestHarness } from './rest_harness';

interface Month {
  month: string;
  mrr: number;
  paying_isps: number;
  arpu: number;
  new_isps: number;
  churned_isps: number;
  churn_rate: number | null;
}

let h: RestHarness;
let platform: string;
const data = dataOf;
const revenue = async (months = 6) => {
  const answer = await h.call('GET', `/platform/revenue?months=${months}`, { token: platform });
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return data<{ current: Month; months: Month[] }>(answer);
};
const byMonth = (r: { months: Month[] }) => new Map(r.months.map((m) => [m.month, m]));

beforeAll(async () => {
  h = await startRestHarness({ rateLimitScale: 100 });
  platform = await h.login('admin@rrnet.demo');
});
afterAll(async () => h?.close());

describe('platform revenue', () => {
  it('counts an ISP’s invoiced months at its plan price, not void ones; it churns the month its invoices stop', async () => {
    const [m4, m3, m2, m1, now] = monthsUpTo(localDay(SAAS_BILLING.timezone).slice(0, 7), 5) as [string, string, string, string, string];
    const before = byMonth(await revenue());
    const [t] = await h.admin<{ id: string }[]>`INSERT INTO saas_tenants (slug, name) VALUES ('revenue-isp', 'Revenue ISP') RETURNING id`;
    const invoice = (month: string, status: 'paid' | 'void', monthly: number, number: string) => {
      const lines = [{ kind: 'plan', description: 'Plan', plan_code: 'pro', from: `${month}-01`, to: `${month}-28`, days: 28, period_days: 28, monthly_price: monthly, amount: monthly }];
      return h.admin`
        INSERT INTO saas_invoices (tenant_id, number, subscription_id, period_start, period_end, amount, subtotal, tax, lines, status, due_date, paid_at)
        VALUES (${t!.id}, ${number}, gen_random_uuid(), ${`${month}-01`}::date, ${`${month}-28`}::date, ${monthly}, ${monthly}, 0, ${JSON.stringify(lines)}::text::jsonb,
                ${status}, ${`${month}-15`}::date, ${status === 'paid' ? new Date() : null})`;
    };
    await invoice(m4, 'void', 5_000_000, 'REV-TEST-1');
    await invoice(m3, 'paid', 700_000, 'REV-TEST-2');
    await invoice(m2, 'paid', 700_000, 'REV-TEST-3');
    await invoice(m1, 'paid', 700_000, 'REV-TEST-4');
    const after = byMonth(await revenue());
    const delta = (month: string, key: keyof Omit<Month, 'month' | 'churn_rate'>) => after.get(month)![key] - before.get(month)![key];

    expect([...after.keys()]).toEqual(monthsUpTo(now, 6));
    expect(delta(m4, 'mrr')).toBe(0); // void: nothing
    expect(delta(m3, 'mrr')).toBe(700_000);
    expect(delta(m3, 'paying_isps')).toBe(1);
    expect(delta(m3, 'new_isps')).toBe(1);
    expect(delta(m2, 'mrr')).toBe(700_000);
    expect(delta(m2, 'new_isps')).toBe(0);
    expect(delta(m1, 'churned_isps')).toBe(0);
    // no live subscription this month: it churned now
    expect(delta(now, 'churned_isps')).toBe(1);
    expect(delta(now, 'mrr')).toBe(0);
    const m2row = after.get(m2)!;
    expect(m2row.arpu).toBe(Math.round(m2row.mrr / m2row.paying_isps));
  });

  it('reads this month from the live subscriptions (a trial brings in nothing)', async () => {
    const r = await revenue(3);
    const [live] = await h.admin<{ mrr: number; paying: number }[]>`
      SELECT coalesce(sum(p.price_monthly) FILTER (WHERE s.status IN ('active', 'past_due') AND p.price_monthly > 0), 0)::int AS mrr,
             count(*) FILTER (WHERE s.status IN ('active', 'past_due') AND p.price_monthly > 0)::int AS paying
      FROM saas_subscriptions s JOIN saas_plans p ON p.id = s.plan_id WHERE s.status IN ('trialing', 'active', 'past_due')`;
    expect(r.months).toHaveLength(3);
    expect(r.current).toEqual(r.months[2]);
    expect(r.current).toMatchObject({ mrr: live!.mrr, paying_isps: live!.paying });
  });

  it('refuses a bad number of months (400) and anyone but platform staff (403)', async () => {
    const bad = await h.call('GET', '/platform/revenue?months=100', { token: platform });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error_code: 'VALIDATION_FAILED' });
    expect((await h.call('GET', '/platform/revenue', { token: await h.login('owner@sinarnet.demo') })).status).toBe(403);
  });
});
