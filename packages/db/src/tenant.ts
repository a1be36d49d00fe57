/**
 * The one way to do tenant work: `withTenant(ctx, fn)` runs `fn` in a transaction as
 * rrnet_app with app.tenant_id / app.user_id / app.request_id set transaction-locally,
 * so row-level security scopes every statement to that tenant (and the audit trail
 * records who did it). A subscriber's portal session also sets app.customer_id
 * (`ctx.customerId`): the customer-scope policies narrow the tenant to that customer.
 *
 * Round trips: BEGIN and one prepared statement with the three set_config calls are
 * queued without waiting, so they travel pipelined with the callback's first statement
 * on the same reserved connection; COMMIT is the only extra round trip. A point read
 * costs two round trips instead of the naive four (BEGIN, set_config, SELECT, COMMIT).
 * If BEGIN or the settings ever failed, the pipelined statements would run with no
 * tenant set and RLS would show them nothing; the helper then throws that error.
 * A connection lost while COMMIT is in flight surfaces as CommitOutcomeUnknown (see
 * ./transient.ts): everything else that fails is rolled back and safe to run again.
 */
import { extractTablesRelationalConfig, createTableRelationsHelpers } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import { PostgresJsSession } from 'drizzle-orm/postgres-js/session';
import type postgres from 'postgres';
import * as schema from './schema';
import type { Database, Sql } from './client';
import { CommitOutcomeUnknown, PoolTimeout, transientKind } from './transient';

export interface TenantContext {
  tenantId: string;
  userId?: string | null;
  requestId?: string | null;
  /**
   * A subscriber's portal session: app.customer_id is set too, and the customer-scope
   * policies (drizzle/0035) show only that customer's rows on top of the tenant's RLS.
   */
  customerId?: string | null;
}

/** Context of a platform (cross-tenant) transaction on the rrnet_system pool. */
export interface PlatformContext {
  /** set when the work concerns one tenant (its audit chain, for example) */
  tenantId?: string | null;
  userId?: string | null;
  requestId?: string | null;
}

/** Inside a tenant transaction: Drizzle (typed) and the raw postgres.js connection. */
export interface TenantTx {
  db: Database;
  sql: postgres.ReservedSql;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export class TenantContextError extends Error {}

const dialect = new PgDialect();
const tablesConfig = extractTablesRelationalConfig(schema, createTableRelationsHelpers);
const relationalSchema = {
  fullSchema: schema,
  schema: tablesConfig.tables,
  tableNamesMap: tablesConfig.tableNamesMap,
};

/** A Drizzle database bound to one reserved connection (cheap: no per-call schema work). */
function bindDrizzle(connection: postgres.ReservedSql): Database {
  // Drizzle's generics want the literal schema type; the runtime shape is what it builds itself.
  const config = relationalSchema as never;
  const session = new PostgresJsSession(connection as unknown as Sql, dialect, config, {});
  return new PostgresJsDatabase(dialect, session, config) as unknown as Database;
}

/** Validates the context; malformed ids are a programming error, refused before any I/O. */
export function checkContext(ctx: PlatformContext & { customerId?: string | null }): void {
  if (ctx.tenantId != null && !UUID.test(ctx.tenantId)) throw new TenantContextError('tenantId must be a uuid');
  if (ctx.customerId != null && !UUID.test(ctx.customerId)) throw new TenantContextError('customerId must be a uuid');
  if (ctx.userId != null && !UUID.test(ctx.userId)) throw new TenantContextError('userId must be a uuid');
  if (ctx.requestId != null && !REQUEST_ID.test(ctx.requestId)) {
    throw new TenantContextError('requestId has unexpected characters');
  }
}

/**
 * Runs `fn` in one transaction scoped to `ctx.tenantId`. `pool` must be the rrnet_app
 * pool (a Drizzle instance created over it once, so type parsers are registered).
 * Do not start nested transactions inside `fn`.
 */
export function withTenant<T>(pool: Sql, ctx: TenantContext, fn: (tx: TenantTx) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
  if (typeof ctx.tenantId !== 'string') throw new TenantContextError('tenantId is required');
  return inTransaction(pool, ctx, fn, options);
}

export interface TransactionOptions {
  /**
   * Give up (PoolTimeout, a 503 for a request) when no pool connection is free within this
   * many ms — a saturated pool or an unreachable database refuses quickly instead of
   * queueing callers. Unset: wait (jobs).
   */
  acquireTimeoutMs?: number;
}

/** A reserved connection, or PoolTimeout after `ms`; a connection that arrives too late is handed straight back. */
async function reserveWithin(pool: Sql, ms: number | undefined): Promise<postgres.ReservedSql> {
  if (ms === undefined) return pool.reserve();
  const pending = pool.reserve();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new PoolTimeout(ms)), ms);
  });
  try {
    return await Promise.race([pending, timeout]);
  } catch (err) {
    if (err instanceof PoolTimeout) pending.then((c) => c.release(), () => {});
    throw err;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The same transaction shape on the rrnet_system pool, for the few cross-tenant platform
 * paths (sign-in, platform admin, schedulers). Settings are still set for the audit trail.
 */
export function withPlatform<T>(pool: Sql, ctx: PlatformContext, fn: (tx: TenantTx) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
  return inTransaction(pool, ctx, fn, options);
}

async function inTransaction<T>(pool: Sql, ctx: PlatformContext & { customerId?: string | null }, fn: (tx: TenantTx) => Promise<T>, options: TransactionOptions): Promise<T> {
  checkContext(ctx);
  const connection = await reserveWithin(pool, options.acquireTimeoutMs);
  let began: Promise<unknown> | undefined;
  try {
    // Not awaited: both are queued on the reserved connection ahead of fn's statements.
    const begin = connection.unsafe('BEGIN').execute();
    const settings = connection`
      SELECT set_config('app.tenant_id', ${ctx.tenantId ?? ''}, true),
             set_config('app.user_id', ${ctx.userId ?? ''}, true),
             set_config('app.request_id', ${ctx.requestId ?? ''}, true),
             set_config('app.customer_id', ${ctx.customerId ?? ''}, true)`.execute();
    began = Promise.all([begin, settings]);
    began.catch(() => {}); // observed below; avoid an unhandled rejection meanwhile
    let db: Database | undefined;
    const tx: TenantTx = {
      sql: connection,
      // bound on first use: raw-SQL callbacks skip building Drizzle's query builders
      get db() {
        db ??= bindDrizzle(connection);
        return db;
      },
    };
    const result = await fn(tx);
    await began;
    try {
      await connection.unsafe('COMMIT');
    } catch (err) {
      // the connection went away with COMMIT in flight: it may have landed (never retried)
      throw transientKind(err) === 'unavailable' ? new CommitOutcomeUnknown(err) : err;
    }
    return result;
  } catch (err) {
    await connection.unsafe('ROLLBACK').catch(() => {});
    const beginError = began ? await began.then(() => undefined, (e: unknown) => e) : undefined;
    throw beginError ?? err;
  } finally {
    connection.release();
  }
}
