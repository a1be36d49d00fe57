import { randomUUID } from 'node:crypto';
import { Ratelimit } from '@upstash/ratelimit';
import { Redis as IORedis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedis } from '../../src/redis_client';
import { createUpstashBridge } from '../../src/upstash_bridge';
import type { UpstashBridge } from '../../src/upstash_bridge';
import { TEST_REDIS_URL } from '../../../../tests/services';

const TOKEN = 'test-token-0123456789';
const prefix = `test:${randomUUID()}`;
let bridge: UpstashBridge;
let direct: IORedis;

beforeAll(async () => {
  bridge = await createUpstashBridge({ redisUrl: TEST_REDIS_URL, token: TOKEN });
  direct = new IORedis(TEST_REDIS_URL);
});
afterAll(async () => {
  const keys = await direct.keys(`${prefix}*`);
  if (keys.length) await direct.del(...keys);
  direct.disconnect();
  await bridge.close();
});

describe('Upstash REST bridge over the real Redis', () => {
  it('runs single commands, pipelines and transactions through @upstash/redis', async () => {
    const redis = createRedis({ url: bridge.url, token: TOKEN });
    expect(await redis.ping()).toBe('PONG');
    await redis.set(`${prefix}:json`, { plan: 'Home 20', price: 200000 }, { ex: 60 });
    expect(await redis.get(`${prefix}:json`)).toEqual({ plan: 'Home 20', price: 200000 });
    expect(await direct.ttl(`${prefix}:json`)).toBeGreaterThan(50);

    const p = redis.pipeline();
    p.incr(`${prefix}:n`);
    p.incr(`${prefix}:n`);
    p.get(`${prefix}:n`);
    expect(await p.exec()).toEqual([1, 2, 2]);

    const tx = redis.multi();
    tx.set(`${prefix}:s`, 'Rp 150.000 ünïcode');
    tx.get(`${prefix}:s`);
    expect(await tx.exec()).toEqual(['OK', 'Rp 150.000 ünïcode']);
  });

  it('refuses a wrong token', async () => {
    const res = await fetch(bridge.url, {
      method: 'POST',
      headers: { authorization: 'Bearer wrong' },
      body: '["PING"]',
    });
    expect(res.status).toBe(401);
  });

  it('answers a Redis error as {error}, not a crash', async () => {
    const res = await fetch(bridge.url, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}` },
      body: '["NOSUCHCOMMAND"]',
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(/unknown command/i);
  });

  it('runs @upstash/ratelimit Lua scripts (shebang rewritten, EVALSHA stays cached)', async () => {
    const redis = createRedis({ url: bridge.url, token: TOKEN });
    const limiter = new Ratelimit({ redis, limiter: Ratelimit.slidingWindow(3, '10 s'), prefix });
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await limiter.limit('user-1'));
    expect(results.map((r) => r.success)).toEqual([true, true, true, false]);
    expect(results[3]?.remaining).toBe(0);
    const fixed = new Ratelimit({ redis, limiter: Ratelimit.fixedWindow(2, '10 s'), prefix: `${prefix}:f` });
    expect((await fixed.limit('ip')).success).toBe(true);
  });
});
