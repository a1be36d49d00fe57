/**
 * Connection pools. One postgres.js pool per role and process; Drizzle on top.
 * Statements are prepared (postgres.js `prepare: true`), pools are bounded.
 */
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import type { ConnectionOptions } from 'node:tls';
import { drizzle } from 'drizzle-orm/postgres-js';
import type { PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import * as schema from './schema';

export type Schema = typeof schema;
export type Database = PostgresJsDatabase<Schema>;
export type Sql = postgres.Sql;

export interface DatabaseHandle {
  sql: Sql;
  db: Database;
  close: () => Promise<void>;
}

export interface CreateDatabaseOptions {
  max?: number;
  applicationName?: string;
  /** Seconds before a connection attempt gives up (readiness relies on it). */
  connectTimeout?: number;
  /** Sees every statement sent (postgres.js `debug`): tests that count a request's statements. */
  onStatement?: (statement: string) => void;
}

export interface PostgresTarget {
  /** the URL without libpq's TLS parameters (postgres.js would send them to the server as settings) */
  url: string;
  /** postgres.js `ssl`: false (no TLS), 'prefer' / 'require' (encrypted, unverified) or the TLS options */
  ssl: false | 'prefer' | 'require' | ConnectionOptions;
}

const TLS_PARAMS = ['sslmode', 'sslrootcert', 'sslcert', 'sslkey'];

/**
 * Reads libpq's TLS parameters off a postgres:// URL, as psql would:
 *   sslmode=disable | allow | prefer | require | verify-ca | verify-full,
 *   sslrootcert=<CA file> (or `system`: the system trust store), sslcert + sslkey=<client certificate>.
 * verify-full checks the chain against the CA and the host name against the certificate;
 * verify-ca checks only the chain; no TLS parameter at all: no TLS (postgres.js' default).
 */
export function postgresTarget(rawUrl: string): PostgresTarget {
  const url = new URL(rawUrl);
  const param = (name: string) => url.searchParams.get(name) ?? undefined;
  const [mode, rootcert, cert, key] = TLS_PARAMS.map(param);
  if (!TLS_PARAMS.some((p) => url.searchParams.has(p))) return { url: rawUrl, ssl: false };
  for (const p of TLS_PARAMS) url.searchParams.delete(p);
  const stripped = url.toString();
  const files: ConnectionOptions = {};
  if (rootcert && rootcert !== 'system') files.ca = readFileSync(rootcert);
  if (cert) files.cert = readFileSync(cert);
  if (key) files.key = readFileSync(key);
  switch (mode ?? 'prefer') {
    case 'disable':
      return { url: stripped, ssl: false };
    case 'allow':
    case 'prefer':
      return { url: stripped, ssl: cert ? { ...files, rejectUnauthorized: false } : 'prefer' };
    case 'require':
      // libpq: require with a root certificate behaves as verify-ca
      if (rootcert)
        return {
          url: stripped,
          ssl: { ...files, rejectUnauthorized: true, checkServerIdentity: () => undefined },
        };
      return { url: stripped, ssl: cert ? { ...files, rejectUnauthorized: false } : 'require' };
    case 'verify-ca':
      return {
        url: stripped,
        ssl: { ...files, rejectUnauthorized: true, checkServerIdentity: () => undefined },
      };
    case 'verify-full':
      return {
        url: stripped,
        ssl: { ...files, ...identityHost(url.hostname), rejectUnauthorized: true },
      };
    default:
      throw new Error(
        `unknown sslmode "${mode}" (disable, allow, prefer, require, verify-ca, verify-full)`,
      );
  }
}

/**
 * postgres.js sends no server name for an IP address, and Node then checks the
 * certificate against "localhost". Naming the host makes the check use the address the
 * URL connects to (a certificate must list it as an IP subjectAltName).
 */
function identityHost(hostname: string): { host?: string } {
  const host = decodeURIComponent(hostname).replace(/^\[|\]$/g, '');
  if (!host.includes(',')) return isIP(host) ? { host } : {};
  if (host.split(',').some((h) => isIP(h.replace(/:\d+$/, '')))) {
    throw new Error('sslmode=verify-full with several hosts needs host names, not IP addresses');
  }
  return {};
}

/** A pool and its Drizzle instance. Creating the Drizzle instance registers the type parsers the tenant helper relies on. */
export function createDatabase(
  rawUrl: string,
  options: CreateDatabaseOptions = {},
): DatabaseHandle {
  const { url, ssl } = postgresTarget(rawUrl);
  const sql = postgres(url, {
    ssl,
    max: options.max ?? 10,
    prepare: true,
    idle_timeout: 30,
    connect_timeout: options.connectTimeout ?? 5,
    // a connection lost to a failure waits this long (seconds) before reconnecting:
    // exponential from 50 ms, capped at 1 s — postgres.js's default grows to 20 s, and
    // every query queued behind that connection waited with it (a stopped database then
    // looked like a hang instead of a quick 503)
    backoff: (retries: number) => Math.min(0.05 * 2 ** retries, 1),
    onnotice: () => {},
    connection: { application_name: options.applicationName ?? 'rrnet' },
    ...(options.onStatement ? { debug: (_connection: number, statement: string) => options.onStatement!(statement) } : {}),
  });
  const db = drizzle(sql, { schema });
  return { sql, db, close: () => sql.end({ timeout: 5 }) };
}
