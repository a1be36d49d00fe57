/**
 * The database is the security boundary. Every tenant_ table is found in the catalog,
 * so a new table is covered without editing this file.
 */
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededDatabase } from './seeded_database';
import type { SeededDatabase } from './seeded_database';

let db: SeededDatabase;
let app: postgres.Sql;
let tables: string[];

beforeAll(async () => {
  db = await seededDatabase();
  app = postgres(db.appUrl, { max: 1, onnotice: () => {} });
  tables = (
    await db.owner<{ relname: string }[]>`
      SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND c.relname LIKE 'tenant\\_%' ORDER BY 1`
  ).map((r) => r.relname);
});
afterAll(async () => {
  await app.end();
  await db.owner.end();
  await db.drop();
});

/** Runs statements as rrnet_app with a tenant set, always rolled back. */
async function asTenant<T>(tenantId: string | null, fn: (sql: postgres.TransactionSql) => Promise<T>): Promise<T> {
  let result: T;
  await app
    .begin(async (sql) => {
      if (tenantId) await sql`SELECT set_config('app.tenant_id', ${tenantId}, true)`;
      result = await fn(sql);
      throw new RollbackSignal();
    })
    .catch((err: unknown) => {
      if (!(err instanceof RollbackSignal)) throw err;
    });
  return result!;
}
class RollbackSignal extends Error {}

describe('tenant tables in the catalog', () => {
  it('are all found and all seeded for both tenants', async () => {
    expect(tables.length).toBeGreaterThanOrEqual(17);
    const system = postgres(db.systemUrl, { max: 1, onnotice: () => {} });
    try {
      for (const table of tables) {
        const [row] = await system.unsafe(
          `SELECT count(*) FILTER (WHERE tenant_id = $1)::int AS a, count(*) FILTER (WHERE tenant_id = $2)::int AS b FROM ${table}`,
          [db.tenantA, db.tenantB],
        );
        expect({ table, a: row!.a > 0, b: row!.b > 0 }).toEqual({ table, a: true, b: true });
      }
    } finally {
      await system.end();
    }
  });

  it('have tenant_id NOT NULL, forced RLS, four policies for the app and the audit triggers', async () => {
    const rows = await db.owner<{ relname: string; force: boolean; enabled: boolean; notnull: boolean; policies: string[]; audited: boolean }[]>`
      SELECT c.relname, c.relforcerowsecurity AS force, c.relrowsecurity AS enabled,
             (SELECT attnotnull FROM pg_attribute WHERE attrelid = c.oid AND attname = 'tenant_id') AS notnull,
             (SELECT array_agg(p.cmd ORDER BY p.cmd) FROM pg_policies p WHERE p.tablename = c.relname AND 'rrnet_app' = ANY (p.roles) AND p.permissive = 'PERMISSIVE') AS policies,
             (SELECT count(*) = 3 FROM pg_trigger t WHERE t.tgrelid = c.oid AND t.tgname IN ('audit_insert', 'audit_update', 'audit_delete')) AS audited
      FROM pg_class c WHERE c.relname = ANY (${tables})`;
    for (const row of rows) {
      expect(row).toEqual({
        relname: row.relname,
        force: true,
        enabled: true,
        notnull: true,
        policies: ['DELETE', 'INSERT', 'SELECT', 'UPDATE'],
        audited: true,
      });
    }
  });

  it('have a primary key and indexes that lead with tenant_id', async () => {
    const rows = await db.owner<{ relname: string; index: string; first: string }[]>`
      SELECT c.relname, i.relname AS index, a.attname AS first
      FROM pg_index x JOIN pg_class c ON c.oid = x.indrelid JOIN pg_class i ON i.oid = x.indexrelid
      JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = x.indkey[0]
      WHERE c.relname = ANY (${tables})`;
    for (const table of tables) expect(rows.some((r) => r.relname === table)).toBe(true);
    // The deliberate exceptions, all by user across tenants: sign-in lists a user's tenants;
    // deleting a user clears the created_by of its API keys and who granted or revoked a
    // support grant (the foreign keys' covering indexes).
    const CROSS_TENANT_LOOKUPS = new Set([
      'tenant_memberships_user_idx',
      'tenant_api_keys_created_by_idx',
      'tenant_support_grants_granted_by_idx',
      'tenant_support_grants_revoked_by_idx',
    ]);
    for (const row of rows.filter((r) => !CROSS_TENANT_LOOKUPS.has(r.index))) {
      expect({ index: row.index, first: row.first }).toEqual({ index: row.index, first: 'tenant_id' });
    }
  });
});

