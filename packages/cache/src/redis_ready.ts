/**
 * The wait both ways to a real Redis (the in-process RESP requester and the REST bridge)
 * give a command while ioredis (re)connects: a moment for the connect (250 ms), then the
 * command fails fast (no offline queue). Commands that arrive meanwhile share one wait and
 * one 'ready' listener, removed when the wait ends either way — one per command, left
 * behind when the moment passed, piled up for as long as Redis stayed down (Node's
 * MaxListenersExceededWarning).
 */
import { Redis as IORedis } from 'ioredis';

export const CONNECT_WAIT_MS = 250;

/** `ready()` for `redis`: resolved at once when connected, else when it connects or the moment passes. */
export function readiness(redis: IORedis): () => Promise<void> {
  let connecting: Promise<void> | null = null;
  return () => {
    if (redis.status === 'ready') return Promise.resolve();
    connecting ??= new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        redis.off('ready', done);
        connecting = null;
        resolve();
      };
      const timer = setTimeout(done, CONNECT_WAIT_MS);
      redis.once('ready', done);
    });
    return connecting;
  };
}

/**
 * A connection to a real Redis for both ways (RESP requester, REST bridge) that fails fast
 * while Redis is down: no offline queue (callers get an error at once and apply their own
 * fallback instead of waiting on a queue), one retry, a command failing after
 * `commandTimeoutMs`, reconnects on its own; with its `ready()` wait.
 */
export function failFastRedis(url: string, options: { commandTimeoutMs: number; autoPipelining?: boolean }): { redis: IORedis; ready: () => Promise<void> } {
  const redis = new IORedis(url, {
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    enableAutoPipelining: options.autoPipelining ?? false,
    commandTimeout: options.commandTimeoutMs,
    retryStrategy: (times) => Math.min(times * 200, 2000),
  });
  redis.on('error', () => {
    // connection errors surface per command as {error}; reconnects are automatic
  });
  return { redis, ready: readiness(redis) };
}
