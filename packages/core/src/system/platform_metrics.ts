/**
 * The platform's metrics page (issue #18): the same figures the Prometheus endpoints export,
 * read live for an operator without Grafana — readiness, this web instance's API latency
 * and errors (from its own histogram), database connections, Redis memory, job queues and
 * dead letters, the spec's business metrics overall, and the busiest SQL statements. Each
 * section is read on its own: one that fails is null and named in `errors`.
 */
import type { Redis } from '@rrnet/cache';
import type { Sql } from '@rrnet/db';
import { platformMetricsSchema } from '@rrnet/contracts';
import type { MetricRateName, PlatformMetrics } from '@rrnet/contracts';
import { waDeliveryStats } from '../notifications/messages';
import { outageResolutionStats } from '../outages/outages';
import { readDatabaseConnections, readTopStatements } from './database_stats';
import { checkReadiness } from './health';
import { errorRate, errorsOf, histogramQuantile, totalOf } from './latency_rules';
import type { ApiHistogramSnapshot, LatencyWindow } from './latency_rules';
import { readInvoiceConversion, readJobQueues, readRedisMemory, readRouterSyncRates, readSaasInvoiceConversion } from './metrics_queries';

export interface ApiLatencySource {
  startedAt: Date;
  read: () => Promise<ApiHistogramSnapshot>;
  window: LatencyWindow;
}

export interface PlatformMetricsDeps {
  /** rrnet_app pool (readiness probes) */
  sql: Sql;
  /** rrnet_system pool: the cross-tenant reads */
  systemSql: Sql;
  redis: Redis;
  workerStaleAfterMs: number;
  /** this web instance's API histogram; absent (no metrics wired): api is null */
  api?: ApiLatencySource | undefined;
  now?: () => Date;
}

const ratio = (good: number, total: number): number | null => (total > 0 ? good / total : null);

export async function platformMetrics(deps: PlatformMetricsDeps): Promise<PlatformMetrics> {
  const now = deps.now ?? (() => new Date());
  const errors: PlatformMetrics['errors'] = [];
  async function section<T>(name: string, read: () => Promise<T>): Promise<T | null> {
    try {
      return await read();
    } catch (err) {
      errors.push({ section: name, message: err instanceof Error ? err.message : String(err) });
      return null;
    }
  }

  const [readiness, api, database, redis, queues, business, slow] = await Promise.all([
    section('readiness', () => checkReadiness({ sql: deps.sql, redis: deps.redis, workerStaleAfterMs: deps.workerStaleAfterMs })),
    deps.api ? section('api', () => apiFigures(deps.api!)) : Promise.resolve(null),
    section('database', () => readDatabaseConnections(deps.systemSql)),
    section('redis', async () => {
      const m = await readRedisMemory(deps.redis);
      return { used_bytes: m.usedBytes, max_bytes: m.maxBytes };
    }),
    section('queues', async () => {
      const q = await readJobQueues(deps.systemSql, deps.systemSql);
      return { classes: [...q.classes].map(([job_class, v]) => ({ job_class, ...v })), dead_letters: q.deadLetters };
    }),
    section('business', () => businessFigures(deps.systemSql)),
    section('slow_queries', () => readTopStatements(deps.systemSql, 10)),
  ]);

  return platformMetricsSchema.parse({
    generated_at: now().toISOString(),
    readiness,
    api,
    database,
    redis,
    queues,
    business,
    slow_queries: slow ?? { available: false, reason: 'error' },
    errors,
  });
}

async function apiFigures(source: ApiLatencySource): Promise<PlatformMetrics['api']> {
  const life = await source.read();
  const { delta, spanMs } = source.window.observe(life);
  const total = totalOf(life);
  // until a window's worth of history exists, the window is the instance's life so far
  const windowMs = spanMs > 0 ? spanMs : Math.max(0, life.at - source.startedAt.getTime());
  return {
    instance_started_at: source.startedAt.toISOString(),
    window_seconds: Math.round(windowMs / 1000),
    requests: total,
    errors: errorsOf(life),
    error_rate: errorRate(life),
    p95_seconds: histogramQuantile(0.95, life.buckets),
    window_requests: totalOf(delta),
    window_error_rate: errorRate(delta),
    window_p95_seconds: histogramQuantile(0.95, delta.buckets),
    errors_by_code: Object.entries(life.errorsByCode)
      .filter(([, n]) => n > 0)
      .map(([code, count]) => ({ code, count }))
      .sort((a, b) => b.count - a.count),
  };
}

async function businessFigures(systemSql: Sql): Promise<PlatformMetrics['business']> {
  const [invoices, saas, routers, wa, outages] = await Promise.all([
    readInvoiceConversion(systemSql),
    readSaasInvoiceConversion(systemSql),
    readRouterSyncRates(systemSql),
    waDeliveryStats(systemSql),
    outageResolutionStats(systemSql),
  ]);
  const waLeft = wa.overall.sent + wa.overall.delivered + wa.overall.read + wa.overall.failed;
  const rate = (name: MetricRateName, good: number, total: number) => ({ name, good, total, rate: ratio(good, total) });
  const resolved = outages.reduce((a, o) => a + o.resolved, 0);
  const meanWeighted = outages.reduce((a, o) => a + (o.mean_seconds ?? 0) * o.resolved, 0);
  return {
    rates: [
      rate('invoice_conversion_rate', invoices.overall.good, invoices.overall.total),
      rate('saas_invoice_conversion_rate', saas.overall.good, saas.overall.total),
      rate('router_sync_success_rate', routers.overall.good, routers.overall.total),
      rate('wa_delivery_rate', wa.overall.delivered + wa.overall.read, waLeft),
    ],
    outages: {
      open: outages.reduce((a, o) => a + o.open, 0),
      resolved_30d: resolved,
      mean_resolution_seconds: resolved > 0 ? meanWeighted / resolved : null,
    },
  };
}