describe.each([0, 1])('cross-tenant access (tenant %i looks at the other)', (which) => {
  const me = () => (which === 0 ? db.tenantA : db.tenantB);
  const other = () => (which === 0 ? db.tenantB : db.tenantA);

  it('SELECT, UPDATE and DELETE of the other tenant touch 0 rows', async () => {
    for (const table of tables) {
      await asTenant(me(), async (sql) => {
        const [visible] = await sql.unsafe(`SELECT count(*)::int AS n FROM ${table} WHERE tenant_id = $1`, [other()]);
        const updated = await sql.unsafe(`UPDATE ${table} SET tenant_id = tenant_id WHERE tenant_id = $1`, [other()]);
        const deleted = await sql.unsafe(`DELETE FROM ${table} WHERE tenant_id = $1`, [other()]);
        const [own] = await sql.unsafe(`SELECT count(*)::int AS n, count(*) FILTER (WHERE tenant_id <> $1)::int AS foreign FROM ${table}`, [me()]);
        expect({ table, visible: visible!.n, updated: updated.count, deleted: deleted.count, foreign: own!.foreign }).toEqual({
          table,
          visible: 0,
          updated: 0,
          deleted: 0,
          foreign: 0,
        });
        expect(own!.n).toBeGreaterThan(0);
      });
    }
  });

  it('INSERT of a row for the other tenant fails', async () => {
    for (const table of tables) {
      await asTenant(me(), async (sql) => {
        await sql`SAVEPOINT probe`;
        const attempt = sql.unsafe(
          `INSERT INTO ${table} SELECT (jsonb_populate_record(NULL::${table}, to_jsonb(r) || jsonb_build_object('tenant_id', $1::uuid))).* FROM ${table} r LIMIT 1`,
          [other()],
        );
        await expect(attempt, table).rejects.toThrow(/row-level security/);
        await sql`ROLLBACK TO SAVEPOINT probe`;
      });
    }
  });
});

describe('no tenant set', () => {
  it('shows no rows in any tenant table', async () => {
    for (const table of tables) {
      await asTenant(null, async (sql) => {
        const [row] = await sql.unsafe(`SELECT count(*)::int AS n FROM ${table}`);
        expect({ table, n: row!.n }).toEqual({ table, n: 0 });
      });
    }
  });

  it('cannot insert', async () => {
    await asTenant(null, async (sql) => {
      await expect(
        sql`INSERT INTO tenant_service_plans (tenant_id, name, download_kbps, upload_kbps, price, router_profile)
            VALUES (${db.tenantA}, 'x', 1, 1, 1, 'x')`,
      ).rejects.toThrow(/row-level security/);
    });
  });
});

describe('composite foreign keys', () => {
  it('refuse a reference into another tenant even for a writer of both', async () => {
    const system = postgres(db.systemUrl, { max: 1, onnotice: () => {} });
    const [routerB] = await system`SELECT id FROM tenant_routers WHERE tenant_id = ${db.tenantB} LIMIT 1`;
    const [customerA] = await system`SELECT id FROM tenant_customers WHERE tenant_id = ${db.tenantA} LIMIT 1`;
    await system.end();
    await asTenant(db.tenantA, async (sql) => {
      await expect(
        sql`UPDATE tenant_customers SET router_id = ${routerB!.id} WHERE id = ${customerA!.id}`,
      ).rejects.toThrow(/foreign key constraint/);
    });
  });
});

