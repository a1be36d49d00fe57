/**
 * tenantCache against the real Redis: a read that began before an invalidation does not
 * bring the old answer back — neither in this process nor for another instance reading
 * Redis — and an answer nobody invalidated is served from the cache.
 */
import { randomUUID } from 'node:crypto';
import { Redis as IORedis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createRedis } from '../../src/redis_client';
import { tenantCache } from '../../src/tenant_cache';
import { TEST_REDIS_URL } from '../../../../tests/services';

const prefix = `test:${randomUUID()}`;
const redis = createRedis({ redisUrl: TEST_REDIS_URL });
const logger = { warn: () => undefined };
const options = { redisKey: (tenantId: string) => `${prefix}:${tenantId}`, ttlSeconds: 60, localMs: 60_000 };

afterAll(async () => {
  const direct = new IORedis(TEST_REDIS_URL);
  const keys = await direct.keys(`${prefix}*`);
  if (keys.length) await direct.del(...keys);
  direct.disconnect();
});

describe('tenantCache', () => {
  it('serves a cached answer until it is invalidated', async () => {
    const cache = tenantCache<{ v: number }>({ name: `${prefix}.a`, ...options });
    let reads = 0;
    const load = async () => ({ v: ++reads });
    expect(await cache.get({ redis, logger }, 't1', load)).toEqual({ v: 1 });
    expect(await cache.get({ redis, logger }, 't1', load)).toEqual({ v: 1 });
    // another instance (its own local copy) finds it in Redis
    const other = tenantCache<{ v: number }>({ name: `${prefix}.a-other`, ...options });
    expect(await other.get({ redis, logger }, 't1', load)).toEqual({ v: 1 });
    await cache.invalidate(redis, 't1');
    expect(await cache.get({ redis, logger }, 't1', load)).toEqual({ v: 2 });
    expect(reads).toBe(2);
  });

  it('does not keep a read that an invalidation overtook, here or in Redis', async () => {
    const cache = tenantCache<{ v: string }>({ name: `${prefix}.b`, ...options });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let started!: () => void;
    const reading = new Promise<void>((resolve) => (started = resolve));
    const early = cache.get({ redis, logger }, 't2', async () => {
      started();
      await gate; // the database read of the old state, still under way
      return { v: 'old' };
    });
    await reading;
    await cache.invalidate(redis, 't2'); // the change commits and clears the cache
    release();
    expect(await early).toEqual({ v: 'old' }); // what the request that asked read
    // another instance reading Redis: the late write carries the generation before the change
    const other = tenantCache<{ v: string }>({ name: `${prefix}.b-other`, ...options });
    expect(await other.get({ redis, logger }, 't2', async () => ({ v: 'new' }))).toEqual({ v: 'new' });
    // this process did not keep it either
    expect(await cache.get({ redis, logger }, 't2', async () => ({ v: 'newer' }))).toEqual({ v: 'new' });
  });
});
