/**
 * Read-only queries behind the Prometheus metrics of web and worker (spec §6): job queue
 * depth per class, open dead letters, this process's database connections, and the
 * business metrics whose modules exist. Cross-tenant reads take the rrnet_system pool
 * (SELECT through its `USING (true)` policies); none of them writes. Each statement starts
 * with METRICS_QUERY_TAG, so the pool reading can tell the scrape's own statements (running
 * at the same moment on the same pools) from the application's.
 */
import type { Sql } from '@rrnet/db';
import type { Redis } from '@rrnet/cache';
import { JOB_CLASS_NAMES, classOfPriority } from '@rrnet/jobs';
import type { JobClass } from '@rrnet/jobs';

/** The comment every statement of this file starts with (see readPoolConnections). */
export const METRICS_QUERY_TAG = '/* rrnet:metrics */';

export interface JobQueueSnapshot {
  /** per class: waiting (runnable now or scheduled) and running (locked by a worker) */
  classes: Map<JobClass, { waiting: number; running: number }>;
  /** open dead letters (status 'dead') */
  deadLetters: number;
}

/** One pass over graphile-worker's jobs table plus the dead-letter count. */
export async function readJobQueues(jobsSql: Sql, systemSql: Sql): Promise<JobQueueSnapshot> {
  const rows = await jobsSql<{ priority: number; waiting: number; running: number }[]>`
    /* rrnet:metrics */ SELECT priority, count(*) FILTER (WHERE locked_at IS NULL)::int AS waiting, count(*) FILTER (WHERE locked_at IS NOT NULL)::int AS running
    FROM graphile_worker._private_jobs GROUP BY priority`;
  const classes = new Map<JobClass, { waiting: number; running: number }>(JOB_CLASS_NAMES.map((c) => [c, { waiting: 0, running: 0 }]));
  for (const r of rows) {
    const t = classes.get(classOfPriority(r.priority))!;
    t.waiting += r.waiting;
    t.running += r.running;
  }
  const [dead] = await systemSql<{ n: number }[]>`/* rrnet:metrics */ SELECT count(*)::int AS n FROM sys_dead_letter_jobs WHERE status = 'dead'`;
  return { classes, deadLetters: dead?.n ?? 0 };
}

export interface PoolConnections {
  /** connections running a statement or holding a transaction open */
  inUse: number;
  idle: number;
}

/**
 * The connections of one pool, as the server sees them. postgres.js keeps its pool state
 * (open/busy connections, the queue of queries waiting for one) private and offers no
 * hook to count it, so this reads pg_stat_activity for the backends whose
 * application_name is this pool's — which must be unique per process (services.ts adds
 * a random suffix) — run on that same pool, because PostgreSQL shows `state` only for
 * sessions of one's own role. The backend answering this query, and those running the
 * scrape's other statements (tagged METRICS_QUERY_TAG) are counted as idle: they are busy
 * only for the scrape (a connection the scrape makes postgres.js open still counts while
 * it runs postgres.js's type lookup). Queries waiting inside postgres.js for a free
 * connection are invisible here; in_use reaching the pool's max is the saturation signal.
 */
export async function readPoolConnections(sql: Sql, applicationName: string): Promise<PoolConnections> {
  const [row] = await sql<{ in_use: number; idle: number }[]>`
    /* rrnet:metrics */ WITH mine AS (
      SELECT pid = pg_backend_pid() OR coalesce(state = 'idle' OR (state = 'active' AND strpos(query, ${METRICS_QUERY_TAG}) > 0), false) AS idle
      FROM pg_stat_activity
      WHERE application_name = ${applicationName} AND datname = current_database() AND backend_type = 'client backend')
    SELECT count(*) FILTER (WHERE NOT idle)::int AS in_use, count(*) FILTER (WHERE idle)::int AS idle FROM mine`;
  return { inUse: row?.in_use ?? 0, idle: row?.idle ?? 0 };
}

export interface TenantRate {
  tenant: string;
  /** numerator and denominator, so dashboards can sum them across tenants */
  good: number;
  total: number;
}

export interface RateSnapshot {
  perTenant: TenantRate[];
  overall: { good: number; total: number };
}

function overallOf(perTenant: TenantRate[]): { good: number; total: number } {
  return perTenant.reduce((acc, t) => ({ good: acc.good + t.good, total: acc.total + t.total }), { good: 0, total: 0 });
}

/**
 * router_sync_success_rate: of the routers of active tenants that have been synced at
 * least once, the share whose last router_sync found them online (router_sync writes
 * status and last_sync_at on every run, see network/router_sync.ts). The worker's
 * rrnet_router_sync_total counter gives the same rate over time for the syncs it ran.
 */