describe('the application role', () => {
  it('owns nothing, has no BYPASSRLS and cannot switch RLS off', async () => {
    const [role] = await app`SELECT rolbypassrls, rolsuper FROM pg_roles WHERE rolname = current_user`;
    expect(role).toEqual({ rolbypassrls: false, rolsuper: false });
    await expect(app`ALTER TABLE tenant_customers DISABLE ROW LEVEL SECURITY`).rejects.toThrow(/must be owner/);
    await expect(app`ALTER TABLE tenant_customers NO FORCE ROW LEVEL SECURITY`).rejects.toThrow(/must be owner/);
    await expect(app`DROP POLICY tenant_select ON tenant_customers`).rejects.toThrow(/must be owner/);
    await asTenant(db.tenantA, async (sql) => {
      await sql`SET LOCAL row_security = off`;
      await expect(sql`SELECT count(*) FROM tenant_customers`).rejects.toThrow(/row-level security/);
    });
  });

  it('sees its own tenant row, plans, subscription and SaaS invoices only', async () => {
    await asTenant(db.tenantA, async (sql) => {
      const tenants = await sql`SELECT id FROM saas_tenants`;
      expect(tenants.map((t) => t.id)).toEqual([db.tenantA]);
      const subs = await sql`SELECT DISTINCT tenant_id FROM saas_subscriptions`;
      expect(subs.map((s) => s.tenant_id)).toEqual([db.tenantA]);
      const invoices = await sql`SELECT DISTINCT tenant_id FROM saas_invoices`;
      expect(invoices.map((s) => s.tenant_id)).toEqual([db.tenantA]);
      const [plans] = await sql`SELECT count(*)::int AS n FROM saas_plans`;
      expect(plans!.n).toBe(3);
      await expect(sql`UPDATE saas_tenants SET status = 'active'`).rejects.toThrow(/permission denied/);
    });
  });

  it('sees only the users of its tenant', async () => {
    const visible = await asTenant(db.tenantA, (sql) => sql`SELECT email FROM sys_users ORDER BY email`);
    expect(visible.length).toBe(6);
    expect(visible.every((u) => String(u.email).endsWith('@sinarnet.demo'))).toBe(true);
    await expect(app`INSERT INTO sys_users (email, name, password_hash) VALUES ('x@y', 'x', 'x')`).rejects.toThrow(/permission denied/);
  });

  it('each decide what a subscriber\'s portal session (app.customer_id) sees: a restrictive customer_scope policy, or ISP-wide reference data', async () => {
    // what the portal reads ISP-wide: plan names, the ISP's settings (gateway, language), its
    // message templates and topology node names (an outage's area), request idempotency keys
    const ISP_WIDE = new Set(['tenant_settings', 'tenant_logos', 'tenant_service_plans', 'tenant_wa_templates', 'tenant_topology_nodes', 'tenant_idempotency_keys']);
    const rows = await db.owner<{ tablename: string }[]>`
      SELECT tablename FROM pg_policies WHERE policyname = 'customer_scope' AND permissive = 'RESTRICTIVE' AND 'rrnet_app' = ANY (roles) AND cmd = 'ALL'`;
    const scoped = new Set(rows.map((r) => r.tablename));
    for (const table of tables) expect({ table, decided: scoped.has(table) !== ISP_WIDE.has(table) }).toEqual({ table, decided: true });
  });

  it('say so through app_customer_scope, so an operator\'s transaction does not look 200× smaller to the planner', async () => {
    const policies = await db.owner<{ tablename: string; qual: string; with_check: string }[]>`
      SELECT tablename, qual, with_check FROM pg_policies WHERE policyname = 'customer_scope' ORDER BY 1`;
    expect(policies.length).toBeGreaterThan(10);
    for (const p of policies) {
      expect({ table: p.tablename, qual: p.qual.trimStart().startsWith('app_customer_scope('), check: p.with_check.trimStart().startsWith('app_customer_scope(') }).toEqual({
        table: p.tablename,
        qual: true,
        check: true,
      });
    }
    // the planner's estimate of an ISP's customers and invoices, under its transaction: about
    // what is there (an `IS NULL` on a setting was guessed at 0.5 %: 1 row for any table)
    await db.owner`ANALYZE tenant_customers, tenant_invoices`;
    const seen = await asTenant(db.tenantA, async (sql) => {
      const estimate = async (table: string) => {
        const [r] = await sql.unsafe<{ 'QUERY PLAN': [{ Plan: { 'Plan Rows': number } }] }[]>(`EXPLAIN (FORMAT JSON) SELECT * FROM ${table}`);
        const [n] = await sql.unsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM ${table}`);
        return { table, estimate: r!['QUERY PLAN'][0].Plan['Plan Rows'], rows: n!.n };
      };
      return [await estimate('tenant_customers'), await estimate('tenant_invoices')];
    });
    for (const s of seen) {
      expect(s.rows).toBeGreaterThan(10);
      expect({ ...s, close: s.estimate >= s.rows / 3 }).toEqual({ ...s, close: true });
    }
  });

  it('show a subscriber\'s portal session only that customer\'s rows, and hide internal ticket comments', async () => {
    const system = postgres(db.systemUrl, { max: 1, onnotice: () => {} });
    // a customer with invoices and an internal comment on one of their tickets
    const [c] = await system<{ id: string }[]>`
      SELECT k.customer_id AS id FROM tenant_tickets k JOIN tenant_ticket_comments m ON m.ticket_id = k.id AND m.visibility = 'internal'
      WHERE k.tenant_id = ${db.tenantA} AND EXISTS (SELECT 1 FROM tenant_invoices i WHERE i.customer_id = k.customer_id) LIMIT 1`;
    await system.end();
    const seen = await asTenant(db.tenantA, async (sql) => {
      await sql`SELECT set_config('app.customer_id', ${c!.id}, true)`;
      const [r] = await sql<{ customers: number; other_customers: number; invoices: number; foreign_invoices: number; routers: number; internal: number }[]>`
        SELECT (SELECT count(*)::int FROM tenant_customers) AS customers,
               (SELECT count(*)::int FROM tenant_customers WHERE id <> ${c!.id}) AS other_customers,
               (SELECT count(*)::int FROM tenant_invoices) AS invoices,
               (SELECT count(*)::int FROM tenant_invoices WHERE customer_id <> ${c!.id}) AS foreign_invoices,
               (SELECT count(*)::int FROM tenant_routers) AS routers,
               (SELECT count(*)::int FROM tenant_ticket_comments WHERE visibility = 'internal') AS internal`;
      const updated = await sql`UPDATE tenant_invoices SET void_reason = void_reason WHERE customer_id <> ${c!.id}`;
      return { ...r, updated: updated.count };
    });
    expect(seen).toEqual({ customers: 1, other_customers: 0, invoices: expect.any(Number), foreign_invoices: 0, routers: 0, internal: 0, updated: 0 });
    expect(seen.invoices).toBeGreaterThan(0);
  });
});
