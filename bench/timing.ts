/**
 * The benchmarks' diagnostics of worker jobs: a task wrapped to record each job it runs
 * with its start and end, and the quantile of a list of timings.
 */
import type { Job, Task } from 'graphile-worker';

/** `task`, recording every job it runs with its start and end (Date.now(), ms) — also when it throws. */
export function timedTask(task: Task, record: (job: Job, start: number, end: number) => void): Task {
  return async (payload, helpers) => {
    const start = Date.now();
    try {
      return await task(payload, helpers);
    } finally {
      record(helpers.job, start, Date.now());
    }
  };
}

/** The p-quantile (0–1) of `xs` by the nearest rank below, 0 for none. */
export function quantile(xs: readonly number[], p: number): number {
  return [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) * p)] ?? 0;
}
