/**
 * One circuit breaker per router (spec): 5 consecutive failures open it for 30 s, then
 * half-open lets 3 trial calls through; 3 successes close it, one failed trial opens it
 * again for another 30 s. While open, calls fail fast with kind `circuit_open`.
 *
 * The breaker itself is the shared one (`@rrnet/resilience`, cockatiel 4); this class
 * only says what a router failure is — transient errors (unreachable, timeout, 5xx); a
 * 400/404 means the router answered, so it counts as a success and is rethrown unchanged —
 * and turns an open circuit into a `RouterOsError` of kind `circuit_open`.
 */
import { CircuitBreaker } from '@rrnet/resilience';
import { RouterOsError, isTransientRouterError } from './errors';
import type { BreakerState } from './types';

export { BREAKER_FAILURE_THRESHOLD, BREAKER_HALF_OPEN_TRIALS, BREAKER_OPEN_MS } from '@rrnet/resilience';

export interface RouterBreakerOptions {
  /** the router key, `${tenantId}:${routerId}`, used in `circuit_open` errors */
  routerKey: string;
  failureThreshold?: number;
  openMs?: number;
  halfOpenTrials?: number;
  /** which errors count as failures; default: transient `RouterOsError`s */
  isFailure?: (error: unknown) => boolean;
  onStateChange?: (state: BreakerState, routerKey: string) => void;
}

export class RouterBreaker {
  readonly routerKey: string;
  readonly openMs: number;
  private readonly breaker: CircuitBreaker;

  constructor(options: RouterBreakerOptions) {
    this.routerKey = options.routerKey;
    this.breaker = new CircuitBreaker({
      key: options.routerKey,
      isFailure: options.isFailure ?? isTransientRouterError,
      openError: (routerKey, openMs) =>
        new RouterOsError({
          kind: 'circuit_open',
          routerKey,
          message: `circuit open after repeated failures: the router is not called again for ${Math.round(openMs / 1000)} s`,
        }),
      failureThreshold: options.failureThreshold,
      openMs: options.openMs,
      halfOpenTrials: options.halfOpenTrials,
      onStateChange: options.onStateChange,
    });
    this.openMs = this.breaker.openMs;
  }

  get state(): BreakerState {
    return this.breaker.state;
  }

  /** Runs one logical call; throws `RouterOsError` kind `circuit_open` without calling `fn` while open. */
  execute<T>(fn: () => Promise<T>): Promise<T> {
    return this.breaker.execute(fn);
  }
}
