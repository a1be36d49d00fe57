/**
 * Jobs in a named queue (e.g. every job touching one router) run one at a time. When one
 * finishes, graphile-worker unlocks its queue asynchronously, and nothing wakes idle
 * workers for the next job of that queue: they find it only at their next poll
 * (WORKER_POLL_INTERVAL_MS). With many short jobs per router that idles most workers
 * (bench/billing: isolir took 2.7× its bound at a 500 ms poll). So after a queued job
 * completes we send graphile's own "jobs:insert" notification a moment later, which wakes
 * one idle worker.
 */
import type { WorkerEvents } from 'graphile-worker';
import type { Sql } from '@rrnet/db';
import type { Logger } from '@rrnet/logger';

export const QUEUE_NUDGE_DELAY_MS = 15;

export function nudgeAfterQueuedJobs(events: WorkerEvents, sql: Sql, logger: Logger): void {
  events.on('job:complete', ({ job }) => {
    if (job.job_queue_id === null) return;
    setTimeout(() => {
      sql`SELECT pg_notify('jobs:insert', '{"count":1}')`.catch((err: unknown) => logger.warn({ err }, 'queue nudge failed'));
    }, QUEUE_NUDGE_DELAY_MS).unref();
  });
}
