/**
 * Picks the Postgres and Redis the app runs on, in the order the README documents:
 *   Postgres: DATABASE_URL → 127.0.0.1:5432 → embedded PostgreSQL in .rrnet/pg
 *   Redis:    UPSTASH_REDIS_REST_URL (+token) → REDIS_URL → 127.0.0.1:6379
 *             → a redis-server binary on PATH started on 127.0.0.1:6390
 *             → none: the caller explains how to get one
 * Imported after `pnpm install`, so it may use workspace dependencies.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { connect } from 'node:net';
import { userInfo } from 'node:os';
import postgres from 'postgres';
import { ROOT, say, spawnService } from './toolchain.mjs';

export const DATABASE_NAME = 'rrnet';
const EMBEDDED_PG_PORT = 54329;
const EMBEDDED_REDIS_PORT = 6390;

export function tcpOpen(host, port, timeoutMs = 800) {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

async function canConnect(url) {
  const sql = postgres(url, { max: 1, connect_timeout: 3, onnotice: () => {} });
  try {
    await sql`SELECT 1`;
    return true;
  } catch {
    return false;
  } finally {
    await sql.end({ timeout: 1 });
  }
}

/** Creates `name` on the server of `serverUrl` (a maintenance-db URL) if missing. */
export async function ensureDatabase(serverUrl, name) {
  const sql = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    const rows = await sql`SELECT 1 FROM pg_database WHERE datname = ${name}`;
    if (rows.length === 0) await sql.unsafe(`CREATE DATABASE "${name}"`);
  } finally {
    await sql.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function choosePostgres(env, secrets) {
  if (env.DATABASE_URL) {
    return { adminUrl: env.DATABASE_URL, label: 'DATABASE_URL (configured)' };
  }
  if (await tcpOpen('127.0.0.1', 5432)) {
    for (const user of ['postgres', userInfo().username]) {
      const server = `postgres://${user}@127.0.0.1:5432/postgres`;
      if (await canConnect(server)) {
        const adminUrl = await ensureDatabase(server, DATABASE_NAME);
        return {
          adminUrl,
          label: `local PostgreSQL 127.0.0.1:5432 (database ${DATABASE_NAME}, login ${user})`,
        };
      }
    }
    say('PostgreSQL on 127.0.0.1:5432 refused our logins; using embedded PostgreSQL', 'postgres');
  }
  return startEmbeddedPostgres(secrets);
}

async function startEmbeddedPostgres(secrets) {
  const databaseDir = `${ROOT}/.rrnet/pg`;
  mkdirSync(`${ROOT}/.rrnet`, { recursive: true });
  const child = spawnService('postgres', [
    process.execPath,
    `${ROOT}/scripts/lib/embedded_pg.mjs`,
    databaseDir,
    String(EMBEDDED_PG_PORT),
    secrets.postgres_superuser_password,
  ]);
  await new Promise((resolve, reject) => {
    const onLine = (chunk) => {
      if (String(chunk).includes('READY')) resolve();
    };
    child.stdout.on('data', onLine);
    child.once('exit', (code) => reject(new Error(`embedded PostgreSQL exited (${code})`)));
  });
  const server = `postgres://postgres:${encodeURIComponent(secrets.postgres_superuser_password)}@127.0.0.1:${EMBEDDED_PG_PORT}/postgres`;
  const adminUrl = await ensureDatabase(server, DATABASE_NAME);
  return {
    adminUrl,
    label: `embedded PostgreSQL 127.0.0.1:${EMBEDDED_PG_PORT} (data in .rrnet/pg)`,
    child,
  };
}

/** Returns { restUrl?, redisUrl?, label, child? } for the Upstash client/bridge, or null. */
export async function chooseRedis(env) {
  if (env.UPSTASH_REDIS_REST_URL && env.UPSTASH_REDIS_REST_TOKEN) {
    return { restUrl: env.UPSTASH_REDIS_REST_URL, label: 'Upstash REST (configured)' };
  }
  if (env.REDIS_URL) return { redisUrl: env.REDIS_URL, label: 'REDIS_URL (configured)' };
  if (await tcpOpen('127.0.0.1', 6379)) {
    return { redisUrl: 'redis://127.0.0.1:6379', label: 'local Redis 127.0.0.1:6379' };
  }
  const which = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  if (which.status === 0) {
    const dir = `${ROOT}/.rrnet/redis`;
    mkdirSync(dir, { recursive: true });
    const child = spawnService('redis', [
      which.stdout.trim(), '--bind', '127.0.0.1', '--port', String(EMBEDDED_REDIS_PORT),
      '--dir', dir, '--save', '', '--appendonly', 'no',
    ]);
    for (let i = 0; i < 50 && !(await tcpOpen('127.0.0.1', EMBEDDED_REDIS_PORT)); i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    return {
      redisUrl: `redis://127.0.0.1:${EMBEDDED_REDIS_PORT}`,
      label: `redis-server from PATH on 127.0.0.1:${EMBEDDED_REDIS_PORT} (started with the app)`,
      child,
    };
  }
  return null;
}
