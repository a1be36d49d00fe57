import { describe, expect, it } from 'vitest';
import { CommitOutcomeUnknown, DB_RETRY, backoffDelay, retryTransient, transientKind } from '../../src/transient';

const pgError = (code: string) => Object.assign(new Error(`pg ${code}`), { code });

describe('transientKind', () => {
  it('calls connection failures and shutdowns unavailable', () => {
    for (const code of ['ECONNREFUSED', 'ECONNRESET', 'CONNECT_TIMEOUT', 'CONNECTION_CLOSED', 'CONNECTION_ENDED', '57P01', '57P03', '53300', '08006', '08001']) {
      expect(transientKind(pgError(code)), code).toBe('unavailable');
    }
  });

  it('calls serialization failures and deadlocks conflicts', () => {
    expect(transientKind(pgError('40001'))).toBe('conflict');
    expect(transientKind(pgError('40P01'))).toBe('conflict');
  });

  it('leaves every other error alone: constraint violations, syntax, plain errors, non-errors', () => {
    for (const e of [pgError('23505'), pgError('23503'), pgError('42601'), pgError('22P02'), new Error('boom'), null, undefined, 'ECONNREFUSED', 42]) {
      expect(transientKind(e)).toBeNull();
    }
  });

  it('looks through cause chains and aggregate errors (dual-stack connects)', () => {
    expect(transientKind(new Error('wrapped', { cause: new Error('again', { cause: pgError('ECONNREFUSED') }) }))).toBe('unavailable');
    expect(transientKind(new AggregateError([new Error('x'), pgError('ECONNREFUSED')]))).toBe('unavailable');
    expect(transientKind(new CommitOutcomeUnknown(pgError('CONNECTION_CLOSED')))).toBe('unavailable');
  });

  it('gives up on absurdly deep chains instead of recursing forever', () => {
    const a: { cause?: unknown } = {};
    a.cause = a;
    expect(transientKind(a)).toBeNull();
  });
});

describe('backoffDelay', () => {
  it('doubles from the base, within ±20 % jitter, capped', () => {
    const policy = { attempts: 6, baseDelayMs: 100, maxDelayMs: 500 };
    expect([1, 2, 3, 4].map((n) => backoffDelay(policy, n, () => 0.5))).toEqual([100, 200, 400, 500]);
    expect(backoffDelay(policy, 1, () => 0)).toBe(80);
    expect(backoffDelay(policy, 1, () => 0.999999)).toBe(120);
  });

  it('keeps a request path within about a second', () => {
    let worst = 0;
    for (let n = 1; n < DB_RETRY.attempts; n++) worst += backoffDelay(DB_RETRY, n, () => 0.999999);
    expect(worst).toBeLessThanOrEqual(400);
  });
});

describe('retryTransient', () => {
  const noSleep = async () => {};

  it('runs again after transient errors and returns the first success', async () => {
    const seen: number[] = [];
    const delays: number[] = [];
    const result = await retryTransient(
      async (attempt) => {
        seen.push(attempt);
        if (attempt < 3) throw pgError(attempt === 1 ? 'ECONNREFUSED' : '40001');
        return 'ok';
      },
      { sleep: noSleep, onRetry: (e) => delays.push(e.delayMs) },
    );
    expect(result).toBe('ok');
    expect(seen).toEqual([1, 2, 3]);
    expect(delays).toHaveLength(2);
    expect(delays[1]!).toBeGreaterThan(delays[0]!);
  });

  it('stops after the policy’s attempts and throws the last error as it was', async () => {
    let calls = 0;
    const last = pgError('ECONNREFUSED');
    await expect(
      retryTransient(
        async () => {
          calls++;
          throw last;
        },
        { sleep: noSleep, policy: { attempts: 4, baseDelayMs: 1, maxDelayMs: 1 } },
      ),
    ).rejects.toBe(last);
    expect(calls).toBe(4);
  });

  it('never repeats a non-transient error or a commit whose outcome is unknown', async () => {
    for (const error of [pgError('23505'), new CommitOutcomeUnknown(pgError('CONNECTION_CLOSED'))]) {
      let calls = 0;
      await expect(
        retryTransient(
          async () => {
            calls++;
            throw error;
          },
          { sleep: noSleep },
        ),
      ).rejects.toBe(error);
      expect(calls).toBe(1);
    }
  });

  it('waits between attempts with the real timer by default', async () => {
    const started = performance.now();
    let calls = 0;
    await retryTransient(
      async () => {
        if (++calls === 1) throw pgError('ECONNRESET');
        return calls;
      },
      { policy: { attempts: 2, baseDelayMs: 20, maxDelayMs: 20 } },
    );
    expect(calls).toBe(2);
    expect(performance.now() - started).toBeGreaterThanOrEqual(15);
  });
});
