/**
 * A gateway behind the spec's protections (§2): a circuit breaker (5 consecutive
 * failures → open 30 s → 3 half-open trials; `@rrnet/resilience`) and linear retry of
 * what surely never reached the gateway (connection refused: 2 attempts, 500 ms apart).
 * A send that may have reached it (timeout, dropped answer) or a 5xx is not retried
 * here: the sender decides, knowing whether the gateway can be asked later.
 * One breaker per (tenant, gateway kind), kept by `GatewayBreakers` for the process.
 */
import { CircuitBreaker, createLinearRetryPolicy } from '@rrnet/resilience';
import type { BreakerState } from '@rrnet/resilience';
import { WhatsAppError, isBreakerFailure, isSafeToRetry } from './errors';
import type { GatewayKind, OutboundMessage, SendResult, WhatsAppGateway } from './types';

export const SEND_RETRY_ATTEMPTS = 2;
export const SEND_RETRY_BASE_MS = 500;

export interface GatewayBreakerOptions {
  failureThreshold?: number;
  openMs?: number;
  halfOpenTrials?: number;
  retryBaseMs?: number;
  onStateChange?: (state: BreakerState, key: string) => void;
}

export class GatewayBreakers {
  private readonly breakers = new Map<string, CircuitBreaker>();
  constructor(private readonly options: GatewayBreakerOptions = {}) {}

  get(tenantId: string, kind: GatewayKind): CircuitBreaker {
    const key = `${tenantId}:${kind}`;
    let breaker = this.breakers.get(key);
    if (!breaker) {
      breaker = new CircuitBreaker({
        key,
        isFailure: isBreakerFailure,
        openError: (k, openMs) => new WhatsAppError('circuit_open', `WhatsApp gateway ${k}: circuit open after repeated failures, retry after ${Math.round(openMs / 1000)} s`),
        failureThreshold: this.options.failureThreshold,
        openMs: this.options.openMs,
        halfOpenTrials: this.options.halfOpenTrials,
        onStateChange: this.options.onStateChange,
      });
      this.breakers.set(key, breaker);
    }
    return breaker;
  }

  state(tenantId: string, kind: GatewayKind): BreakerState {
    return this.breakers.get(`${tenantId}:${kind}`)?.state ?? 'closed';
  }

  get openMs(): number {
    return this.options.openMs ?? 30_000;
  }

  /** The gateway wrapped in its breaker and the safe retry. */
  protect(tenantId: string, gateway: WhatsAppGateway): WhatsAppGateway {
    const breaker = this.get(tenantId, gateway.kind);
    const retry = createLinearRetryPolicy({ isRetryable: isSafeToRetry, attempts: SEND_RETRY_ATTEMPTS, baseDelayMs: this.options.retryBaseMs ?? SEND_RETRY_BASE_MS });
    return {
      kind: gateway.kind,
      send: (message: OutboundMessage): Promise<SendResult> => breaker.execute(() => retry.execute(() => gateway.send(message))),
    };
  }
}
