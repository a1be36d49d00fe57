/**
 * Linear backoff for router calls (spec: "external_api_calls: linear_backoff"): attempt
 * n+1 waits n × base. Defaults: 3 attempts, waiting 250 ms then 500 ms. Only transient
 * errors (unreachable, timeout, 5xx) are retried; the caller decides which calls are
 * idempotent enough to run through this policy at all. The policy is the shared one
 * (`@rrnet/resilience`).
 */
import { createLinearRetryPolicy, linearDelays } from '@rrnet/resilience';
import type { RetryPolicy } from 'cockatiel';
import { isTransientRouterError } from './errors';

export { linearDelays };

export const RETRY_ATTEMPTS = 3;
export const RETRY_BASE_DELAY_MS = 250;

export interface RetryOptions {
  /** total attempts including the first; 1 disables retries */
  attempts?: number;
  /** delay before the second attempt; the k-th retry waits k × baseDelayMs */
  baseDelayMs?: number;
}

export function createRetryPolicy(options: RetryOptions = {}): RetryPolicy {
  return createLinearRetryPolicy({
    isRetryable: isTransientRouterError,
    attempts: options.attempts ?? RETRY_ATTEMPTS,
    baseDelayMs: options.baseDelayMs ?? RETRY_BASE_DELAY_MS,
  });
}
