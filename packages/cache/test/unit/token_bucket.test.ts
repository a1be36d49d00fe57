import { describe, expect, it } from 'vitest';
import { tokensNow } from '../../src/rate_limits';

describe('token bucket: what it holds now', () => {
  it('counts the token bucket full again once its refill is due, and what it stored before', () => {
    const now = 1_000_000;
    expect(tokensNow({ remaining: 0, reset: now - 1, limit: 10 }, now)).toBe(10);
    expect(tokensNow({ remaining: 0, reset: now, limit: 10 }, now)).toBe(10);
    expect(tokensNow({ remaining: 3, reset: now + 400, limit: 10 }, now)).toBe(3);
    expect(tokensNow({ remaining: 0, reset: now + 1, limit: 10 }, now)).toBe(0);
  });
});
