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
    const wa = limiters.wa_messages;
    // a batch taken late in its second, as a drain that started 850 ms after its run_at would,
    // then the next batch when the next second starts; again with a fresh ISP if a loaded
    // machine pushed a call past the second it was meant for
    const once = async () => {
      const isp = randomUUID();
      await atMillisecond(850);
      const second = Math.floor(Date.now() / 1000);
      const late = await wa.limit(isp, { rate: 10 });
      if (Math.floor(Date.now() / 1000) !== second) return null;
      await sleep(late.reset - Date.now() + 5);
      const next = await wa.getRemaining(isp);
      const taken = await wa.limit(isp, { rate: 10 });
      if (Math.floor(Date.now() / 1000) !== second + 1) return null;
      return { second, late, next, taken };
    };
    let seen: Awaited<ReturnType<typeof once>> = null;
    for (let attempt = 0; attempt < 5 && !seen; attempt++) seen = await once();
    expect(seen).not.toBeNull();
    const { second, late, next, taken } = seen!;
    expect(late).toMatchObject({ success: true, remaining: 0 });
    // its next batch is due when the next second starts — ≤ 150 ms after the take, not a whole second
    expect(late.reset).toBe((second + 1) * 1000);
    expect(next.remaining).toBe(10);
    expect(taken).toMatchObject({ success: true, remaining: 0 });
    expect(taken.reset - late.reset).toBe(1000);
  });

  it('over many seconds: never more than 10 in one second of the clock, and each second gives its whole 10', async () => {
    const isp = randomUUID();
    const wa = limiters.wa_messages;
    const granted = new Map<number, number>();
    /** per second: takes asked wholly within it (a call that crossed into the next second counts for neither) */
    const asked = new Map<number, number>();
    const end = Date.now() + 3_000;
    while (Date.now() < end) {
      const before = Math.floor(Date.now() / 1000);
      const r = await wa.limit(isp, { rate: 3 });
      if (Math.floor(Date.now() / 1000) === before) asked.set(before, (asked.get(before) ?? 0) + 1);
      if (r.success) {
        const second = r.reset / 1000 - 1;
        granted.set(second, (granted.get(second) ?? 0) + 3);
      }
      await sleep(20);
    }
    expect(Math.max(...granted.values())).toBeLessThanOrEqual(10);
    // a second in which the sender asked at least 4 times gave 9 (three takes of 3; a fourth would exceed 10)
    const busy = [...asked].filter(([, n]) => n >= 4).map(([sec]) => sec);
    expect(busy.length).toBeGreaterThan(0);
    for (const sec of busy) expect(granted.get(sec)).toBe(9);
  });
});
