/**
 * A hung Redis (connected, answering nothing: SIGSTOP) holds a rate-limit check for about
 * REDIS_COMMAND_TIMEOUT_MS, whichever way the app reaches Redis: the request to Redis
 * itself fails after that long (over RESP ioredis' command timeout, over Upstash REST the
 * request's own AbortSignal), so the limiter sets no timer of its own per call, and the
 * call throws — what the request chain fails open on. Once Redis answers again, the
 * limits count.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRateLimiters } from '../../src/rate_limits';
import { isRedisTimeout } from '../../src/redis_breaker';
import { createRedis } from '../../src/redis_client';
import { REDIS_COMMAND_TIMEOUT_MS } from '../../src/resp_requester';
import { createUpstashBridge } from '../../src/upstash_bridge';
import type { UpstashBridge } from '../../src/upstash_bridge';
import { privateRedis } from '../../../../tests/redis_server';
import type { PrivateRedis } from '../../../../tests/redis_server';

const TOKEN = 'test-token-0123456789';
let redis: PrivateRedis;
let bridge: UpstashBridge;

beforeAll(async () => {
  redis = await privateRedis();
  bridge = await createUpstashBridge({ redisUrl: redis.url, token: TOKEN });
});
afterAll(async () => {
  await bridge?.close();
  await redis?.kill();
});

describe('a hung Redis holds a rate-limit check for about REDIS_COMMAND_TIMEOUT_MS', () => {
  it.each(['resp', 'rest'] as const)('%s', async (way) => {
    const client = way === 'resp' ? createRedis({ redisUrl: redis.url }) : createRedis({ url: bridge.url, token: TOKEN });
    const limiters = createRateLimiters(client, `test:${randomUUID().slice(0, 8)}:rl`);
    const id = 'user-1';
    expect(await limiters.user.limit(id)).toMatchObject({ success: true, remaining: 99 });

    redis.freeze();
    let outcome: string;
    const started = performance.now();
    try {
      const answer = await limiters.user.limit(id);
      outcome = answer.reason ?? 'answered';
    } catch (err) {
      outcome = isRedisTimeout(err) ? 'command timed out' : `threw: ${String(err)}`;
    } finally {
      redis.thaw();
    }
    const waited = performance.now() - started;
    expect(outcome).toBe('command timed out');
    expect(waited).toBeGreaterThanOrEqual(REDIS_COMMAND_TIMEOUT_MS - 50);
    expect(waited).toBeLessThan(REDIS_COMMAND_TIMEOUT_MS * 3);

    // answering again: the window counts on (the take that timed out may or may not have landed)
    const after = await limiters.user.limit(id);
    expect(after.success).toBe(true);
    expect([97, 98]).toContain(after.remaining);
  });
});
