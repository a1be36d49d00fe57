/**
 * The `wa_messages` limiter (spec §3: 10 messages/second per ISP) against the real Redis:
 * at most 10 in each second of the clock, what is left read before a take, and — what the
 * token bucket it replaces did not do — a drain that comes back late still finds the next
 * second's 10 at that second's start, so lateness does not push every later batch back.
 */
import { randomUUID } from 'node:crypto';
import { Redis as IORedis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RATE_LIMIT_POLICY, createRateLimiters } from '../../src/rate_limits';
import type { RateLimiters } from '../../src/rate_limits';
import { createRedis } from '../../src/redis_client';
import { TEST_REDIS_URL } from '../../../../tests/services';

const prefix = `test:${randomUUID().slice(0, 8)}:rl`;
let direct: IORedis;
let limiters: RateLimiters;

beforeAll(() => {
  direct = new IORedis(TEST_REDIS_URL);
  limiters = createRateLimiters(createRedis({ redisUrl: TEST_REDIS_URL }), prefix);
});
afterAll(async () => {
  const keys = await direct.keys(`${prefix}*`);
  if (keys.length) await direct.del(...keys);
  direct.disconnect();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** waits until the clock is at least `ms` into a second and at least 60 ms before its end, whatever the second */
async function atMillisecond(ms: number) {
  for (;;) {
    const into = Date.now() % 1000;
    if (into >= ms && into < 940) return;
    await sleep(into < ms ? ms - into : 1000 - into + ms);
  }
}

describe('the WhatsApp pacing limiter (wa_messages)', () => {
  it('is the spec’s 10 per second, in windows of the clock', () => {
    expect(RATE_LIMIT_POLICY.wa_messages).toEqual({ limit: 10, window: '1 s', algorithm: 'fixed_window' });
  });

  it('gives 10 in a second and no more; what is left and when more comes are read before a take', async () => {
    const wa = limiters.wa_messages;
    // the four calls in one second of the clock (a loaded machine may push them over its end: then again, with a fresh ISP)
    let seen: { before: number; first: Awaited<ReturnType<typeof wa.limit>>; left: Awaited<ReturnType<typeof wa.getRemaining>>; refused: Awaited<ReturnType<typeof wa.limit>> } | null = null;
    for (let attempt = 0; attempt < 5 && !seen; attempt++) {
      const isp = randomUUID();
      await atMillisecond(0);
      const before = (await wa.getRemaining(isp)).remaining;
      const first = await wa.limit(isp, { rate: 7 });
      const left = await wa.getRemaining(isp);
      const refused = await wa.limit(isp, { rate: 4 });
      if (left.reset === first.reset && refused.reset === first.reset) seen = { before, first, left, refused };
    }
    expect(seen).not.toBeNull();
    const { before, first, left, refused } = seen!;
    expect(before).toBe(10);
    expect(first).toMatchObject({ success: true, remaining: 3 });
    expect(left.remaining).toBe(3);
    // more comes when the next second of the clock starts
    expect(left.reset % 1000).toBe(0);
    expect(refused.success).toBe(false);
  });

  it('a drain that comes back late still gets the next second’s 10 at its start (no drift)', async () => {
    const isp = randomUUID();
    const wa = limiters.wa_messages;
    // a batch taken late in its second, as a drain that started 850 ms after its run_at would
    await atMillisecond(850);
    const late = await wa.limit(isp, { rate: 10 });
    expect(late.success).toBe(true);
    expect(late.remaining).toBe(0);
    // its next batch is due when the next second starts — ~100 ms away, not a whole second after the take
    expect(late.reset % 1000).toBe(0);
    const waitMs = late.reset - Date.now();
    expect(waitMs).toBeLessThanOrEqual(150);
    await sleep(Math.max(0, waitMs) + 5);
    const next = await wa.getRemaining(isp);
    expect(next.remaining).toBe(10);
    const taken = await wa.limit(isp, { rate: 10 });
    expect(taken).toMatchObject({ success: true, remaining: 0 });
    expect(taken.reset - late.reset).toBe(1000);
  });

  it('over many seconds: never more than 10 in one second of the clock, 10 in each second asked', async () => {
    const isp = randomUUID();
    const wa = limiters.wa_messages;
    const granted = new Map<number, number>();
    const end = Date.now() + 2_500;
    while (Date.now() < end) {
      const r = await wa.limit(isp, { rate: 3 });
      if (r.success) {
        const second = r.reset / 1000 - 1;
        granted.set(second, (granted.get(second) ?? 0) + 3);
      }
      await sleep(20);
    }
    expect(Math.max(...granted.values())).toBeLessThanOrEqual(10);
    // every whole second between the first and the last gave out its 9 (3 × 3; a 4th take of 3 would exceed 10)
    const seconds = [...granted.keys()].sort((a, b) => a - b);
    for (const s of seconds.slice(1, -1)) expect(granted.get(s)).toBe(9);
  });
});
