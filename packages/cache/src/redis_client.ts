/**
 * The application's Redis: always the `@upstash/redis` client. With Upstash (a REST URL
 * and token) it talks HTTP; with a redis:// URL (development, CI, self-hosted Redis) it
 * speaks RESP in-process through `RespRequester` — no bridge between. Retries are short
 * so a Redis outage is noticed quickly.
 */
import { Redis } from '@upstash/redis';
import type { InternalTls } from '@rrnet/config/internal_tls';
import { MtlsRequester } from './mtls_requester';
import { guardRedis } from './redis_breaker';
import type { RedisBreakerOptions } from './redis_breaker';
import { REDIS_COMMAND_TIMEOUT_MS, RespRequester } from './resp_requester';

export interface RestRedisConnection {
  url: string;
  token: string;
  /** client certificate for a bridge that requires mTLS (an https URL); Upstash itself needs none */
  tls?: InternalTls | null;
}

/** A real Redis over RESP, in-process. */
export interface RespRedisConnection {
  redisUrl: string;
}

export type RedisConnection = RestRedisConnection | RespRedisConnection;

export type { Redis };

/**
 * The connection a configuration names: REDIS_URL (RESP) when set, else the Upstash REST
 * endpoint. The config modules refuse a configuration with neither.
 */
export function redisConnectionOf(config: {
  REDIS_URL?: string | undefined;
  UPSTASH_REDIS_REST_URL?: string | undefined;
  UPSTASH_REDIS_REST_TOKEN?: string | undefined;
}, tls?: InternalTls | null): RedisConnection {
  if (config.REDIS_URL) return { redisUrl: config.REDIS_URL };
  if (!config.UPSTASH_REDIS_REST_URL || !config.UPSTASH_REDIS_REST_TOKEN)
    throw new Error('Redis: set REDIS_URL, or UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN');
  return { url: config.UPSTASH_REDIS_REST_URL, token: config.UPSTASH_REDIS_REST_TOKEN, tls };
}

/**
 * Every way bounds each request to Redis by REDIS_COMMAND_TIMEOUT_MS (RESP: ioredis' command
 * timeout; REST: an AbortSignal.timeout per request, which the library does not retry; the
 * mTLS requester: its socket timeout), so no caller needs a timer of its own, and a hung
 * Redis or Upstash never holds a request longer; and every client has the breaker in front
 * (redis_breaker.ts): after 5 timeouts in a row its commands fail at once for 30 s.
 */
export function createRedis(connection: RedisConnection, options: { breaker?: RedisBreakerOptions } = {}): Redis {
  const redis = clientFor(connection);
  guardRedis(redis, options.breaker);
  return redis;
}

function clientFor(connection: RedisConnection): Redis {
  if ('redisUrl' in connection) {
    // a custom requester: results are deserialized as below, no telemetry; the library does
    // not auto-pipeline behind one, ioredis does (commands of the same tick, one write)
    return new Redis(new RespRequester(connection.redisUrl));
  }
  if (connection.tls && connection.url.startsWith('https:')) {
    // a custom requester: results are deserialized as below; the library does not
    // auto-pipeline behind one (each command is its own request over a kept-alive connection)
    return new Redis(new MtlsRequester({ url: connection.url, token: connection.token, tls: connection.tls, retries: 1, backoff: () => 50, timeoutMs: REDIS_COMMAND_TIMEOUT_MS }));
  }
  return new Redis({
    url: connection.url,
    token: connection.token,
    retry: { retries: 1, backoff: () => 50 },
    // a new signal per request (a function): the library then throws the timeout, no retry
    signal: () => AbortSignal.timeout(REDIS_COMMAND_TIMEOUT_MS),
    // commands issued in the same tick (e.g. the three rate-limit windows) share one
    // HTTP request to Upstash / the bridge
    enableAutoPipelining: true,
    enableTelemetry: false,
    automaticDeserialization: true,
  });
}
