import { describe, expect, it } from 'vitest';
import { formatClock, niceScale, throughputSeries } from '../../src/lib/throughput';

const NOW = Date.parse('2026-11-26T03:10:42Z');
const minute = (iso: string) => new Date(iso);

describe('throughputSeries', () => {
  it('is 60 empty minutes ending with the current one when there are no rows', () => {
    const s = throughputSeries([], NOW);
    expect(s.slots).toHaveLength(60);
    expect(s.slots[59]!.start.toISOString()).toBe('2026-11-26T03:10:00.000Z');
    expect(s.slots[0]!.start.toISOString()).toBe('2026-11-26T02:11:00.000Z');
    expect(s.completedTotal + s.failedTotal).toBe(0);
    expect(s.maxCompleted).toBe(0);
    expect(s.maxFailed).toBe(0);
  });

  it('puts rows into their minute per class, adds up duplicates and drops rows outside the window', () => {
    const s = throughputSeries(
      [
        { bucket: minute('2026-11-26T03:10:00Z'), job_class: 'critical', completed: 3, failed: 1 },
        { bucket: minute('2026-11-26T03:10:00Z'), job_class: 'low', completed: 2, failed: 0 },
        { bucket: minute('2026-11-26T03:10:00Z'), job_class: 'low', completed: 1, failed: 2 },
        { bucket: minute('2026-11-26T02:11:00Z'), job_class: 'high', completed: 5, failed: 0 },
        { bucket: minute('2026-11-26T02:10:00Z'), job_class: 'high', completed: 100, failed: 100 }, // 61 minutes ago
        { bucket: minute('2026-11-26T03:11:00Z'), job_class: 'normal', completed: 100, failed: 100 }, // the future
      ],
      NOW,
    );
    const last = s.slots[59]!;
    expect(last.completed).toEqual({ critical: 3, high: 0, normal: 0, low: 3 });
    expect(last.failed).toEqual({ critical: 1, high: 0, normal: 0, low: 2 });
    expect(last.completedTotal).toBe(6);
    expect(s.slots[0]!.completed.high).toBe(5);
    expect(s.totals.high).toEqual({ completed: 5, failed: 0 });
    expect(s.completedTotal).toBe(11);
    expect(s.failedTotal).toBe(3);
    expect(s.maxCompleted).toBe(6);
    expect(s.maxFailed).toBe(3);
  });
});

describe('niceScale', () => {
  it('gives whole-number steps and a maximum covering the value', () => {
    expect(niceScale(0)).toEqual({ max: 1, step: 1, values: [0, 1] });
    expect(niceScale(3)).toEqual({ max: 3, step: 1, values: [0, 1, 2, 3] });
    expect(niceScale(7)).toEqual({ max: 8, step: 2, values: [0, 2, 4, 6, 8] });
    expect(niceScale(37)).toEqual({ max: 40, step: 10, values: [0, 10, 20, 30, 40] });
    expect(niceScale(1234).max).toBeGreaterThanOrEqual(1234);
    expect(niceScale(1234).values.length).toBeLessThanOrEqual(6);
    expect(niceScale(5, 2)).toEqual({ max: 5, step: 5, values: [0, 5] });
  });
});

describe('formatClock', () => {
  it('shows Asia/Jakarta time', () => {
    expect(formatClock(NOW, 'en')).toBe('10:10');
    expect(formatClock(NOW, 'id')).toBe('10.10');
    expect(formatClock(NOW, 'en', true)).toBe('10:10:42');
  });
});
