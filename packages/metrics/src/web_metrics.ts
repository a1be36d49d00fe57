/**
 * The web app's /api/metrics: API response times and errors (observed by the tRPC chain),
 * the admission gate in front of the pools (in flight, queued, refused),
 * readiness of its dependencies, its database pools, Redis memory, job queues, and the
 * business metrics whose modules exist (router_sync_success_rate,
 * invoice_conversion_rate). Everything read from Postgres or Redis is cached for
 * `cacheTtlMs` (15 s in the app), so a scrape costs at most a handful of small queries
 * per TTL however many Prometheus replicas scrape. Cross-tenant reads use the
 * rrnet_system pool.
 *
 * user_registration_rate: ISPs signing themselves up (/signup), completed per day over
 * the last 7 days, and the share of started sign-ups that completed.
 *
 * Not exported here, with reason: wa_delivery_rate (the worker
 * exports it: rrnet_wa_delivery_rate, from the outbox it drains) and
 * outage_resolution_time (the outage module is not built yet).
 */
import client from 'prom-client';
import type { Registry } from 'prom-client';
import type { Redis } from '@rrnet/cache';
import type { Sql } from '@rrnet/db';
import type { Logger } from '@rrnet/logger';
import { checkReadiness } from '@rrnet/core/system/health';
import {
  readInvoiceConversion,
  readRegistrations,
  readSaasInvoiceConversion,
  readJobQueues,
  readPoolConnections,
  readRedisMemory,
  readRouterSyncRates,
} from '@rrnet/core/system/metrics_queries';
import type { RateSnapshot } from '@rrnet/core/system/metrics_queries';
import { registerAdmissionMetrics } from './admission_metrics';
import type { AdmissionSource } from './admission_metrics';
import { registerApiMetrics } from './api_metrics';
import type { ApiObserver } from './api_metrics';
import { cachedRead } from './cached';
import { collectGuard } from './guard';
import { registerJobQueueMetrics } from './job_queue_metrics';
import { createMetricsRegistry } from './registry';

export interface MeteredPool {
  /** label value: app (rrnet_app) or system (rrnet_system) */
  name: string;
  sql: Sql;
  /** unique per process: pg_stat_activity is filtered by it */
  applicationName: string;
  max: number;
}

export interface WebMetricsDeps {
  sql: Sql;
  systemSql: Sql;
  pools: MeteredPool[];
  redis: Redis;
  logger: Logger;
  workerStaleAfterMs: number;
  cacheTtlMs: number;
  /** the API's admission gates by lane (`{ api, sign_in }`); absent: no rrnet_api_admission_* series */
  admission?: Readonly<Record<string, AdmissionSource>>;
}

export interface WebMetrics {
  registry: Registry;
  api: ApiObserver;
  /** the exposition text and its content type */
  scrape: () => Promise<{ body: string; contentType: string }>;
}

