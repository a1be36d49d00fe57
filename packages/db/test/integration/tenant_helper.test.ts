import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createDatabase } from '../../src/client';
import { tenantCustomers, tenantServicePlans } from '../../src/schema';
import { TenantContextError, withTenant } from '../../src/tenant';
import { seededDatabase } from './seeded_database';
import type { SeededDatabase } from './seeded_database';

let db: SeededDatabase;
let app: ReturnType<typeof createDatabase>;

beforeAll(async () => {
  db = await seededDatabase();
  app = createDatabase(db.appUrl, { max: 4 });
});
afterAll(async () => {
  await app.close();
  await db.owner.end();
  await db.drop();
});

describe('withTenant', () => {
  it('scopes typed Drizzle queries to the tenant and runs as rrnet_app', async () => {
    const result = await withTenant(app.sql, { tenantId: db.tenantA, requestId: 'req-1' }, async ({ db: tx, sql }) => {
      const rows = await tx.select({ tenant_id: tenantCustomers.tenant_id }).from(tenantCustomers);
      const [who] = await sql`SELECT current_user AS role, current_setting('app.request_id') AS request_id`;
      return { tenants: new Set(rows.map((r) => r.tenant_id)), count: rows.length, who };
    });
    expect([...result.tenants]).toEqual([db.tenantA]);
    expect(result.count).toBe(40);
    expect(result.who).toEqual({ role: 'rrnet_app', request_id: 'req-1' });
  });

  it('leaves nothing behind on the pooled connection', async () => {
    await withTenant(app.sql, { tenantId: db.tenantA }, ({ sql }) => sql`SELECT 1`);
    const rows = await Promise.all(
      Array.from({ length: 4 }, () => app.sql`SELECT coalesce(current_setting('app.tenant_id', true), '') AS t, count(*)::int AS n FROM tenant_customers`),
    );
    for (const [row] of rows) expect(row).toEqual({ t: '', n: 0 });
  });

  it('commits on success and rolls back on error', async () => {
    const insert = (name: string) =>
      withTenant(app.sql, { tenantId: db.tenantB }, async ({ db: tx }) => {
        await tx.insert(tenantServicePlans).values({ tenant_id: db.tenantB, name, download_kbps: 1, upload_kbps: 1, price: 1, router_profile: 'p' });
        if (name.startsWith('fail')) throw new Error('boom');
      });
    await insert('Kept 1 Mbps');
    await expect(insert('fail 1 Mbps')).rejects.toThrow('boom');
    const names = await withTenant(app.sql, { tenantId: db.tenantB }, ({ db: tx }) =>
      tx.select({ name: tenantServicePlans.name }).from(tenantServicePlans).where(eq(tenantServicePlans.download_kbps, 1)),
    );
    expect(names.map((n) => n.name)).toEqual(['Kept 1 Mbps']);
  });

  it('keeps concurrent transactions of different tenants apart', async () => {
    const runs = Array.from({ length: 24 }, (_, i) => (i % 2 === 0 ? db.tenantA : db.tenantB));
    const seen = await Promise.all(
      runs.map((tenantId) =>
        withTenant(app.sql, { tenantId }, async ({ sql }) => {
          const rows = await sql`SELECT DISTINCT tenant_id FROM tenant_invoices`;
          return rows.map((r) => r.tenant_id);
        }),
      ),
    );
    seen.forEach((tenants, i) => expect(tenants).toEqual([runs[i]]));
  });

  it('refuses malformed context values before touching the database', async () => {
    await expect(withTenant(app.sql, { tenantId: "x'; DROP TABLE tenant_customers; --" }, async () => 1)).rejects.toThrow(TenantContextError);
    await expect(withTenant(app.sql, { tenantId: db.tenantA, userId: 'nope' }, async () => 1)).rejects.toThrow(TenantContextError);
    await expect(withTenant(app.sql, { tenantId: db.tenantA, requestId: "a'b" }, async () => 1)).rejects.toThrow(TenantContextError);
  });

  it('stores secrets encrypted and they decrypt with the key', async () => {
    const [row] = await withTenant(app.sql, { tenantId: db.tenantA }, ({ db: tx }) =>
      tx.select({ enc: tenantCustomers.pppoe_password_enc }).from(tenantCustomers).limit(1),
    );
    expect(row!.enc).toMatch(/^k1:[\w-]+:[\w-]+:[\w-]+$/);
    expect((await db.box.decrypt(row!.enc)).length).toBeGreaterThan(8);
  });
});
