/**
 * One Prometheus registry per process (never prom-client's global one): the process
 * metrics (CPU, resident memory, event-loop lag, heap) under a per-service prefix, so
 * web and worker series stay apart when both are scraped into one Prometheus.
 */
import client from 'prom-client';
import type { Registry } from 'prom-client';

export type { Registry };

/** `service` becomes the prefix: rrnet_web_process_resident_memory_bytes, rrnet_worker_… */
export function createMetricsRegistry(service: 'web' | 'worker'): Registry {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: `rrnet_${service}_` });
  return registry;
}
