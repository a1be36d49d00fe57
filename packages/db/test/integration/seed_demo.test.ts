import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyPassword } from '@rrnet/crypto';
import { DEMO_PASSWORD, ROLE_USERS } from '../../src/seed/demo_data';
import { seedDemo } from '../../src/seed/seed_demo';
import { seededDatabase } from './seeded_database';
import type { SeededDatabase } from './seeded_database';

let db: SeededDatabase;
let system: postgres.Sql;

beforeAll(async () => {
  db = await seededDatabase();
  system = postgres(db.systemUrl, { max: 1, onnotice: () => {} });
});
afterAll(async () => {
  await system.end();
  await db.owner.end();
  await db.drop();
});

const counts = () =>
  system`SELECT (SELECT count(*) FROM tenant_customers)::int AS customers, (SELECT count(*) FROM tenant_invoices)::int AS invoices,
                (SELECT count(*) FROM sys_users)::int AS users, (SELECT count(*) FROM saas_tenants)::int AS tenants`;

describe('demo seed', () => {
  it('creates two ISPs with every customer status and a login for every role', async () => {
    expect(db.seed.tenants.map((t) => [t.slug, t.created])).toEqual([
      ['sinar-net', true],
      ['parahyangan-link', true],
    ]);
    const statuses = await system`SELECT tenant_id, array_agg(DISTINCT status ORDER BY status) AS s FROM tenant_customers GROUP BY 1`;
    for (const row of statuses) expect(row.s).toEqual(['active', 'isolated', 'suspended', 'terminated']);
    const roles = await system`SELECT tenant_id, array_agg(role ORDER BY role) AS r FROM tenant_memberships GROUP BY 1`;
    for (const row of roles) expect(row.r).toEqual(ROLE_USERS.map((u) => u.role).sort());
    const [owner] = await system`SELECT password_hash FROM sys_users WHERE email = 'owner@sinarnet.demo'`;
    expect(await verifyPassword(owner!.password_hash, DEMO_PASSWORD)).toBe(true);
    const [plans] = await system`SELECT min(price)::int AS min, max(price)::int AS max FROM tenant_service_plans`;
    expect(plans).toEqual({ min: 150_000, max: 400_000 });
    const [paid] = await system`SELECT count(*)::int AS n FROM tenant_invoices i WHERE status = 'paid'
                                AND paid_amount = total AND EXISTS (SELECT 1 FROM tenant_payments p WHERE p.tenant_id = i.tenant_id AND p.invoice_id = i.id)`;
    expect(paid!.n).toBeGreaterThan(100);
  });

  it('bills like the billing run: in arrears, for the month before the billing day, by the plan of each day', async () => {
    const rows = await system`
      SELECT i.number, i.period_start::text AS ps, i.period_end::text AS pe, i.subtotal, i.lines,
             (i.issued_at AT TIME ZONE t.timezone)::date::text AS issued_on, c.billing_day, c.plan_id,
             (c.activated_at AT TIME ZONE t.timezone)::date::text AS activated_on,
             ((i.issued_at AT TIME ZONE t.timezone)::date - interval '1 month')::date::text AS expected_ps,
             ((i.issued_at AT TIME ZONE t.timezone)::date - 1)::text AS expected_pe,
             (SELECT json_agg(json_build_object('on', pc.effective_on::text, 'old', pc.old_plan_id, 'new', pc.new_plan_id) ORDER BY pc.effective_on)
              FROM tenant_customer_plan_changes pc WHERE pc.customer_id = c.id) AS changes
      FROM tenant_invoices i
      JOIN tenant_customers c ON c.tenant_id = i.tenant_id AND c.id = i.customer_id
      JOIN saas_tenants t ON t.id = i.tenant_id`;
    const prices = new Map((await system`SELECT id, price FROM tenant_service_plans`).map((p) => [p.id as string, Number(p.price)]));
    const nextDay = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    expect(rows.length).toBeGreaterThan(200);
    let split = 0;
    for (const r of rows) {
      expect([r.number, r.ps, r.pe]).toEqual([r.number, r.expected_ps, r.expected_pe]);
      expect(Number(r.issued_on.slice(8))).toBe(r.billing_day);
      expect(r.activated_on <= r.ps).toBe(true);
      // the lines cover the period without gap, each at the plan in effect on its first day
      const changes = (r.changes ?? []) as { on: string; old: string; new: string }[];
      const planOn = (day: string) => changes.filter((c) => c.on <= day).at(-1)?.new ?? changes.find((c) => c.on > day)?.old ?? r.plan_id;
      let cursor = r.ps as string;
      for (const line of r.lines as { plan_id: string; from: string; to: string; days: number; period_days: number; monthly_price: number; amount: number }[]) {
        expect(line.from).toBe(cursor);
        expect(line.plan_id).toBe(planOn(line.from));
        expect(line.monthly_price).toBe(prices.get(line.plan_id));
        expect(line.amount).toBe(Math.round((line.monthly_price * line.days) / line.period_days));
        cursor = nextDay(line.to);
      }
      expect(cursor).toBe(nextDay(r.pe));
      if ((r.lines as unknown[]).length > 1) split++;
    }
    expect(split).toBe(2); // the upgraded customer of each ISP: the period containing the upgrade
    // the newest invoice never bills a day that has not ended in the ISP's calendar
    const [late] = await system`SELECT count(*)::int AS n FROM tenant_invoices i JOIN saas_tenants t ON t.id = i.tenant_id
                                WHERE i.period_end >= (now() AT TIME ZONE t.timezone)::date`;
    expect(late!.n).toBe(0);
  });

  it('is idempotent: a second run creates nothing', async () => {
    const before = await counts();
    const again = await seedDemo({ appUrl: db.appUrl, systemUrl: db.systemUrl, secretBox: db.box });
    expect(again.tenants.every((t) => !t.created)).toBe(true);
    expect(await counts()).toEqual(before);
  });
});
