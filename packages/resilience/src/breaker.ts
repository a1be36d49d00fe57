/**
 * A circuit breaker for calls to an external system (spec §2): 5 consecutive failures
 * open it for 30 s, then half-open lets 3 trial calls through; 3 successes close it, one
 * failed trial opens it again. While open, calls fail fast with the error `openError`
 * makes (each adapter names its own: a RouterOS `circuit_open`, a WhatsApp gateway's).
 *
 * Built on cockatiel 4's `circuitBreaker`: `ConsecutiveBreaker(5)` plus
 * `halfOpenSampling: { calls: 3, threshold: 0 }`. What counts as a failure is the
 * caller's `isFailure`; any other error means the remote answered (a 400 is a success
 * for the breaker, also in half-open) and is rethrown unchanged. cockatiel moves
 * open → half_open lazily, on the first call after the open period, and takes time from
 * `Date.now()`, so tests move time with vitest's fake `Date`.
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

export const BREAKER_FAILURE_THRESHOLD = 5;
export const BREAKER_OPEN_MS = 30_000;
export const BREAKER_HALF_OPEN_TRIALS = 3;

export type BreakerState = 'closed' | 'open' | 'half_open';

export interface CircuitBreakerOptions {
  /** what the breaker guards, e.g. `${tenantId}:${routerId}`; passed to openError and onStateChange */
  key: string;
  /** which errors count as failures */
  isFailure: (error: unknown) => boolean;
  /** the error thrown, without calling, while open */
  openError: (key: string, openMs: number) => Error;
  failureThreshold?: number;
  openMs?: number;
  halfOpenTrials?: number;
  onStateChange?: (state: BreakerState, key: string) => void;
}

type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

const STATE_NAMES: Record<CircuitState, BreakerState> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half_open',
  [CircuitState.Isolated]: 'open',
};

export class CircuitBreaker {
  readonly key: string;
  readonly openMs: number;
  private readonly policy: CircuitBreakerPolicy;
  private readonly isFailure: (error: unknown) => boolean;
  private readonly openError: (key: string, openMs: number) => Error;

  constructor(options: CircuitBreakerOptions) {
    this.key = options.key;
    this.openMs = options.openMs ?? BREAKER_OPEN_MS;
    this.isFailure = options.isFailure;
    this.openError = options.openError;
    this.policy = circuitBreaker(handleWhen(this.isFailure), {
      breaker: new ConsecutiveBreaker(options.failureThreshold ?? BREAKER_FAILURE_THRESHOLD),
      halfOpenAfter: this.openMs,
      halfOpenSampling: { calls: options.halfOpenTrials ?? BREAKER_HALF_OPEN_TRIALS, threshold: 0 },
    });
    const onStateChange = options.onStateChange;
    if (onStateChange) this.policy.onStateChange((state) => onStateChange(STATE_NAMES[state], this.key));
  }

  get state(): BreakerState {
    return STATE_NAMES[this.policy.state];
  }

  /** Runs one logical call; throws `openError` without calling `fn` while open. */
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
      if (isBrokenCircuitError(error) || isIsolatedCircuitError(error)) throw this.openError(this.key, this.openMs);
      throw error;
    }
    if (!outcome.ok) throw outcome.error;
    return outcome.value;
  }
}
