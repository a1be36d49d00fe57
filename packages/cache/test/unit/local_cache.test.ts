import { afterEach, describe, expect, it, vi } from 'vitest';
import { LocalTtlCache } from '../../src/local_cache';

afterEach(() => vi.useRealTimers());

describe('LocalTtlCache', () => {
  it('keeps values for the TTL only', () => {
    vi.useFakeTimers();
    const cache = new LocalTtlCache<number>(1000);
    cache.set('a', 1);
    expect(cache.get('a')).toBe(1);
    vi.advanceTimersByTime(999);
    expect(cache.get('a')).toBe(1);
    vi.advanceTimersByTime(2);
    expect(cache.get('a')).toBeUndefined();
  });

  it('is bounded and forgets on delete; TTL 0 disables it', () => {
    const cache = new LocalTtlCache<number>(60_000, 2);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('c', 3);
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual([undefined, 2, 3]);
    cache.delete('b');
    expect(cache.get('b')).toBeUndefined();
    const off = new LocalTtlCache<number>(0);
    off.set('x', 1);
    expect(off.get('x')).toBeUndefined();
  });
});

describe('processWide', () => {
  it('gives every copy of a module the same value (Next.js loads a module once per layer)', async () => {
    vi.resetModules();
    const first = await import('../../src/local_cache');
    vi.resetModules();
    const second = await import('../../src/local_cache');
    expect(first.processWide).not.toBe(second.processWide); // two instances of the module
    const a = first.processWide('test.shared', () => new first.LocalTtlCache<number>(60_000));
    const b = second.processWide('test.shared', () => new second.LocalTtlCache<number>(60_000));
    expect(b).toBe(a);
    a.set('tenant', 1);
    b.delete('tenant'); // a change cleared through one copy is gone for the other
    expect(a.get('tenant')).toBeUndefined();
    expect(first.processWide('test.other', () => 'x')).toBe('x');
  });
});
