import { describe, expect, it } from 'vitest';
import { JOB_CLASSES, classOfPriority, retryDelayMs } from '../../src/classes';

describe('job classes', () => {
  it('order critical before high before normal before low (lower priority number first)', () => {
    const p = JOB_CLASSES;
    expect(p.critical.priority).toBeLessThan(p.high.priority);
    expect(p.high.priority).toBeLessThan(p.normal.priority);
    expect(p.normal.priority).toBeLessThan(p.low.priority);
    expect(classOfPriority(p.high.priority)).toBe('high');
  });

  it('critical: 5 attempts, exponential', () => {
    expect([1, 2, 3, 4, 5].map((a) => retryDelayMs('critical', a))).toEqual([5_000, 15_000, 45_000, 135_000, null]);
  });
  it('high: 3 attempts, linear', () => {
    expect([1, 2, 3].map((a) => retryDelayMs('high', a))).toEqual([30_000, 60_000, null]);
  });
  it('normal: 2 attempts, fixed delay', () => {
    expect([1, 2].map((a) => retryDelayMs('normal', a))).toEqual([60_000, null]);
  });
  it('low: 1 attempt, fail fast', () => {
    expect(retryDelayMs('low', 1)).toBeNull();
  });
});
