/**
 * A collector that cannot read its source must not fail the whole scrape: with Postgres
 * down, rrnet_dependency_up{dependency="postgres"} 0 is exactly what the alert needs to
 * see. A failing gauge is emptied (no stale value), the failure is logged and counted.
 * A gauge without labels cannot be empty in prom-client (reset() leaves a 0, which would
 * read as "no dead letters"), so it says NaN: no threshold alert fires on it, Grafana
 * shows no value, and rrnet_metrics_collect_failures_total says why.
 * Each collector is bounded (3 s by default): with Postgres down, postgres.js queues
 * queries behind its reconnect backoff (up to 20 s between attempts), and a scrape that
 * outlives Prometheus's scrape_timeout would lose every series, dependency_up included.
 */
import client from 'prom-client';
import type { Gauge, Registry } from 'prom-client';
import type { Logger } from '@rrnet/logger';

export type CollectGuard = (gauge: Gauge, collector: string, fill: () => Promise<void>, labelled?: boolean) => Promise<void>;

export const COLLECT_TIMEOUT_MS = 3000;

export function collectGuard(registry: Registry, logger: Logger, timeoutMs = COLLECT_TIMEOUT_MS): CollectGuard {
  const failures = new client.Counter({
    name: 'rrnet_metrics_collect_failures_total',
    // collectors run concurrently, so a failure is visible from the next scrape on
    help: 'Scrapes in which a collector could not read its source (its gauge is left empty or NaN)',
    labelNames: ['collector'],
    registers: [registry],
  });
  return async (gauge, collector, fill, labelled = true) => {
    let timer: NodeJS.Timeout | undefined;
    try {
      gauge.reset();
      await Promise.race([
        fill(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
        }),
      ]);
    } catch (err) {
      gauge.reset();
      if (!labelled) gauge.set(NaN);
      failures.inc({ collector });
      logger.warn({ err, collector }, 'metrics collector failed');
    } finally {
      clearTimeout(timer);
    }
  };
}
