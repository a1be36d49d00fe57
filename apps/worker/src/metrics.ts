/**
 * Worker metrics for Prometheus (GET /metrics on WORKER_METRICS_HOST:WORKER_METRICS_PORT;
 * with INTERNAL_TLS_* set, HTTPS that serves only scrapers presenting a certificate from
 * the deployment's CA): queue depth per
 * class, running jobs, dead letters, job durations and outcomes; and per-minute
 * throughput rows (sys_job_throughput) for the admin chart, flushed every 10 s.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { InternalTls } from '@rrnet/config/internal_tls';
import { mtlsServerOptions } from '@rrnet/config/internal_tls';
import client from 'prom-client';
import { readJobQueues } from '@rrnet/core/system/metrics_queries';
import type { Sql } from '@rrnet/db';
import type { JobClass, JobObserver } from '@rrnet/jobs';
import { waDeliveryStats } from '@rrnet/core/notifications/messages';
import { outageResolutionStats } from '@rrnet/core/outages/outages';
import type { Logger } from '@rrnet/logger';
import { collectGuard, createMetricsRegistry, registerJobQueueMetrics } from '@rrnet/metrics';

export interface WorkerMetrics {
  observer: JobObserver;
  /** router_sync outcomes (spec business metric router_sync_success_rate = online / all) */
  onRouterSync: (status: 'online' | 'offline') => void;
  /** WhatsApp send outcomes per gateway (rrnet_wa_messages_total) */
  onWaOutcome: (outcome: string, provider: string | null) => void;
  server: Server | null;
  stop: () => Promise<void>;
}

export interface MetricsOptions {
  appSql: Sql;
  systemSql: Sql;
  /** 0: no endpoint */
  port: number;
  /** listen address (default 127.0.0.1) */
  host?: string;
  /** mTLS for the endpoint; null/undefined: plain HTTP */
  tls?: InternalTls | null;
  logger: Logger;
}

/** Queue and dead-letter reads are shared by the gauges of one scrape and kept 1 s. */
const QUEUE_SNAPSHOT_TTL_MS = 1000;

