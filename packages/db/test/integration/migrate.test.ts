import { readFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_FOLDER, migrateDatabase } from '../../src/migrate';
import { createTestDatabase } from '../../src/testing';
import type { TestDatabase } from '../../src/testing';
import { TEST_PG_URL } from '../../../../tests/services';

let testDb: TestDatabase;
let admin: postgres.Sql;

beforeAll(async () => {
  testDb = await createTestDatabase(TEST_PG_URL, { migrate: false });
  admin = postgres(testDb.adminUrl, { max: 1, onnotice: () => {} });
});
afterAll(async () => {
  await admin.end();
  await testDb.drop();
});

describe('migrations', () => {
  it('go from empty to head, then a second run is a no-op', async () => {
    const first = await migrateDatabase({ adminUrl: testDb.adminUrl });
    expect(first.applied).toBeGreaterThan(0);
    expect(first.applied).toBe(first.total);
    const second = await migrateDatabase({ adminUrl: testDb.adminUrl });
    expect(second).toEqual({ applied: 0, total: first.total });
  });

  it('leave every table owned by rrnet_owner and nothing owned by the app roles', async () => {
    const owners = await admin<{ owner: string; n: number }[]>`
      SELECT pg_get_userbyid(c.relowner) AS owner, count(*)::int AS n
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname IN ('public', 'graphile_worker', 'drizzle') AND c.relkind IN ('r', 'p', 'v', 'S')
      GROUP BY 1`;
    expect(owners.map((o) => o.owner)).toEqual(['rrnet_owner']);
    const [owned] = await admin<{ n: number }[]>`
      SELECT count(*)::int AS n FROM pg_class
      WHERE relowner IN (SELECT oid FROM pg_roles WHERE rolname IN ('rrnet_app', 'rrnet_system'))`;
    expect(owned?.n).toBe(0);
  });

  it('create the app role without superuser, BYPASSRLS or role/db creation', async () => {
    const roles = await admin<{ rolname: string; rolsuper: boolean; rolbypassrls: boolean; rolcreaterole: boolean; rolcreatedb: boolean; rolcanlogin: boolean }[]>`
      SELECT rolname, rolsuper, rolbypassrls, rolcreaterole, rolcreatedb, rolcanlogin
      FROM pg_roles WHERE rolname IN ('rrnet_app', 'rrnet_system', 'rrnet_search', 'rrnet_monitor') ORDER BY rolname`;
    expect(roles).toEqual([
      { rolname: 'rrnet_app', rolsuper: false, rolbypassrls: false, rolcreaterole: false, rolcreatedb: false, rolcanlogin: true },
      { rolname: 'rrnet_monitor', rolsuper: false, rolbypassrls: false, rolcreaterole: false, rolcreatedb: false, rolcanlogin: false },
      { rolname: 'rrnet_search', rolsuper: false, rolbypassrls: false, rolcreaterole: false, rolcreatedb: false, rolcanlogin: false },
      { rolname: 'rrnet_system', rolsuper: false, rolbypassrls: false, rolcreaterole: false, rolcreatedb: false, rolcanlogin: true },
    ]);
  });

  it('give rrnet_search (owner of sys_customer_search and sys_ticket_last_number) a read-only `true` policy on customers and tickets instead of BYPASSRLS', async () => {
    const policies = await admin<{ tablename: string; policyname: string; cmd: string; roles: string[]; qual: string }[]>`
      SELECT tablename, policyname, cmd, roles::text[] AS roles, qual FROM pg_policies WHERE 'rrnet_search' = ANY (roles) ORDER BY tablename`;
    expect(policies).toEqual([
      { tablename: 'tenant_customers', policyname: 'search_read', cmd: 'SELECT', roles: ['rrnet_search'], qual: 'true' },
      { tablename: 'tenant_tickets', policyname: 'search_read', cmd: 'SELECT', roles: ['rrnet_search'], qual: 'true' },
    ]);
    const [fn] = await admin<{ owner: string; definer: boolean }[]>`
      SELECT p.proowner::regrole::text AS owner, p.prosecdef AS definer FROM pg_proc p WHERE p.proname = 'sys_customer_search'`;
    expect(fn).toEqual({ owner: 'rrnet_search', definer: true });
    const grants = await admin<{ table_name: string; privilege_type: string }[]>`
      SELECT table_name, privilege_type FROM information_schema.role_table_grants WHERE grantee = 'rrnet_search' ORDER BY table_name`;
    expect(grants).toEqual([
      { table_name: 'tenant_customers', privilege_type: 'SELECT' },
      { table_name: 'tenant_tickets', privilege_type: 'SELECT' },
    ]);
  });

  it('let the app role use the job queue but not change its schema', async () => {
    const app = postgres(testDb.appUrl, { max: 1, onnotice: () => {} });
    try {
      const [job] = await app`SELECT id FROM graphile_worker.add_job('migration_probe', '{}'::json)`;
      expect(job?.id).toBeDefined();
      await expect(app`CREATE TABLE graphile_worker.x (id int)`).rejects.toThrow(/permission denied/);
      await expect(app`CREATE TABLE public.x (id int)`).rejects.toThrow(/permission denied/);
    } finally {
      await app.end();
    }
  });

  it('wake an idle worker when a named queue is unlocked (a job of it completed)', async () => {
    const app = postgres(testDb.appUrl, { max: 2, onnotice: () => {} });
    const heard: string[] = [];
    try {
      await app.listen('jobs:insert', (payload) => heard.push(payload));
      // two jobs of one router's queue: the first is taken (its queue locked), the second waits
      await app`SELECT graphile_worker.add_job('wake_probe', '{}'::json, queue_name := 'router:probe')`;
      await app`SELECT graphile_worker.add_job('wake_probe', '{}'::json, queue_name := 'router:probe')`;
      const [queue] = await app<{ id: number }[]>`SELECT id FROM graphile_worker._private_job_queues WHERE queue_name = 'router:probe'`;
      await app`UPDATE graphile_worker._private_job_queues SET locked_by = 'probe-worker', locked_at = now() WHERE id = ${queue!.id}`;
      await new Promise((r) => setTimeout(r, 100));
      heard.length = 0; // the add_job notifications; locking the queue sends none
      await app`UPDATE graphile_worker._private_job_queues SET locked_by = null, locked_at = null WHERE id = ${queue!.id}`;
      for (let i = 0; i < 50 && heard.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
      expect(heard).toEqual(['{"count":1}']);
      const [trigger] = await admin<{ n: number }[]>`
        SELECT count(*)::int AS n FROM pg_trigger WHERE tgname = 'rrnet_queue_unlocked' AND tgrelid = 'graphile_worker._private_job_queues'::regclass`;
      expect(trigger!.n).toBe(1);
    } finally {
      await app.end();
    }
  });

  it('create the cluster-wide roles safely when two databases migrate at the same moment', async () => {
    // roles.sql run concurrently on fresh role names: the losers of the CREATE ROLE race
    // (a unique violation when the winner commits) must still succeed
    const tag = `rrnet_race_${randomBytes(3).toString('hex')}_`;
    const script = (await readFile(`${MIGRATIONS_FOLDER}/roles.sql`, 'utf8')).replaceAll('rrnet_', tag);
    // three databases, two migrations each: across databases the roles race; within one the
    // migrations queue behind each other
    const dbs = [testDb.adminUrl, ...(await Promise.all([0, 1].map(async () => (await createTestDatabase(TEST_PG_URL, { migrate: false })))))];
    const conns = [0, 1, 2, 0, 1, 2].map((i) => postgres(typeof dbs[i] === 'string' ? (dbs[i] as string) : (dbs[i] as TestDatabase).adminUrl, { max: 1, onnotice: () => {} }));
    try {
      const results = await Promise.allSettled(conns.map((c) => c.unsafe(script)));
      expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
      const [made] = await admin<{ n: number }[]>`SELECT count(*)::int AS n FROM pg_roles WHERE rolname LIKE ${`${tag}%`}`;
      expect(made!.n).toBe(5);
    } finally {
      await Promise.all(conns.map((c) => c.end()));
      for (const db of dbs) {
        const sql = postgres(typeof db === 'string' ? db : db.adminUrl, { max: 1, onnotice: () => {} });
        try {
          await sql.unsafe(`DROP OWNED BY ${['search', 'app', 'system', 'owner'].map((r) => tag + r).join(', ')}`);
        } finally {
          await sql.end();
        }
      }
      for (const db of dbs) if (typeof db !== 'string') await db.drop();
      for (const role of ['search', 'app', 'system', 'owner']) await admin.unsafe(`DROP ROLE IF EXISTS ${tag}${role}`);
    }
  });
});

/**
 * Database lints, against the catalog, so that a new table or function cannot bring the
 * problem back. Each check also runs on a deliberately bad object to show it can fail.
 */
describe('database lints', () => {
  // functions of ours (public schema, not an extension's) that a caller's search_path can reach:
  // neither a SET search_path nor a SQL-standard body (BEGIN ATOMIC, bound at creation);
  // SECURITY DEFINER functions must SET it whatever their body
  const MUTABLE_SEARCH_PATH = `
    SELECT p.oid::regprocedure::text AS fn
    FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
    WHERE n.nspname = 'public'
      AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
      AND NOT coalesce(EXISTS (SELECT 1 FROM unnest(p.proconfig) c WHERE starts_with(c, 'search_path=')), false)
      AND (p.prosecdef OR p.prosqlbody IS NULL)
    ORDER BY 1`;
  // foreign keys without an index whose leading columns are exactly the key's columns
  const UNINDEXED_FKS = `
    SELECT c.conrelid::regclass::text AS table_name, c.conname AS fk
    FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
    WHERE c.contype = 'f' AND n.nspname = 'public'
      AND NOT EXISTS (
        SELECT 1 FROM pg_index i
        WHERE i.indrelid = c.conrelid AND i.indpred IS NULL
          AND (i.indkey::int2[])[0:cardinality(c.conkey) - 1] @> c.conkey
          AND (i.indkey::int2[])[0:cardinality(c.conkey) - 1] <@ c.conkey)
    ORDER BY 1, 2`;

  it('every function of ours is immune to the caller’s search_path', async () => {
    expect(await admin.unsafe(MUTABLE_SEARCH_PATH)).toEqual([]);
    const [n] = await admin<{ n: number }[]>`SELECT count(*)::int AS n FROM pg_proc p JOIN pg_namespace s ON s.oid = p.pronamespace WHERE s.nspname = 'public'`;
    expect(n!.n).toBeGreaterThan(10); // the check saw our functions
  });

  it('every foreign key has a covering index', async () => {
    expect(await admin.unsafe(UNINDEXED_FKS)).toEqual([]);
  });

  it('the lints catch a bad function and an unindexed foreign key', async () => {
    const ROLLBACK = new Error('rollback');
    await admin.begin(async (tx) => {
      await tx.unsafe(`CREATE FUNCTION lint_probe_plain() RETURNS int LANGUAGE sql AS 'SELECT 1'`);
      await tx.unsafe(`CREATE FUNCTION lint_probe_definer() RETURNS int LANGUAGE sql SECURITY DEFINER BEGIN ATOMIC SELECT 1; END`);
      await tx.unsafe(`CREATE FUNCTION lint_probe_atomic() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; END`);
      await tx.unsafe(`CREATE TABLE lint_probe_child (id int PRIMARY KEY, plan_id uuid REFERENCES saas_plans (id))`);
      expect((await tx.unsafe(MUTABLE_SEARCH_PATH)).map((r) => r.fn)).toEqual(['lint_probe_definer()', 'lint_probe_plain()']);
      expect((await tx.unsafe(UNINDEXED_FKS)).map((r) => r.table_name)).toEqual(['lint_probe_child']);
      await tx.unsafe(`CREATE INDEX ON lint_probe_child (plan_id)`);
      expect(await tx.unsafe(UNINDEXED_FKS)).toEqual([]);
      throw ROLLBACK; // leave nothing behind
    }).catch((e: unknown) => {
      if (e !== ROLLBACK) throw e;
    });
    const [left] = await admin<{ n: number }[]>`SELECT count(*)::int AS n FROM pg_proc WHERE proname LIKE 'lint_probe%'`;
    expect(left!.n).toBe(0);
  });
});
