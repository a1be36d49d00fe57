import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateDatabase } from '../../src/migrate';
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
      FROM pg_roles WHERE rolname IN ('rrnet_app', 'rrnet_system', 'rrnet_search') ORDER BY rolname`;
    expect(roles).toEqual([
      { rolname: 'rrnet_app', rolsuper: false, rolbypassrls: false, rolcreaterole: false, rolcreatedb: false, rolcanlogin: true },
      { rolname: 'rrnet_search', rolsuper: false, rolbypassrls: false, rolcreaterole: false, rolcreatedb: false, rolcanlogin: false },
      { rolname: 'rrnet_system', rolsuper: false, rolbypassrls: false, rolcreaterole: false, rolcreatedb: false, rolcanlogin: true },
    ]);
  });

  it('give rrnet_search (owner of sys_customer_search) a read-only `true` policy on customers instead of BYPASSRLS', async () => {
    const policies = await admin<{ tablename: string; policyname: string; cmd: string; roles: string[]; qual: string }[]>`
      SELECT tablename, policyname, cmd, roles::text[] AS roles, qual FROM pg_policies WHERE 'rrnet_search' = ANY (roles)`;
    expect(policies).toEqual([{ tablename: 'tenant_customers', policyname: 'search_read', cmd: 'SELECT', roles: ['rrnet_search'], qual: 'true' }]);
    const [fn] = await admin<{ owner: string; definer: boolean }[]>`
      SELECT p.proowner::regrole::text AS owner, p.prosecdef AS definer FROM pg_proc p WHERE p.proname = 'sys_customer_search'`;
    expect(fn).toEqual({ owner: 'rrnet_search', definer: true });
    const grants = await admin<{ table_name: string; privilege_type: string }[]>`
      SELECT table_name, privilege_type FROM information_schema.role_table_grants WHERE grantee = 'rrnet_search'`;
    expect(grants).toEqual([{ table_name: 'tenant_customers', privilege_type: 'SELECT' }]);
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
});
