/**
 * Linear backoff for router calls (spec: "external_api_calls: linear_backoff"): attempt
 * n+1 waits n × base. Defaults: 3 attempts, waiting 250 ms then 500 ms. Only transient
 * errors (unreachable, timeout, 5xx) are retried; the caller decides which calls are
 * idempotent enough to run through this policy at all.
 */
import { IterableBackoff, handleWhen, retry } from 'cockatiel';
import type { RetryPolicy } from 'cockatiel';
import { isTransientRouterError } from './errors';

export const RETRY_ATTEMPTS = 3;
export const RETRY_BASE_DELAY_MS = 250;

export interface RetryOptions {
  /** total attempts including the first; 1 disables retries */
  attempts?: number;
  /** delay before the second attempt; the k-th retry waits k × baseDelayMs */
  baseDelayMs?: number;
}

/** Waits before each retry: `[base, 2·base, …]`, one entry per retry. */
export function linearDelays(attempts: number, baseDelayMs: number): number[] {
  return Array.from({ length: Math.max(0, attempts - 1) }, (_, i) => (i + 1) * baseDelayMs);
}

export function createRetryPolicy(options: RetryOptions = {}): RetryPolicy {
  const delays = linearDelays(
    options.attempts ?? RETRY_ATTEMPTS,
    options.baseDelayMs ?? RETRY_BASE_DELAY_MS,
  );
  return retry(handleWhen(isTransientRouterError), {
    maxAttempts: delays.length,
    // IterableBackoff needs one entry even when maxAttempts is 0 (never consulted then)
    backoff: new IterableBackoff(delays.length > 0 ? delays : [0]),
  });
}