export function startMetrics(opts: MetricsOptions): WorkerMetrics {
  const registry = createMetricsRegistry('worker');
  const duration = new client.Histogram({
    name: 'rrnet_job_duration_seconds',
    help: 'Job run time by task, class and outcome',
    labelNames: ['task', 'class', 'outcome'],
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [registry],
  });
  const routerSyncs = new client.Counter({
    name: 'rrnet_router_sync_total',
    help: 'Router syncs by outcome (router_sync_success_rate = online / total)',
    labelNames: ['outcome'],
    registers: [registry],
  });
  const waMessages = new client.Counter({
    name: 'rrnet_wa_messages_total',
    help: 'WhatsApp send outcomes by gateway: sent, failed, retry, rescheduled, unknown, over_quota',
    labelNames: ['outcome', 'provider'],
    registers: [registry],
  });
  // wa_delivery_rate (spec §6), overall and per ISP, from the outbox (last 24 h)
  new client.Gauge({
    name: 'rrnet_wa_delivery_rate',
    help: 'WhatsApp messages delivered or read out of those that left, last 24 h (tenant="all": every ISP)',
    labelNames: ['tenant'],
    registers: [registry],
    async collect() {
      const stats = await waDeliveryStats(opts.systemSql);
      this.reset();
      if (stats.overall.delivery_rate !== null) this.set({ tenant: 'all' }, stats.overall.delivery_rate);
      for (const t of stats.tenants) if (t.delivery_rate !== null) this.set({ tenant: t.slug }, t.delivery_rate);
    },
  });
  // outage_resolution_time (spec §6) per ISP: mean and longest over the outages resolved in the last 30 days
  new client.Gauge({
    name: 'rrnet_outage_resolution_time_seconds',
    help: 'Seconds from start to resolution of the outages resolved in the last 30 days, per ISP (stat: mean or max)',
    labelNames: ['tenant', 'stat'],
    registers: [registry],
    async collect() {
      const stats = await outageResolutionStats(opts.systemSql);
      this.reset();
      for (const s of stats) {
        if (s.mean_seconds !== null) this.set({ tenant: s.slug, stat: 'mean' }, s.mean_seconds);
        if (s.max_seconds !== null) this.set({ tenant: s.slug, stat: 'max' }, s.max_seconds);
      }
    },
  });
  new client.Gauge({
    name: 'rrnet_outages_open',
    help: 'Open (confirmed) outages per ISP',
    labelNames: ['tenant'],
    registers: [registry],
    async collect() {
      const stats = await outageResolutionStats(opts.systemSql);
      this.reset();
      for (const s of stats) this.set({ tenant: s.slug }, s.open);
    },
  });
  const queues = registerJobQueueMetrics(
    registry,
    collectGuard(registry, opts.logger),
    () => readJobQueues(opts.appSql, opts.systemSql),
    QUEUE_SNAPSHOT_TTL_MS,
  );

  // per-minute throughput, accumulated in memory and flushed as upserts
  const pending = new Map<string, { bucket: string; cls: JobClass; completed: number; failed: number; dead: number; ms: number }>();
  const observer: JobObserver = {
    onFinished: ({ name, jobClass, outcome, durationMs }) => {
      duration.observe({ task: name, class: jobClass, outcome }, durationMs / 1000);
      const bucket = new Date(Math.floor(Date.now() / 60_000) * 60_000).toISOString();
      const key = `${bucket}|${jobClass}`;
      const entry = pending.get(key) ?? { bucket, cls: jobClass, completed: 0, failed: 0, dead: 0, ms: 0 };
      if (outcome === 'completed') entry.completed++;
      else entry.failed++;
      if (outcome === 'dead_lettered' || outcome === 'invalid_payload') entry.dead++;
      entry.ms += Math.round(durationMs);
      pending.set(key, entry);
    },
    onDeadLetter: ({ openDeadLetters }) => queues.setDeadLetters(openDeadLetters),
  };
  const flush = async () => {
    const entries = [...pending.values()];
    pending.clear();
    for (const e of entries) {
      await opts.systemSql`
        INSERT INTO sys_job_throughput (bucket, job_class, completed, failed, dead_lettered, total_ms)
        VALUES (${e.bucket}, ${e.cls}, ${e.completed}, ${e.failed}, ${e.dead}, ${e.ms})
        ON CONFLICT (bucket, job_class) DO UPDATE SET
          completed = sys_job_throughput.completed + EXCLUDED.completed,
          failed = sys_job_throughput.failed + EXCLUDED.failed,
          dead_lettered = sys_job_throughput.dead_lettered + EXCLUDED.dead_lettered,
          total_ms = sys_job_throughput.total_ms + EXCLUDED.total_ms`;
    }
  };
  const timer = setInterval(() => {
    flush().catch((err: unknown) => opts.logger.warn({ err }, 'throughput flush failed'));
  }, 10_000);
  timer.unref();

  let server: Server | null = null;
  if (opts.port > 0) {
    const handler = (req: IncomingMessage, res: ServerResponse) => {
      if (req.url !== '/metrics') {
        res.writeHead(404).end();
        return;
      }
      registry.metrics().then(
        (text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text),
        (err: unknown) => res.writeHead(500).end(String(err)),
      );
    };
    server = opts.tls ? createHttpsServer(mtlsServerOptions(opts.tls), handler) : createServer(handler);
    server.on('error', (err) => opts.logger.warn({ err, port: opts.port }, 'metrics endpoint unavailable'));
    server.listen(opts.port, opts.host ?? '127.0.0.1');
  }
  return {
    observer,
    onRouterSync: (status) => routerSyncs.inc({ outcome: status }),
    onWaOutcome: (outcome, provider) => waMessages.inc({ outcome, provider: provider ?? 'none' }),
    server,
    stop: async () => {
      clearInterval(timer);
      await flush().catch(() => undefined);
      await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
    },
  };
}
