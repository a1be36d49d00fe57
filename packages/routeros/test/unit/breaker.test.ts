import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RouterBreaker } from '../../src/breaker';
import { RouterOsError } from '../../src/errors';
import { createRetryPolicy, linearDelays } from '../../src/retry';
import type { BreakerState, RouterErrorKind } from '../../src/types';

const KEY = 'tenant-1:router-1';
const routerError = (kind: RouterErrorKind) =>
  new RouterOsError({ kind, routerKey: KEY, message: `simulated ${kind}` });
const fails =
  (kind: RouterErrorKind = 'unreachable') =>
  () =>
    Promise.reject(routerError(kind));
const ok = () => Promise.resolve('ok');

async function failTimes(breaker: RouterBreaker, n: number, kind: RouterErrorKind = 'unreachable') {
  for (let i = 0; i < n; i++)
    await expect(breaker.execute(fails(kind))).rejects.toMatchObject({ kind });
}

function deferred() {
  let resolve!: (value: string) => void;
  const promise = new Promise<string>((r) => (resolve = r));
  return { promise, resolve };
}

describe('RouterBreaker (cockatiel: 5 failures → open 30 s → 3 half-open trials)', () => {
  let changes: BreakerState[];
  let breaker: RouterBreaker;

  beforeEach(() => {
    // cockatiel reads Date.now(): fake only Date, timers stay real
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2025-01-01T00:00:00Z'));
    changes = [];
    breaker = new RouterBreaker({ routerKey: KEY, onStateChange: (s) => changes.push(s) });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const advance = (ms: number) => vi.setSystemTime(Date.now() + ms);

  it('stays closed for 4 consecutive failures and opens on the 5th', async () => {
    await failTimes(breaker, 4);
    expect(breaker.state).toBe('closed');
    await failTimes(breaker, 1);
    expect(breaker.state).toBe('open');
    expect(changes).toEqual(['open']);
  });

  it('a success resets the consecutive count', async () => {
    await failTimes(breaker, 4);
    await breaker.execute(ok);
    await failTimes(breaker, 4);
    expect(breaker.state).toBe('closed');
  });

  it('non-transient errors (the router answered) are not failures and are rethrown as they are', async () => {
    const notFound = routerError('not_found');
    for (let i = 0; i < 8; i++) {
      await expect(breaker.execute(() => Promise.reject(notFound))).rejects.toBe(notFound);
    }
    await failTimes(breaker, 4, 'bad_request');
    expect(breaker.state).toBe('closed');
  });

  it('fails fast with circuit_open while open, without calling the function', async () => {
    await failTimes(breaker, 5, 'timeout');
    const fn = vi.fn(ok);
    advance(29_999);
    const error = await breaker.execute(fn).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RouterOsError);
    expect(error).toMatchObject({ kind: 'circuit_open', routerKey: KEY });
    expect(fn).not.toHaveBeenCalled();
    expect(breaker.state).toBe('open');
  });

  it('after 30 s half-opens; 3 successful trials close it', async () => {
    await failTimes(breaker, 5, 'server');
    advance(30_000);
    await breaker.execute(ok);
    expect(breaker.state).toBe('half_open');
    await breaker.execute(ok);
    expect(breaker.state).toBe('half_open');
    await breaker.execute(ok);
    expect(breaker.state).toBe('closed');
    expect(changes).toEqual(['open', 'half_open', 'closed']);
  });

  it('lets exactly 3 trials through at once while half-open', async () => {
    await failTimes(breaker, 5);
    advance(30_000);
    const gates = [deferred(), deferred(), deferred()];
    const fn = vi.fn((i: number) => gates[i]!.promise);
    const trials = [0, 1, 2].map((i) => breaker.execute(() => fn(i)));
    const fourth = vi.fn(ok);
    const waiting = breaker.execute(fourth);
    await Promise.resolve();
    expect(fn).toHaveBeenCalledTimes(3);
    expect(fourth).not.toHaveBeenCalled();
    for (const gate of gates) gate.resolve('ok');
    await Promise.all(trials);
    await expect(waiting).resolves.toBe('ok');
    expect(fourth).toHaveBeenCalledTimes(1);
    expect(breaker.state).toBe('closed');
  });

  it('a failed trial opens it again for another 30 s', async () => {
    await failTimes(breaker, 5);
    advance(30_000);
    await breaker.execute(ok);
    await failTimes(breaker, 1);
    expect(breaker.state).toBe('open');
    advance(29_000);
    await expect(breaker.execute(ok)).rejects.toMatchObject({ kind: 'circuit_open' });
    advance(1_000);
    await breaker.execute(ok);
    expect(breaker.state).toBe('half_open');
    expect(changes).toEqual(['open', 'half_open', 'open', 'half_open']);
  });

  it('takes custom thresholds', async () => {
    const small = new RouterBreaker({
      routerKey: KEY,
      failureThreshold: 2,
      openMs: 1_000,
      halfOpenTrials: 1,
    });
    await failTimes(small, 2);
    expect(small.state).toBe('open');
    advance(1_000);
    await small.execute(ok);
    expect(small.state).toBe('closed');
  });
});

describe('linear retry', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('waits base, 2 × base, … between attempts', () => {
    expect(linearDelays(3, 250)).toEqual([250, 500]);
    expect(linearDelays(5, 100)).toEqual([100, 200, 300, 400]);
    expect(linearDelays(1, 250)).toEqual([]);
  });

  it('defaults to 3 attempts waiting 250 ms then 500 ms, for transient errors', async () => {
    vi.useFakeTimers();
    const policy = createRetryPolicy();
    const delays: number[] = [];
    policy.onRetry((event) => delays.push(event.delay));
    const fn = vi.fn(fails('unreachable'));
    const result = policy.execute(fn).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(250);
    expect(fn).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(500);
    expect(await result).toMatchObject({ kind: 'unreachable' });
    expect(fn).toHaveBeenCalledTimes(3);
    expect(delays).toEqual([250, 500]);
  });

  it('recovers when a retry succeeds', async () => {
    const policy = createRetryPolicy({ attempts: 3, baseDelayMs: 1 });
    let calls = 0;
    const value = await policy.execute(() =>
      ++calls < 3 ? Promise.reject(routerError('server')) : ok(),
    );
    expect(value).toBe('ok');
    expect(calls).toBe(3);
  });

  it('does not retry non-transient errors', async () => {
    const policy = createRetryPolicy({ attempts: 3, baseDelayMs: 1 });
    for (const kind of ['auth', 'not_found', 'conflict', 'bad_request', 'circuit_open'] as const) {
      const fn = vi.fn(fails(kind));
      await expect(policy.execute(fn)).rejects.toMatchObject({ kind });
      expect(fn).toHaveBeenCalledTimes(1);
    }
  });

  it('attempts: 1 disables retries', async () => {
    const fn = vi.fn(fails('timeout'));
    await expect(createRetryPolicy({ attempts: 1 }).execute(fn)).rejects.toMatchObject({
      kind: 'timeout',
    });
    expect(fn).toHaveBeenCalledTimes(1);
  });
});
