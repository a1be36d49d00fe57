/**
 * Redis goes away under load and comes back (spec §2 recovery): a redis-server of this
 * test's own is stopped and started while callers keep reading. Rate limits fail open by
 * design (counted in RATE_LIMIT_STATS), so every answer stays a success — never a 500 —
 * and once Redis is back the limiter counts again by itself.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../../../tests/pg_cluster';
import { RATE_LIMIT_STATS } from '../../src/middleware/rate_limit';
import { outcome, startHarness } from './api_harness';
import type { Harness } from './api_harness';

let port: number;
let redis: ChildProcess | null = null;
let h: Harness;
let token: string;

async function startRedis(): Promise<void> {
  redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  for (let i = 0; i < 50; i++) {
    const probe = spawn('redis-cli', ['-p', String(port), 'ping'], { stdio: 'ignore' });
    if ((await new Promise<number | null>((r) => probe.on('exit', r))) === 0) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('redis-server did not start');
}

async function stopRedis(): Promise<void> {
  const child = redis;
  redis = null;
  if (!child) return;
  const exited = new Promise((r) => child.on('exit', r));
  child.kill('SIGKILL');
  await exited;
}

beforeAll(async () => {
  port = await freePort();
  await startRedis();
  // limits wide enough for this load: the test is about Redis going away, not about limits
  const wide = { limit: 100_000, window: '1 m' as const };
  h = await startHarness({ redisUrl: `redis://127.0.0.1:${port}`, policy: { tenant: wide, user: wide, ip: wide, wa_messages: wide, signup: wide } });
  token = (await h.login('cs@sinarnet.demo')).access_token;
});
afterAll(async () => {
  await h?.close();
  await stopRedis();
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
    await stopRedis();
    const downAt = performance.now();
    await new Promise((r) => setTimeout(r, 2000));
    const upAt = performance.now();
    const failOpenWhileDown = RATE_LIMIT_STATS.unavailable - failOpenBefore;
    await startRedis();
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
