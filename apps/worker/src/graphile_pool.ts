/**
 * graphile-worker's own connection pool: the job bookkeeping (fetch, lock, complete,
 * fail) — not the tasks' business transactions, which use the app pool.
 */

/**
 * The pool defaults to 10 connections whatever the concurrency, and one of them is held
 * by LISTEN. With 20 concurrent jobs (bench/billing) the workers queued for a connection
 * to fetch their next job. One connection per concurrent job, plus LISTEN and one spare.
 */
export function graphilePoolSize(concurrency: number): number {
  return Math.max(10, concurrency + 2);
}

/**
 * The connection string for that pool, with `synchronous_commit = off` on its sessions.
 * A job fetch and a job completion then return without waiting for the WAL flush: the
 * time between one job of a router's queue and the next (both in the critical path of an
 * isolir run) fell from 12.8–14.6 ms to 5.8–8.8 ms mean in bench/billing.
 *
 * What it risks, and why that is safe here: after a Postgres crash the last few hundred
 * milliseconds of *these* commits may be lost — as if they had rolled back — and the
 * database stays consistent. A lost lock means a job runs again; a lost completion means
 * a finished job runs again. Every task is already at-least-once and idempotent (a worker
 * killed after its side effects and before its completion does the same), and WAL is
 * replayed in order, so a completion is never kept while the task's own (synchronous)
 * business commits before it are lost. Enqueues, payments, invoices, audit and every
 * other business write keep synchronous commits on the app and system pools.
 */
export function graphileConnectionString(url: string): string {
  const parsed = new URL(url);
  const options = [parsed.searchParams.get('options'), '-c synchronous_commit=off'].filter(Boolean).join(' ');
  parsed.searchParams.set('options', options);
  return parsed.toString();
}

export interface WorkerBatching {
  /** jobs the pool fetches and locks per round trip and hands out locally; -1: off */
  localQueueSize: number;
  /** ms a completion waits for others to be written in one statement; -1: off */
  completeJobBatchDelay: number;
}

/**
 * The shipped batching: the fastest setting bench/worker measured (trivial jobs: 22.9k
 * jobs/s against 2.1k at graphile-worker's one-job-at-a-time default, bench/results/worker.json).
 * Jobs of one named queue (isolir: one queue per router) gain nothing from it: a queue stays
 * locked until its completion is written, so the next job of that router starts ~2 ms later
 * (bench:billing: isolir 1.34 with it, 1.25 without).
 *
 * What it costs, and why that is acceptable here:
 * - Up to 50 jobs are locked ahead of being run. A critical job added meanwhile waits
 *   until this pool has handed out what it holds (graphile-worker re-fetches, by
 *   priority, when the local queue is empty; jobs left unrun return to the table after
 *   its TTL of 5 minutes). With 4 concurrent jobs of the usual tens of milliseconds that
 *   is well under a second; an ISP that runs long jobs can lower WORKER_LOCAL_QUEUE_SIZE.
 *   A killed worker's prefetched jobs are released with its running ones (the pool's id
 *   is recorded with the workers' ids, stale_workers.ts).
 * - A completion is written up to 2 ms late: a worker killed in that window runs the job
 *   again, which every task already tolerates (at-least-once, idempotent).
 */
export const WORKER_BATCHING: WorkerBatching = { localQueueSize: 50, completeJobBatchDelay: 2 };

/** graphile-worker's preset for a batching setting (run({ preset })). */
export function graphileBatchingPreset(batching: WorkerBatching) {
  return { worker: { localQueue: { size: batching.localQueueSize }, completeJobBatchDelay: batching.completeJobBatchDelay } };
}
