/**
 * Test databases: each integration test file gets its own database on the real server
 * (RRNET_TEST_PG_URL, a login that may create databases and roles), migrated to head,
 * and drops it afterwards. App/system URLs log in as those roles (trust or password).
 */
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { migrateDatabase } from './migrate';
import { DB_ROLES, databaseUrl } from './roles';

export interface TestDatabase {
  name: string;
  adminUrl: string;
  ownerUrl: string;
  appUrl: string;
  systemUrl: string;
  drop: () => Promise<void>;
}

function asRole(url: string, role: string, password?: string): string {
  const parsed = new URL(url);
  parsed.username = role;
  parsed.password = password ? encodeURIComponent(password) : '';
  return parsed.toString();
}

export async function createTestDatabase(
  serverUrl: string,
  options: { prefix?: string; migrate?: boolean; rolePassword?: string } = {},
): Promise<TestDatabase> {
  const name = `${options.prefix ?? 'rrnet_test'}_${randomBytes(5).toString('hex')}`;
  const server = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    await server.unsafe(`CREATE DATABASE "${name}"`);
  } finally {
    await server.end();
  }
  const adminUrl = databaseUrl(serverUrl, name);
  if (options.migrate !== false) {
    await migrateDatabase({
      adminUrl,
      passwords: options.rolePassword
        ? { app: options.rolePassword, system: options.rolePassword, owner: options.rolePassword }
        : {},
    });
  }
  return {
    name,
    adminUrl,
    ownerUrl: asRole(adminUrl, DB_ROLES.owner, options.rolePassword),
    appUrl: asRole(adminUrl, DB_ROLES.app, options.rolePassword),
    systemUrl: asRole(adminUrl, DB_ROLES.system, options.rolePassword),
    drop: () => dropDatabase(serverUrl, name),
  };
}

/**
 * Drops a test database. Pools that are still closing (graphile-worker ends its own
 * asynchronously) get a moment to go; only then are stragglers terminated, because a
 * connection killed mid-close surfaces as an unhandled error in the test run.
 */
export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  const server = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    for (let i = 0; i < 20; i++) {
      const [row] = await server<{ n: number }[]>`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = ${name}`;
      if ((row?.n ?? 0) === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    await server.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await server.end();
  }
}
