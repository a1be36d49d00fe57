/**
 * A collector that cannot read its source must not fail the whole scrape: with Postgres
 * down, rrnet_dependency_up{dependency="postgres"} 0 is exactly what the alert needs to
 * see. A failing gauge is emptied (no stale value), the failure is logged and counted.
 */
import client from 'prom-client';
import type { Gauge, Registry } from 'prom-client';
import type { Logger } from '@rrnet/logger';

export type CollectGuard = (gauge: Gauge, collector: string, fill: () => Promise<void>) => Promise<void>;

export function collectGuard(registry: Registry, logger: Logger): CollectGuard {
  const failures = new client.Counter({
    name: 'rrnet_metrics_collect_failures_total',
    help: 'Scrapes in which a collector could not read its source (its gauge is left empty)',
    labelNames: ['collector'],
    registers: [registry],
  });
  return async (gauge, collector, fill) => {
    try {
      gauge.reset();
      await fill();
    } catch (err) {
      gauge.reset();
      failures.inc({ collector });
      logger.warn({ err, collector }, 'metrics collector failed');
    }
  };
}
