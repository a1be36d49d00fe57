import { describe, expect, it } from 'vitest';
import { cachedRead } from '../../src/cached';

describe('cachedRead', () => {
  it('reads once per TTL and shares the read between concurrent callers', async () => {
    let clock = 0;
    let reads = 0;
    const read = cachedRead(15_000, async () => ++reads, () => clock);
    expect(await Promise.all([read(), read(), read()])).toEqual([1, 1, 1]);
    clock = 14_999;
    expect(await read()).toBe(1);
    clock = 15_000;
    expect(await read()).toBe(2);
    expect(reads).toBe(2);
  });

  it('does not keep a failed read: the next call reads again', async () => {
    let clock = 0;
    let calls = 0;
    const read = cachedRead(15_000, async () => {
      calls++;
      if (calls === 1) throw new Error('postgres down');
      return 'ok';
    }, () => clock);
    await expect(read()).rejects.toThrow('postgres down');
    clock = 1;
    expect(await read()).toBe('ok');
    expect(calls).toBe(2);
  });
});
