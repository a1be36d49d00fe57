import { describe, expect, it } from 'vitest';
import { LatencyWindow, errorRate, histogramQuantile, snapshotDelta, totalOf } from '../../src/system/latency_rules';
import type { ApiHistogramSnapshot } from '../../src/system/latency_rules';
import { slowQueryUnavailability, withShares } from '../../src/system/database_stats';

const LES = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, Infinity];
/** cumulative buckets from per-bucket counts */
function snap(at: number, perBucket: number[], errorsByCode: Record<string, number> = {}): ApiHistogramSnapshot {
  let acc = 0;
  return { at, buckets: LES.map((le, i) => ({ le, count: (acc += perBucket[i] ?? 0) })), errorsByCode };
}

describe('histogramQuantile (PromQL histogram_quantile)', () => {
  it('interpolates linearly inside the bucket holding the rank', () => {
    // 100 observations: 50 ≤ 10 ms, 40 in (10, 25] ms, 10 in (25, 50] ms
    const s = snap(0, [0, 50, 40, 10]);
    // rank 95 falls in (0.025, 0.05]: 5 of its 10 → halfway
    expect(histogramQuantile(0.95, s.buckets)).toBeCloseTo(0.0375, 10);
    // rank 50 is the top of (0.005, 0.01]
    expect(histogramQuantile(0.5, s.buckets)).toBeCloseTo(0.01, 10);
    // the first bucket interpolates from zero
    expect(histogramQuantile(0.5, snap(0, [10]).buckets)).toBeCloseTo(0.0025, 10);
  });

  it('answers the highest finite bound when the rank is in +Inf, and null without observations', () => {
    expect(histogramQuantile(0.95, snap(0, [1, 0, 0, 0, 0, 0, 0, 0, 99]).buckets)).toBe(1);
    expect(histogramQuantile(0.95, snap(0, []).buckets)).toBeNull();
    expect(histogramQuantile(0.95, [])).toBeNull();
  });
});

describe('the recent window', () => {
  it('is the difference between now and the snapshot windowMs ago, errors included', () => {
    const w = new LatencyWindow(300_000, 10_000);
    const t0 = 1_000_000;
    expect(w.observe(snap(t0, [100])).spanMs).toBe(0);
    w.observe(snap(t0 + 100_000, [100, 10]));
    w.observe(snap(t0 + 310_000, [100, 10, 0, 0, 0, 0, 0, 20], { INTERNAL_ERROR: 2 }));
    // t0 dropped: t0+100 s is now the newest snapshot at least 5 min before t0+420 s
    const { delta, spanMs } = w.observe(snap(t0 + 420_000, [100, 10, 0, 0, 0, 0, 0, 30], { INTERNAL_ERROR: 5, NOT_FOUND: 1 }));
    expect(spanMs).toBe(320_000);
    expect(totalOf(delta)).toBe(30);
    expect(delta.errorsByCode).toEqual({ INTERNAL_ERROR: 5, NOT_FOUND: 1 });
    expect(errorRate(delta)).toBeCloseTo(6 / 30, 10);
    expect(histogramQuantile(0.95, delta.buckets)).toBeGreaterThan(0.5);
  });

  it('counts from zero after a restart (counters went down) and keeps at most one snapshot per step', () => {
    const restarted = snap(2000, [3]);
    expect(snapshotDelta(restarted, snap(1000, [50]))).toBe(restarted);
    const w = new LatencyWindow(60_000, 10_000);
    w.observe(snap(0, [1]));
    w.observe(snap(5_000, [2])); // inside the step: not kept
    expect(w.observe(snap(8_000, [4])).delta.buckets[0]!.count).toBe(3);
  });
});

describe('slow queries', () => {
  it('tells not installed from not preloaded, and other errors from both', () => {
    expect(slowQueryUnavailability({ code: '55000', hint: 'not_installed', message: 'pg_stat_statements is not installed' })).toBe('not_installed');
    expect(slowQueryUnavailability({ code: '55000', message: 'pg_stat_statements must be loaded via "shared_preload_libraries"' })).toBe('not_loaded');
    expect(slowQueryUnavailability({ cause: { code: '55000', message: 'must be loaded via shared_preload_libraries' } })).toBe('not_loaded');
    expect(slowQueryUnavailability({ code: '42501', message: 'permission denied' })).toBeNull();
  });

  it('gives each statement its share of the listed time', () => {
    const rows = withShares([
      { query_id: '1', query: 'a', calls: 1, total_ms: 75, mean_ms: 75, rows: 1 },
      { query_id: '2', query: 'b', calls: 3, total_ms: 25, mean_ms: 8.3, rows: 3 },
    ]);
    expect(rows.map((r) => r.share)).toEqual([0.75, 0.25]);
    expect(withShares([{ query_id: '3', query: 'c', calls: 1, total_ms: 0, mean_ms: 0, rows: 0 }])[0]!.share).toBe(0);
  });
});
