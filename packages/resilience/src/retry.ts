/**
 * Linear backoff for external calls (spec §2 "external_api_calls: linear_backoff"):
 * attempt n+1 waits n × base. The caller says which errors are retried, and decides
 * which calls are safe to repeat at all (a create that may have happened is not).
 */
import { IterableBackoff, handleWhen, retry } from 'cockatiel';
import type { RetryPolicy } from 'cockatiel';

export interface LinearRetryOptions {
  /** which errors are retried */
  isRetryable: (error: unknown) => boolean;
  /** total attempts including the first; 1 disables retries */
  attempts: number;
  /** delay before the second attempt; the k-th retry waits k × baseDelayMs */
  baseDelayMs: number;
}

/** Waits before each retry: `[base, 2·base, …]`, one entry per retry. */
export function linearDelays(attempts: number, baseDelayMs: number): number[] {
  return Array.from({ length: Math.max(0, attempts - 1) }, (_, i) => (i + 1) * baseDelayMs);
}

export function createLinearRetryPolicy(options: LinearRetryOptions): RetryPolicy {
  const delays = linearDelays(options.attempts, options.baseDelayMs);
  return retry(handleWhen(options.isRetryable), {
    maxAttempts: delays.length,
    // IterableBackoff needs one entry even when maxAttempts is 0 (never consulted then)
    backoff: new IterableBackoff(delays.length > 0 ? delays : [0]),
  });
}
