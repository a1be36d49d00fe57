/**
 * One circuit breaker per router (spec): 5 consecutive failures open it for 30 s, then
 * half-open lets 3 trial calls through; 3 successes close it, one failed trial opens it
 * again for another 30 s. While open, calls fail fast with kind `circuit_open`.
 *
 * Built on cockatiel 4's `circuitBreaker`: `ConsecutiveBreaker(5)` plus
 * `halfOpenSampling: { calls: 3, threshold: 0 }` expresses the spec exactly (cockatiel
 * ≤ 3 allowed a single half-open call; 4 added sampling). This class only adapts it:
 *  - what counts as a failure: transient errors (unreachable, timeout, 5xx). A 400/404
 *    means the router answered, so it counts as a success (also in half-open), and the
 *    original error is rethrown unchanged;
 *  - cockatiel's `BrokenCircuitError` becomes a `RouterOsError` of kind `circuit_open`;
 *  - states are reported as `BreakerState` strings.
 * Behaviour to know: cockatiel moves open → half_open lazily, on the first call after
 * the 30 s; calls beyond the 3 in-flight trials wait for the trials' verdict instead of
 * failing fast. Time comes from `Date.now()` (cockatiel has no clock option), so tests
 * move time with vitest's fake `Date`.
 */
import {
  CircuitState,
  ConsecutiveBreaker,
  circuitBreaker,
  handleWhen,
  isBrokenCircuitError,
  isIsolatedCircuitError,
} from 'cockatiel';
import type { CircuitBreakerPolicy } from 'cockatiel';
import { RouterOsError, isTransientRouterError } from './errors';
import type { BreakerState } from './types';

export const BREAKER_FAILURE_THRESHOLD = 5;
export const BREAKER_OPEN_MS = 30_000;
export const BREAKER_HALF_OPEN_TRIALS = 3;

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

type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

const STATE_NAMES: Record<CircuitState, BreakerState> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half_open',
  [CircuitState.Isolated]: 'open',
};

export class RouterBreaker {
  readonly routerKey: string;
  readonly openMs: number;
  private readonly policy: CircuitBreakerPolicy;
  private readonly isFailure: (error: unknown) => boolean;

  constructor(options: RouterBreakerOptions) {
    this.routerKey = options.routerKey;
    this.openMs = options.openMs ?? BREAKER_OPEN_MS;
    this.isFailure = options.isFailure ?? isTransientRouterError;
    this.policy = circuitBreaker(handleWhen(this.isFailure), {
      breaker: new ConsecutiveBreaker(options.failureThreshold ?? BREAKER_FAILURE_THRESHOLD),
      halfOpenAfter: this.openMs,
      halfOpenSampling: { calls: options.halfOpenTrials ?? BREAKER_HALF_OPEN_TRIALS, threshold: 0 },
    });
    const onStateChange = options.onStateChange;
    if (onStateChange) {
      this.policy.onStateChange((state) => onStateChange(STATE_NAMES[state], this.routerKey));
    }
  }

  get state(): BreakerState {
    return STATE_NAMES[this.policy.state];
  }

  /** Runs one logical call; throws `RouterOsError` kind `circuit_open` without calling `fn` while open. */
  async execute<T>(fn: () => Promise<T>): Promise<T> {
    let outcome: Outcome<T>;
    try {
      outcome = await this.policy.execute(async (): Promise<Outcome<T>> => {
        try {
          return { ok: true, value: await fn() };
        } catch (error) {
          if (this.isFailure(error)) throw error;
          return { ok: false, error };
        }
      });
    } catch (error) {
      if (isBrokenCircuitError(error) || isIsolatedCircuitError(error)) {
        throw new RouterOsError({
          kind: 'circuit_open',
          routerKey: this.routerKey,
          message: `router ${this.routerKey}: circuit open after repeated failures, retry after ${Math.round(this.openMs / 1000)} s`,
        });
      }
      throw error;
    }
    if (!outcome.ok) throw outcome.error;
    return outcome.value;
  }
}