export function createWebMetrics(deps: WebMetricsDeps): WebMetrics {
  const registry = createMetricsRegistry('web');
  const guard = collectGuard(registry, deps.logger);
  const api = registerApiMetrics(registry);
  if (deps.admission) registerAdmissionMetrics(registry, deps.admission);
  const ttl = deps.cacheTtlMs;

  const pools = cachedRead(ttl, () =>
    Promise.all(deps.pools.map(async (p) => ({ pool: p.name, ...(await readPoolConnections(p.sql, p.applicationName)) }))),
  );
  // the readiness probes run on the app pool: they start once the pool has been counted
  // (or after 250 ms, so a dead Postgres cannot hold dependency_up back), else a probe in
  // flight would count as a connection in use
  const readiness = cachedRead(ttl, async () => {
    await Promise.race([pools().then(noop, noop), new Promise((r) => setTimeout(r, 250).unref())]);
    return checkReadiness({ sql: deps.sql, redis: deps.redis, workerStaleAfterMs: deps.workerStaleAfterMs });
  });
  new client.Gauge({
    name: 'rrnet_dependency_up',
    help: 'Readiness of each dependency as this web instance sees it (1 up, 0 down): postgres, redis, worker heartbeat',
    labelNames: ['dependency'],
    registers: [registry],
    async collect() {
      await guard(this, 'readiness', async () => {
        const r = await readiness();
        for (const [dependency, check] of Object.entries(r.checks)) this.set({ dependency }, check.ok ? 1 : 0);
      });
    },
  });

  new client.Gauge({
    name: 'rrnet_db_pool_connections',
    help: "This process's open connections per pool by state (in_use, idle), from pg_stat_activity",
    labelNames: ['pool', 'state'],
    registers: [registry],
    async collect() {
      await guard(this, 'db_pool', async () => {
        for (const p of await pools()) {
          this.set({ pool: p.pool, state: 'in_use' }, p.inUse);
          this.set({ pool: p.pool, state: 'idle' }, p.idle);
        }
      });
    },
  });
  const poolMax = new client.Gauge({
    name: 'rrnet_db_pool_max',
    help: 'Configured maximum connections per pool',
    labelNames: ['pool'],
    registers: [registry],
  });
  for (const p of deps.pools) poolMax.set({ pool: p.name }, p.max);

  const redisMemory = cachedRead(ttl, () => readRedisMemory(deps.redis));
  new client.Gauge({
    name: 'rrnet_redis_memory_used_bytes',
    help: 'Redis used_memory (INFO memory)',
    registers: [registry],
    async collect() {
      await guard(this, 'redis_memory', async () => this.set((await redisMemory()).usedBytes), false);
    },
  });
  new client.Gauge({
    name: 'rrnet_redis_memory_max_bytes',
    help: 'Redis maxmemory (INFO memory; 0: no limit)',
    registers: [registry],
    async collect() {
      await guard(this, 'redis_memory', async () => this.set((await redisMemory()).maxBytes), false);
    },
  });

  registerJobQueueMetrics(registry, guard, () => readJobQueues(deps.systemSql, deps.systemSql), ttl);

  const routerSync = cachedRead(ttl, () => readRouterSyncRates(deps.systemSql));
  new client.Gauge({
    name: 'rrnet_router_sync_success_rate',
    help: "Share of synced routers whose last router_sync found them online, per tenant (slug) and overall (no tenant label)",
    labelNames: ['tenant'],
    registers: [registry],
    async collect() {
      await guard(this, 'router_sync', async () => setRates(this, await routerSync()));
    },
  });
  const invoices = cachedRead(ttl, () => readInvoiceConversion(deps.systemSql));
  new client.Gauge({
    name: 'rrnet_invoice_conversion_rate',
    help: 'Share of the invoices issued in the last 90 days (not void) that are paid, per tenant (slug) and overall (no tenant label)',
    labelNames: ['tenant'],
    registers: [registry],
    async collect() {
      await guard(this, 'invoice_conversion', async () => setRates(this, await invoices()));
    },
  });

  const saasInvoices = cachedRead(ttl, () => readSaasInvoiceConversion(deps.systemSql));
  new client.Gauge({
    name: 'rrnet_saas_invoice_conversion_rate',
    help: 'invoice_conversion_rate of RRNet’s own SaaS invoices: share of those issued in the last 90 days (not void) that are paid, per ISP (slug) and overall (no tenant label)',
    labelNames: ['tenant'],
    registers: [registry],
    async collect() {
      await guard(this, 'saas_invoice_conversion', async () => setRates(this, await saasInvoices()));
    },
  });

  const registrations = cachedRead(ttl, () => readRegistrations(deps.systemSql));
  new client.Gauge({
    name: 'rrnet_user_registration_rate',
    help: 'user_registration_rate: ISPs that signed themselves up and verified the owner’s phone, per day over the last 7 days',
    registers: [registry],
    async collect() {
      await guard(this, 'user_registration', async () => this.set((await registrations()).per_day));
    },
  });
  new client.Gauge({
    name: 'rrnet_user_registration_completion_ratio',
    help: 'Share of the sign-ups started in the last 7 days (code sent) that were completed (code verified); no series without any',
    registers: [registry],
    async collect() {
      await guard(this, 'user_registration', async () => {
        const r = await registrations();
        if (r.started > 0) this.set(r.completed / r.started);
      });
    },
  });

  return {
    registry,
    api,
    scrape: async () => ({ body: await registry.metrics(), contentType: registry.contentType }),
  };
}

function noop(): void {}

/** A rate with no denominator (no routers synced, no invoices) has no series rather than NaN. */
function setRates(gauge: client.Gauge, snapshot: RateSnapshot): void {
  for (const t of snapshot.perTenant) {
    if (t.total > 0) gauge.set({ tenant: t.tenant }, t.good / t.total);
  }
  if (snapshot.overall.total > 0) gauge.set(snapshot.overall.good / snapshot.overall.total);
}
