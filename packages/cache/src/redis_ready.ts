/**
 * The wait both ways to a real Redis (the in-process RESP requester and the REST bridge)
 * give a command while ioredis (re)connects: a moment for the connect (250 ms), then the
 * command fails fast (no offline queue). Commands that arrive meanwhile share one wait and
 * one 'ready' listener, removed when the wait ends either way — one per command, left
 * behind when the moment passed, piled up for as long as Redis stayed down (Node's
 * MaxListenersExceededWarning).
 */
import type { Redis as IORedis } from 'ioredis';

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