export async function readRouterSyncRates(systemSql: Sql): Promise<RateSnapshot> {
  const rows = await systemSql<{ tenant: string; good: number; total: number }[]>`
    /* rrnet:metrics */ SELECT t.slug AS tenant,
           count(*) FILTER (WHERE r.status = 'online')::int AS good,
           count(*)::int AS total
    FROM tenant_routers r JOIN saas_tenants t ON t.id = r.tenant_id
    WHERE t.status = 'active' AND r.last_sync_at IS NOT NULL
    GROUP BY t.slug ORDER BY t.slug`;
  return { perTenant: rows.map((r) => ({ ...r })), overall: overallOf(rows) };
}

/** The trailing window of invoice_conversion_rate, in days of issue date. */
export const INVOICE_CONVERSION_WINDOW_DAYS = 90;

/**
 * invoice_conversion_rate: of the invoices issued in the last 90 days and not voided,
 * the share paid in full (status 'paid'), per active tenant and overall. Invoices not yet
 * due count as unconverted, so the rate dips right after a billing run and climbs as
 * customers pay.
 */
export async function readInvoiceConversion(systemSql: Sql): Promise<RateSnapshot> {
  const rows = await systemSql<{ tenant: string; good: number; total: number }[]>`
    /* rrnet:metrics */ SELECT t.slug AS tenant,
           count(*) FILTER (WHERE i.status = 'paid')::int AS good,
           count(*)::int AS total
    FROM tenant_invoices i JOIN saas_tenants t ON t.id = i.tenant_id
    WHERE t.status = 'active' AND i.status <> 'void'
      AND i.issued_at > now() - make_interval(days => ${INVOICE_CONVERSION_WINDOW_DAYS})
    GROUP BY t.slug ORDER BY t.slug`;
  return { perTenant: rows.map((r) => ({ ...r })), overall: overallOf(rows) };
}

/**
 * invoice_conversion_rate for the platform's own SaaS invoices (issue #17): of those issued
 * in the last 90 days and not voided, the share paid, per ISP and overall (terminated ISPs
 * left out; a suspended one still owes).
 */
export async function readSaasInvoiceConversion(systemSql: Sql): Promise<RateSnapshot> {
  const rows = await systemSql<{ tenant: string; good: number; total: number }[]>`
    /* rrnet:metrics */ SELECT t.slug AS tenant,
           count(*) FILTER (WHERE i.status = 'paid')::int AS good,
           count(*)::int AS total
    FROM saas_invoices i JOIN saas_tenants t ON t.id = i.tenant_id
    WHERE t.status <> 'terminated' AND i.status <> 'void'
      AND i.issued_at > now() - make_interval(days => ${INVOICE_CONVERSION_WINDOW_DAYS})
    GROUP BY t.slug ORDER BY t.slug`;
  return { perTenant: rows.map((r) => ({ ...r })), overall: overallOf(rows) };
}

/** The trailing window of user_registration_rate, in days. */
export const REGISTRATION_WINDOW_DAYS = 7;

export interface RegistrationSnapshot {
  /** sign-ups completed (code verified, ISP created) in the window */
  completed: number;
  /** sign-ups started (code sent) in the window */
  started: number;
  /** completed per day over the window */
  per_day: number;
}

/**
 * user_registration_rate (spec §6): ISPs that signed themselves up and verified their
 * owner's phone, per day over the last 7 days; with the sign-ups started, for the share
 * that finish.
 */
export async function readRegistrations(systemSql: Sql): Promise<RegistrationSnapshot> {
  const [row] = await systemSql<{ completed: number; started: number }[]>`
    /* rrnet:metrics */ SELECT count(*) FILTER (WHERE consumed_at IS NOT NULL)::int AS completed, count(*)::int AS started
    FROM saas_signups WHERE created_at > now() - make_interval(days => ${REGISTRATION_WINDOW_DAYS})`;
  const completed = row?.completed ?? 0;
  return { completed, started: row?.started ?? 0, per_day: completed / REGISTRATION_WINDOW_DAYS };
}

export interface RedisMemory {
  usedBytes: number;
  /** 0 when Redis has no maxmemory set */
  maxBytes: number;
}

/** The fields of `INFO memory` the metrics use. */
export function parseRedisMemoryInfo(info: string): RedisMemory {
  const field = (name: string): number => {
    const match = new RegExp(`^${name}:(\\d+)\\s*$`, 'm').exec(info);
    return match ? Number(match[1]) : NaN;
  };
  const usedBytes = field('used_memory');
  if (!Number.isFinite(usedBytes)) throw new Error('INFO memory has no used_memory field');
  const maxBytes = field('maxmemory');
  return { usedBytes, maxBytes: Number.isFinite(maxBytes) ? maxBytes : 0 };
}

/**
 * Redis memory through the app's own client: @upstash/redis has no info() helper, but
 * its generic exec() sends any command over the REST protocol, which Upstash answers for
 * INFO and the local bridge forwards to Redis as it is.
 */
export async function readRedisMemory(redis: Redis): Promise<RedisMemory> {
  const info = await redis.exec<string>(['INFO', 'memory']);
  return parseRedisMemoryInfo(String(info));
}
