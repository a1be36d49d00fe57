/**
 * Spec §2's circuit breaker in front of Redis, whichever way it is reached (RESP in-process,
 * Upstash REST, the bridge over mTLS): 5 consecutive commands that timed out open it for
 * 30 s; then 3 trial commands go through, and it closes when they answer.
 *
 * Only timeouts count. A Redis that is down refuses at once (no offline queue, a refused
 * connection), so every caller's fallback — rate limits fail open, caches read Postgres —
 * starts without waiting, and once Redis is back the next command finds it. A hung Redis
 * (connected, answering nothing: a stopped process, a partition that drops packets) costs
 * each command REDIS_COMMAND_TIMEOUT_MS instead — an API request waits once per Redis step
 * (session, tenant, limits: ~3 s) — and that is what the breaker saves: while it is open a
 * command fails at once with `RedisCircuitOpen`, which the callers treat as any Redis error.
 *
 * It wraps the client's requests (@upstash/redis `use`), so a pipeline of auto-pipelined
 * commands is one call for the breaker, as it is one request to Redis.
 */
import type { Redis } from '@upstash/redis';
import { CircuitBreaker } from '@rrnet/resilience';
import type { BreakerState } from '@rrnet/resilience';

/** A command refused without calling Redis: the breaker is open. */
export class RedisCircuitOpen extends Error {
  constructor(openMs: number) {
    super(`Redis circuit open after repeated timeouts: not called for ${Math.round(openMs / 1000)} s`);
    this.name = 'RedisCircuitOpen';
  }
}

/** A REST request to Upstash or the bridge that got no answer in time (the mTLS requester's). */
export class RedisRequestTimeout extends Error {
  constructor(timeoutMs: number) {
    super(`Redis request timed out after ${timeoutMs} ms`);
    this.name = 'TimeoutError';
  }
}

/**
 * Whether a Redis call failed because Redis did not answer in time: ioredis' command
 * timeout (RESP, "Command timed out"), the REST requests' `AbortSignal.timeout` and the mTLS
 * requester's timeout (both named TimeoutError).
 */
export function isRedisTimeout(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  return error.name === 'TimeoutError' || error.message.startsWith('Command timed out');
}

export interface RedisBreakerOptions {
  /** how long it stays open (spec: 30 s); tests shorten it */
  openMs?: number;
  onStateChange?: (state: BreakerState) => void;
}

/** Puts the breaker in front of every request `redis` makes. */
export function guardRedis(redis: Redis, options: RedisBreakerOptions = {}): void {
  const onStateChange = options.onStateChange;
  const breaker = new CircuitBreaker({
    key: 'redis',
    isFailure: isRedisTimeout,
    openError: (_key, openMs) => new RedisCircuitOpen(openMs),
    openMs: options.openMs,
    ...(onStateChange ? { onStateChange: (state: BreakerState) => onStateChange(state) } : {}),
  });
  redis.use((req, next) => breaker.execute(() => next(req)));
}
