/**
 * Connection pools. One postgres.js pool per role and process; Drizzle on top.
 * Statements are prepared (postgres.js `prepare: true`), pools are bounded.
 */
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
}

/** A pool and its Drizzle instance. Creating the Drizzle instance registers the type parsers the tenant helper relies on. */
export function createDatabase(url: string, options: CreateDatabaseOptions = {}): DatabaseHandle {
  const sql = postgres(url, {
    max: options.max ?? 10,
    prepare: true,
    idle_timeout: 30,
    connect_timeout: options.connectTimeout ?? 5,
    onnotice: () => {},
    connection: { application_name: options.applicationName ?? 'rrnet' },
  });
  const db = drizzle(sql, { schema });
  return { sql, db, close: () => sql.end({ timeout: 5 }) };
}
