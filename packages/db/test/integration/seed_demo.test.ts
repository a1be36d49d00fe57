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

  it('is idempotent: a second run creates nothing', async () => {
    const before = await counts();
    const again = await seedDemo({ appUrl: db.appUrl, systemUrl: db.systemUrl, secretBox: db.box });
    expect(again.tenants.every((t) => !t.created)).toBe(true);
    expect(await counts()).toEqual(before);
  });
});
