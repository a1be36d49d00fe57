import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { Ratelimit } from '@upstash/ratelimit';
import { Redis as IORedis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedis } from '../../src/redis_client';
import type { Redis } from '../../src/redis_client';
import { createUpstashBridge } from '../../src/upstash_bridge';
import type { UpstashBridge } from '../../src/upstash_bridge';
import { TEST_REDIS_URL } from '../../../../tests/services';

const TOKEN = 'test-token-0123456789';
const prefix = `test:${randomUUID()}`;
let bridge: UpstashBridge;
let direct: IORedis;
let resp: Redis;
let rest: Redis;

beforeAll(async () => {
  bridge = await createUpstashBridge({ redisUrl: TEST_REDIS_URL, token: TOKEN });
  direct = new IORedis(TEST_REDIS_URL);
  resp = createRedis({ redisUrl: TEST_REDIS_URL });
  rest = createRedis({ url: bridge.url, token: TOKEN });
});
afterAll(async () => {
  const keys = await direct.keys(`${prefix}*`);
  if (keys.length) await direct.del(...keys);
  direct.disconnect();
  await bridge.close();
});

/** the same calls through a client; answers compared between RESP and the REST bridge */
async function session(redis: Redis, key: string) {
  const answers: unknown[] = [];
  answers.push(await redis.ping());
  answers.push(await redis.set(`${key}:json`, { plan: 'Home 20', price: 200000, name: 'Büdi 🚀' }, { ex: 60 }));
  answers.push(await redis.get(`${key}:json`));
  answers.push(await redis.get(`${key}:missing`));
  answers.push(await redis.hset(`${key}:h`, { a: 1, b: 'x' }));
  answers.push(await redis.hgetall(`${key}:h`));
  answers.push(await redis.zadd(`${key}:z`, { score: 1, member: 'm1' }, { score: 2, member: 'm2' }));
  answers.push(await redis.zrange(`${key}:z`, 0, -1, { withScores: true }));
  const p = redis.pipeline();
  p.incr(`${key}:n`);
  p.incr(`${key}:n`);
  p.get(`${key}:n`);
  answers.push(await p.exec());
  const tx = redis.multi();
  tx.set(`${key}:s`, 'Rp 150.000 ünïcode');
  tx.get(`${key}:s`);
  answers.push(await tx.exec());
  // a pipeline keeps a failing command's error beside the others' results
  const mixed = redis.pipeline();
  mixed.set(`${key}:str`, 'x');
  mixed.incr(`${key}:str`);
  answers.push(await mixed.exec({ keepErrors: true }));
  return answers;
}

describe('RESP requester: @upstash/redis in-process over RESP to the real Redis', () => {
  it('answers single commands, pipelines and transactions exactly as the REST path does', async () => {
    const viaResp = await session(resp, `${prefix}:resp`);
    const viaRest = await session(rest, `${prefix}:rest`);
    expect(viaResp).toEqual(viaRest);
    expect(viaResp[2]).toEqual({ plan: 'Home 20', price: 200000, name: 'Büdi 🚀' });
    expect(viaResp[8]).toEqual([1, 2, 2]);
    expect(viaResp[9]).toEqual(['OK', 'Rp 150.000 ünïcode']);
    expect(await direct.ttl(`${prefix}:resp:json`)).toBeGreaterThan(50);
  });

  it('throws a Redis error of a single command as the HTTP client does', async () => {
    const viaResp = await resp.incr(`${prefix}:resp:json`).catch((e: unknown) => e as Error);
    const viaRest = await rest.incr(`${prefix}:rest:json`).catch((e: unknown) => e as Error);
    expect(viaResp).toBeInstanceOf(Error);
    expect(viaResp.constructor.name).toBe(viaRest.constructor.name);
    expect((viaResp as Error).message).toMatch(/not an integer.*command was: \["incr"/i);
  });

  it('runs @upstash/ratelimit: EVALSHA of the rewritten script, EVAL after a script flush', async () => {
    const limiter = new Ratelimit({ redis: resp, limiter: Ratelimit.slidingWindow(3, '10 s'), prefix: `${prefix}:rl` });
    const results = [];
    for (let i = 0; i < 2; i++) results.push(await limiter.limit('user-1'));
    // NOSCRIPT: the limiter falls back to EVAL, the requester rewrites the shebang again
    await direct.script('FLUSH');
    for (let i = 0; i < 2; i++) results.push(await limiter.limit('user-1'));
    expect(results.map((r) => r.success)).toEqual([true, true, true, false]);
    expect(results[3]?.remaining).toBe(0);
    // the REST path sees the same window (same keys, same scripts)
    const viaRest = new Ratelimit({ redis: rest, limiter: Ratelimit.slidingWindow(3, '10 s'), prefix: `${prefix}:rl` });
    expect((await viaRest.limit('user-1')).success).toBe(false);
    const fixed = new Ratelimit({ redis: resp, limiter: Ratelimit.fixedWindow(2, '10 s'), prefix: `${prefix}:f` });
    expect((await fixed.limit('ip')).success).toBe(true);
    const sha = await resp.scriptLoad('#!lua flags=allow-key-locking\nreturn ARGV[1]');
    expect(await resp.evalsha(sha, [], ['echo'])).toBe('echo');
  });

  it('many concurrent limits from one client are counted exactly once each', async () => {
    const limiter = new Ratelimit({ redis: resp, limiter: Ratelimit.slidingWindow(50, '10 s'), prefix: `${prefix}:burst` });
    const results = await Promise.all(Array.from({ length: 80 }, () => limiter.limit('tenant')));
    expect(results.filter((r) => r.success)).toHaveLength(50);
  });

  it('fails fast while Redis is down instead of queueing', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer();
      s.listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => resolve(p));
      });
    });
    const dead = createRedis({ redisUrl: `redis://127.0.0.1:${port}` });
    const started = Date.now();
    await expect(dead.ping()).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(2000);
    const p = dead.pipeline();
    p.get('x');
    await expect(p.exec()).rejects.toThrow();
    // many commands while it is down wait on one shared listener, gone when the wait ends
    // (one each, left behind, warned "MaxListenersExceededWarning" after ten)
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.name);
    process.on('warning', onWarning);
    try {
      for (let round = 0; round < 3; round++) {
        const answers = await Promise.allSettled(Array.from({ length: 30 }, (_, i) => dead.get(`x${i}`)));
        expect(answers.every((a) => a.status === 'rejected')).toBe(true);
      }
      await new Promise((r) => setTimeout(r, 50));
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings).not.toContain('MaxListenersExceededWarning');
  });
});
