/**
 * Redis goes away under load and comes back (spec §2 recovery): a redis-server of this
 * test's own is stopped and started while callers keep reading. Rate limits fail open by
 * design (counted in RATE_LIMIT_STATS), so every answer stays a success — never a 500 —
 * and once Redis is back the limiter counts again by itself.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { privateRedis } from '../../../../tests/redis_server';
import type { PrivateRedis } from '../../../../tests/redis_server';
import { REDIS_COMMAND_TIMEOUT_MS } from '@rrnet/cache';
import { RATE_LIMIT_STATS } from '../../src/middleware/rate_limit';
import { outcome, startHarness } from './api_harness';
import type { Harness } from './api_harness';

/** the Redis breaker's open period here (spec: 30 s) */
const BREAKER_OPEN_MS = 2000;
let redis: PrivateRedis;
let h: Harness;
let token: string;

beforeAll(async () => {
  redis = await privateRedis();
  // limits wide enough for this load: the test is about Redis going away, not about limits
  const wide = { limit: 100_000, window: '1 m' as const };
  h = await startHarness({ redisUrl: redis.url, redisBreakerOpenMs: BREAKER_OPEN_MS, policy: { tenant: wide, user: wide, ip: wide, wa_messages: wide, signup: wide } });
  token = (await h.login('cs@sinarnet.demo')).access_token;
});
afterAll(async () => {
  await h?.close();
  await redis?.kill();
});

describe('Redis killed and restarted under load', () => {
  it('keeps answering (limits fail open, never a 500) and counts again once Redis is back', async () => {
    const outcomes: string[] = [];
    const answeredAt: number[] = [];
    let running = true;
    const reader = async () => {
      while (running) {
        outcomes.push(await outcome(h.call(token).customers.customers.list({ limit: 10 })));
        answeredAt.push(performance.now());
        await new Promise((r) => setTimeout(r, 30));
      }
    };
    const readers = Array.from({ length: 4 }, reader);
    await new Promise((r) => setTimeout(r, 500));
    const failOpenBefore = RATE_LIMIT_STATS.unavailable;
    await redis.kill();
    const downAt = performance.now();
    await new Promise((r) => setTimeout(r, 2000));
    const upAt = performance.now();
    const failOpenWhileDown = RATE_LIMIT_STATS.unavailable - failOpenBefore;
    await redis.start();
    await new Promise((r) => setTimeout(r, 4000)); // the bridge reconnects by itself (ioredis retries at most every 2 s)
    const failOpenSettled = RATE_LIMIT_STATS.unavailable;
    await new Promise((r) => setTimeout(r, 1000));
    running = false;
    await Promise.all(readers);

    expect(new Set(outcomes)).toEqual(new Set(['OK']));
    // answers kept coming while Redis was down and after it came back (counted by moment,
    // not by number: on a busy machine each answer takes longer)
    expect(answeredAt.some((t) => t > downAt && t < upAt + 2000)).toBe(true);
    expect(answeredAt.some((t) => t > upAt + 4000)).toBe(true);
    expect(failOpenWhileDown).toBeGreaterThan(0); // the outage was seen, and failed open
    expect(RATE_LIMIT_STATS.unavailable).toBe(failOpenSettled); // and the limiter is back
  });
});

describe('Redis hung (connected, answering nothing)', () => {
  it('answers through the chain after the Redis commands time out (limits fail open); with the breaker open the next requests wait for no Redis; limits count again once it closes', async () => {
    expect(await outcome(h.call(token).customers.customers.list({ limit: 10 }))).toBe('OK');
    const before = RATE_LIMIT_STATS.unavailable;
    redis.freeze();
    const waits: number[] = [];
    const answers: string[] = [];
    try {
      // until a request finds the breaker open (5 Redis commands timed out): at most a few
      while (waits.length < 4 && !(waits.length > 0 && waits.at(-1)! < REDIS_COMMAND_TIMEOUT_MS / 2)) {
        const started = performance.now();
        answers.push(await outcome(h.call(token).customers.customers.list({ limit: 10 })));
        waits.push(performance.now() - started);
      }
      // and a few more while Redis is still frozen: none waits
      for (let i = 0; i < 3; i++) {
        const started = performance.now();
        answers.push(await outcome(h.call(token).customers.customers.list({ limit: 10 })));
        waits.push(performance.now() - started);
      }
    } finally {
      redis.thaw();
    }
    expect(new Set(answers)).toEqual(new Set(['OK']));
    // the first request waits for each Redis step (session, tenant, limits: ~3 s here), each
    // at most REDIS_COMMAND_TIMEOUT_MS, never a hang
    expect(waits[0]).toBeGreaterThanOrEqual(REDIS_COMMAND_TIMEOUT_MS - 50);
    expect(waits[0]).toBeLessThan(REDIS_COMMAND_TIMEOUT_MS * 5);
    // the breaker opened within two requests; from then on no request waited for Redis
    const firstFast = waits.findIndex((w) => w < REDIS_COMMAND_TIMEOUT_MS / 2);
    expect(firstFast).toBeGreaterThan(0);
    expect(firstFast).toBeLessThanOrEqual(2);
    for (const w of waits.slice(firstFast)) expect(w).toBeLessThan(REDIS_COMMAND_TIMEOUT_MS / 2);
    // every request failed open (counted once each)
    expect(RATE_LIMIT_STATS.unavailable).toBe(before + answers.length);

    // Redis answers again; after the breaker's open period the trials close it, and the limits count
    await new Promise((r) => setTimeout(r, BREAKER_OPEN_MS + 200));
    const settled = RATE_LIMIT_STATS.unavailable;
    for (let i = 0; i < 3; i++) expect(await outcome(h.call(token).customers.customers.list({ limit: 10 }))).toBe('OK');
    expect(RATE_LIMIT_STATS.unavailable).toBe(settled);
  });
});
