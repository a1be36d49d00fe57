/** Rate limits against the real Redis: spec numbers, refusal shape, recovery, Redis down. */
import { Redis as IORedis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRPCError } from '@trpc/server';
import { LOGIN_LIMITS, LoginGuard } from '@rrnet/auth';
import type { AppError } from '@rrnet/contracts';
import { RATE_LIMIT_STATS } from '../../src/middleware/rate_limit';
import { TEST_REDIS_URL } from '../../../../tests/services';
import { outcome, startHarness } from './api_harness';
import type { Harness } from './api_harness';

const direct = new IORedis(TEST_REDIS_URL);

/**
 * The limiter is a sliding window over epoch-aligned buckets: requests that straddle a
 * bucket boundary are partly weighted out, so a test counting exact remainders starts in
 * a bucket with at least `needMs` left.
 */
async function startOfFreshBucket(windowMs: number, needMs: number): Promise<void> {
  const left = windowMs - (Date.now() % windowMs);
  if (left < needMs) await new Promise((r) => setTimeout(r, left + 20));
}
const harnesses: Harness[] = [];
afterAll(async () => {
  for (const h of harnesses) {
    const keys = await direct.keys(`${h.prefix}*`);
    if (keys.length) await direct.del(...keys);
    await h.close();
  }
  direct.disconnect();
});

describe('spec limits', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    harnesses.push(h);
  });

  it('sign-in: 30 attempts per IP in 15 minutes (×RATE_LIMIT_SCALE), 5 failures per account (never scaled)', async () => {
    for (const scale of [1, 2]) {
      const guard = new LoginGuard(h.services.redis, h.services.logger, `${h.prefix}:guard${scale}`, scale);
      const verdicts = [];
      for (let i = 0; i <= LOGIN_LIMITS.ipAttempts.max * scale; i++) verdicts.push(await guard.beforeAttempt(`p${i}@x.demo`, '10.9.9.9'));
      expect(verdicts.filter((v) => v.allowed)).toHaveLength(LOGIN_LIMITS.ipAttempts.max * scale);
      expect(verdicts.at(-1)).toMatchObject({ allowed: false, scope: 'ip' });
      expect((await guard.beforeAttempt('p0@x.demo', '10.9.9.10')).allowed).toBe(true); // another address
      for (let i = 0; i < LOGIN_LIMITS.accountFailures.max; i++) await guard.recordFailure('victim@x.demo');
      expect(await guard.beforeAttempt('victim@x.demo', '10.9.9.11')).toMatchObject({ allowed: false, scope: 'account' });
    }
  });

  it('the 101st request of a user within a minute is RATE_LIMITED with Retry-After and limit headers', async () => {
    const { access_token } = await h.login('owner@sinarnet.demo');
    const headers = new Headers();
    await startOfFreshBucket(60_000, 15_000);
    for (let i = 0; i < 100; i++) {
      await h.call(access_token, { resHeaders: headers }).admin.roles.list();
    }
    expect(headers.get('X-RateLimit-Limit')).toBe('100');
    expect(headers.get('X-RateLimit-Remaining')).toBe('0');
    let refused: unknown;
    try {
      await h.call(access_token).admin.roles.list();
    } catch (err) {
      refused = err;
    }
    expect(refused).toBeInstanceOf(TRPCError);
    const cause = (refused as TRPCError).cause as AppError;
    expect(cause.code).toBe('RATE_LIMITED');
    expect(cause.details).toMatchObject({ scope: 'user' });
    expect(Number(cause.headers?.['Retry-After'])).toBeGreaterThan(0);
    expect(Number(cause.headers?.['Retry-After'])).toBeLessThanOrEqual(60);
    // another user of the same tenant is unaffected
    const admin = await h.login('admin@sinarnet.demo');
    expect(await outcome(h.call(admin.access_token).admin.roles.list())).toBe('OK');
  });
});

describe('short windows', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      policy: {
        tenant: { limit: 1000, window: '1 h' },
        user: { limit: 3, window: '2 s' },
        ip: { limit: 1000, window: '1 h' },
        wa_messages: { limit: 10, window: '1 s' },
        signup: { limit: 10, window: '1 h' },
      },
    });
    harnesses.push(h);
  });

  it('trip and recover when the window passes', async () => {
    const { access_token } = await h.login('owner@parahyangan.demo');
    const results = [];
    await startOfFreshBucket(2_000, 1_000);
    for (let i = 0; i < 4; i++) results.push(await outcome(h.call(access_token).admin.roles.list()));
    expect(results).toEqual(['OK', 'OK', 'OK', 'RATE_LIMITED']);
    await new Promise((r) => setTimeout(r, 2100));
    expect(await outcome(h.call(access_token).admin.roles.list())).toBe('OK');
  });
});

// both ways to Redis: RESP in-process (REDIS_URL), and Upstash REST to a bridge that is up
// while the Redis behind it is not (nothing listens on port 1)
describe.each(['resp', 'bridge'] as const)('Redis down (%s)', (redis) => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ redisUrl: 'redis://127.0.0.1:1', redis });
    harnesses.push(h);
  });

  it('requests still work: limits fail open (counted, logged), caches fall back to Postgres', async () => {
    const before = RATE_LIMIT_STATS.unavailable;
    const { access_token } = await h.login('owner@sinarnet.demo');
    expect(await outcome(h.call(access_token).admin.users.list())).toBe('OK');
    expect(RATE_LIMIT_STATS.unavailable).toBeGreaterThan(before);
    // revocation still takes effect: the session check reads Postgres
    await h.call(access_token).auth.logout();
    expect(await outcome(h.call(access_token).admin.users.list())).toBe('UNAUTHENTICATED');
  });

  it('sign-in attempts stay limited by the in-process window', async () => {
    const attempt = () => h.call(null, { ip: '10.7.7.7' }).auth.login({ email: 'cs@parahyangan.demo', password: 'salah' });
    const results = [];
    for (let i = 0; i < 6; i++) results.push(await outcome(attempt()));
    expect(results.slice(0, 5)).toEqual(Array(5).fill('UNAUTHENTICATED'));
    expect(results[5]).toBe('RATE_LIMITED');
  });
});
