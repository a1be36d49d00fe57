/**
 * readiness (src/redis_ready.ts): the wait the RESP requester and the REST bridge give a
 * command while ioredis connects — shared, bounded, and leaving no listener behind.
 */
import { createServer } from 'node:net';
import { Redis as IORedis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { CONNECT_WAIT_MS, readiness } from '../../src/redis_ready';
import { TEST_REDIS_URL } from '../../../../tests/services';

const clients: IORedis[] = [];
afterAll(() => {
  for (const c of clients) c.disconnect();
});

function client(url: string): IORedis {
  const redis = new IORedis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false, retryStrategy: (times) => Math.min(times * 200, 2000) });
  redis.on('error', () => {});
  clients.push(redis);
  return redis;
}

async function deadPort(): Promise<number> {
  return new Promise<number>((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

describe('readiness', () => {
  it('while Redis is down: the commands of a moment share one wait and one listener, gone when it ends', async () => {
    const redis = client(`redis://127.0.0.1:${await deadPort()}`);
    const ready = readiness(redis);
    for (let round = 0; round < 3; round++) {
      const started = performance.now();
      const waits = Array.from({ length: 30 }, () => ready());
      expect(redis.listenerCount('ready')).toBe(1);
      await Promise.all(waits);
      const waited = performance.now() - started;
      expect(waited).toBeGreaterThanOrEqual(CONNECT_WAIT_MS - 20);
      expect(waited).toBeLessThan(CONNECT_WAIT_MS + 2000);
      expect(redis.listenerCount('ready')).toBe(0);
    }
  });

  it('with Redis up: resolves once it is connected, and at once afterwards', async () => {
    const redis = client(TEST_REDIS_URL);
    const ready = readiness(redis);
    await Promise.all(Array.from({ length: 10 }, () => ready()));
    expect(redis.status).toBe('ready');
    expect(redis.listenerCount('ready')).toBe(0);
    await ready();
    expect(redis.listenerCount('ready')).toBe(0);
  });
});
