/**
 * Job queue gauges shared by web and worker: waiting and running jobs per class and the
 * open dead letters (the DLQ_ALERT_THRESHOLD alert reads rrnet_jobs_dead_letters). One
 * read feeds all three per scrape.
 */
import client from 'prom-client';
import type { Registry } from 'prom-client';
import type { JobQueueSnapshot } from '@rrnet/core/system/metrics_queries';
import { cachedRead } from './cached';
import type { CollectGuard } from './guard';

export interface JobQueueMetrics {
  /** the dead-letter count just seen by the job wrapper (fresher than the next read) */
  setDeadLetters: (open: number) => void;
}

export function registerJobQueueMetrics(
  registry: Registry,
  guard: CollectGuard,
  read: () => Promise<JobQueueSnapshot>,
  ttlMs: number,
): JobQueueMetrics {
  const snapshot = cachedRead(ttlMs, read);
  new client.Gauge({
    name: 'rrnet_jobs_queue_depth',
    help: 'Jobs waiting (runnable now or scheduled) per class',
    labelNames: ['class'],
    registers: [registry],
    async collect() {
      await guard(this, 'job_queues', async () => {
        for (const [c, t] of (await snapshot()).classes) this.set({ class: c }, t.waiting);
      });
    },
  });
  new client.Gauge({
    name: 'rrnet_jobs_running',
    help: 'Jobs locked by a worker per class',
    labelNames: ['class'],
    registers: [registry],
    async collect() {
      await guard(this, 'job_queues', async () => {
        for (const [c, t] of (await snapshot()).classes) this.set({ class: c }, t.running);
      });
    },
  });
  const deadLetters = new client.Gauge({
    name: 'rrnet_jobs_dead_letters',
    help: 'Open dead-letter jobs',
    registers: [registry],
    async collect() {
      await guard(this, 'job_queues', async () => this.set((await snapshot()).deadLetters), false);
    },
  });
  return { setDeadLetters: (open) => deadLetters.set(open) };
}
