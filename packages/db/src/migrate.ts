/**
 * Brings a database from empty to head, idempotently:
 *   1. drizzle/roles.sql (roles and database grants; needs a privileged login),
 *   2. the drizzle journal (generated + hand-written RLS/grant SQL), as rrnet_owner,
 *   3. graphile-worker's own schema, as rrnet_owner, the queue grants for the app, and
 *      the queue wake-up trigger (QUEUE_WAKE).
 * Every object is created by rrnet_owner, so the app role owns nothing.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { drizzle } from 'drizzle-orm/postgres-js';
import { migrate } from 'drizzle-orm/postgres-js/migrator';
import { runMigrations } from 'graphile-worker';
import postgres from 'postgres';
import { postgresTarget } from './client';
import { DB_ROLES } from './roles';

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../../drizzle', import.meta.url));

export interface MigrateOptions {
  /** A login that may create roles (superuser locally) or rrnet_owner itself. */
  adminUrl: string;
  /** Passwords to (re)set for the login roles; omitted roles keep theirs. */
  passwords?: Partial<Record<'owner' | 'app' | 'system', string>>;
  log?: (message: string) => void;
}

export interface MigrateResult {
  applied: number;
  total: number;
}

export async function migrateDatabase(options: MigrateOptions): Promise<MigrateResult> {
  const log = options.log ?? (() => {});
  // libpq TLS parameters (sslmode, sslrootcert…) become postgres.js' ssl option; graphile-worker's pg reads them itself
  const target = postgresTarget(options.adminUrl);
  const admin = postgres(target.url, { max: 1, ssl: target.ssl, onnotice: () => {} });
  try {
    await admin.unsafe(await readFile(`${MIGRATIONS_FOLDER}/roles.sql`, 'utf8'));
    for (const [key, password] of Object.entries(options.passwords ?? {})) {
      const role = DB_ROLES[key as keyof typeof DB_ROLES];
      if (password) await admin.unsafe(`ALTER ROLE ${role} PASSWORD '${password.replace(/'/g, "''")}'`);
    }
  } finally {
    await admin.end();
  }

  const owner = postgres(target.url, {
    max: 1,
    ssl: target.ssl,
    onnotice: () => {},
    connection: { options: `-c role=${DB_ROLES.owner}` },
  });
  try {
    const before = await countApplied(owner);
    await migrate(drizzle(owner), { migrationsFolder: MIGRATIONS_FOLDER });
    const after = await countApplied(owner);
    log(`drizzle: ${after - before} migration(s) applied, ${after} at head`);

    await runMigrations({
      connectionString: withOwnerRole(options.adminUrl),
      logger: undefined,
    });
    await owner.unsafe(GRAPHILE_GRANTS);
    await owner.unsafe(QUEUE_WAKE);
    log('graphile-worker: schema at head, queue grants and wake-up trigger in place');
    return { applied: after - before, total: after };
  } finally {
    await owner.end();
  }
}

async function countApplied(sql: postgres.Sql): Promise<number> {
  const [exists] = await sql<{ ok: boolean }[]>`
    SELECT to_regclass('drizzle.__drizzle_migrations') IS NOT NULL AS ok`;
  if (!exists?.ok) return 0;
  const [row] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations`;
  return row?.n ?? 0;
}

function withOwnerRole(url: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set('options', `-c role=${DB_ROLES.owner}`);
  return parsed.toString();
}

/**
 * The app and system roles enqueue and run jobs; they never alter the queue schema.
 * graphile-worker enables RLS on its private tables (owner-only); the queue is not
 * tenant data, so the two roles get a permissive policy there. Idempotent.
 */
const GRAPHILE_GRANTS = `
  GRANT USAGE ON SCHEMA graphile_worker TO rrnet_app, rrnet_system;
  GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA graphile_worker TO rrnet_app, rrnet_system;
  GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA graphile_worker TO rrnet_app, rrnet_system;
  GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA graphile_worker TO rrnet_app, rrnet_system;
  DO $$
  DECLARE t record;
  BEGIN
    FOR t IN
      SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'graphile_worker' AND c.relkind = 'r' AND c.relrowsecurity
        AND NOT EXISTS (SELECT 1 FROM pg_policies p WHERE p.schemaname = 'graphile_worker'
                        AND p.tablename = c.relname AND p.policyname = 'rrnet_queue_access')
    LOOP
      EXECUTE format('CREATE POLICY rrnet_queue_access ON graphile_worker.%I FOR ALL TO rrnet_app, rrnet_system USING (true) WITH CHECK (true)', t.relname);
    END LOOP;
  END
  $$;
`;

/**
 * Jobs of a named queue (all the jobs of one router) run one at a time. graphile-worker
 * unlocks the queue in completeJob, which it does not await: the worker that finished
 * asks for its next job at once, usually before the unlock commits, finds every other
 * queue busy and goes idle — and nothing wakes the idle workers when the unlock lands,
 * so that router waited for the next poll (bench/billing: isolir at 2.7× its bound with a
 * 500 ms poll). This trigger sends graphile's own "jobs:insert" notification when a queue
 * is unlocked (completed, failed or released): NOTIFY is delivered at commit, exactly
 * when the queue's next job becomes available, and wakes one idle worker.
 *
 * It sits on graphile-worker's private table, so it is re-created after every
 * graphile-worker migration run (here); the worker integration test fails if it is gone.
 */
export const QUEUE_WAKE = `
  CREATE OR REPLACE FUNCTION sys_job_queue_unlocked() RETURNS trigger LANGUAGE plpgsql SET search_path = pg_catalog AS $$
  BEGIN
    PERFORM pg_notify('jobs:insert', '{"count":1}');
    RETURN NULL;
  END
  $$;
  DROP TRIGGER IF EXISTS rrnet_queue_unlocked ON graphile_worker._private_job_queues;
  CREATE TRIGGER rrnet_queue_unlocked AFTER UPDATE OF locked_by ON graphile_worker._private_job_queues
    FOR EACH ROW WHEN (OLD.locked_by IS NOT NULL AND NEW.locked_by IS NULL)
    EXECUTE FUNCTION sys_job_queue_unlocked();
`;
