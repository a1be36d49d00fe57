/**
 * Job classes (spec §5): graphile-worker priority (lower runs first) and the retry
 * policy of each class. graphile-worker's own backoff is exponential only, so the
 * wrapper (run_job.ts) reschedules failed attempts itself with an explicit run_at.
 *   critical  billing_isolir, payment_processing   5 attempts, exponential backoff
 *             (and billing_isolir_batch: a sweep's customers on one router)
 *   high      router_sync, outage_propagation      3 attempts, linear backoff
 *   normal    wa_notifications, report_generation  2 attempts, fixed delay
 *   low       analytics, cleanup_jobs              1 attempt, fail fast
 */
export const JOB_CLASS_NAMES = ['critical', 'high', 'normal', 'low'] as const;
export type JobClass = (typeof JOB_CLASS_NAMES)[number];

export type Backoff =
  | { kind: 'exponential'; baseMs: number; factor: number; maxMs: number }
  | { kind: 'linear'; stepMs: number }
  | { kind: 'fixed'; delayMs: number }
  | { kind: 'none' };

export interface JobClassPolicy {
  priority: number;
  maxAttempts: number;
  backoff: Backoff;
}

export const JOB_CLASSES: Record<JobClass, JobClassPolicy> = {
  critical: { priority: 0, maxAttempts: 5, backoff: { kind: 'exponential', baseMs: 5_000, factor: 3, maxMs: 15 * 60_000 } },
  high: { priority: 10, maxAttempts: 3, backoff: { kind: 'linear', stepMs: 30_000 } },
  normal: { priority: 20, maxAttempts: 2, backoff: { kind: 'fixed', delayMs: 60_000 } },
  low: { priority: 30, maxAttempts: 1, backoff: { kind: 'none' } },
};

/**
 * Delay before the next attempt after `failedAttempt` (1-based) failed, or null when the
 * class has no attempts left: critical 5 s, 15 s, 45 s, 135 s; high 30 s, 60 s;
 * normal 60 s; low none.
 */
export function retryDelayMs(jobClass: JobClass, failedAttempt: number): number | null {
  const policy = JOB_CLASSES[jobClass];
  if (failedAttempt >= policy.maxAttempts) return null;
  const b = policy.backoff;
  switch (b.kind) {
    case 'exponential':
      return Math.min(b.maxMs, b.baseMs * b.factor ** (failedAttempt - 1));
    case 'linear':
      return b.stepMs * failedAttempt;
    case 'fixed':
      return b.delayMs;
    case 'none':
      return null;
  }
}

/** The class a graphile-worker priority belongs to (for queue-depth metrics). */
export function classOfPriority(priority: number): JobClass {
  return JOB_CLASS_NAMES.find((c) => JOB_CLASSES[c].priority === priority) ?? 'low';
}
