import { describe, expect, it } from 'vitest';
import type { PlatformMetrics } from '@rrnet/contracts';
import { METRICS_SAMPLES_KEPT, addSample, formatBytes } from '../../src/lib/platform_metrics';

function reading(at: number, api: Partial<NonNullable<PlatformMetrics['api']>> | null): PlatformMetrics {
  return {
    generated_at: new Date(at).toISOString(),
    readiness: null,
    api: api === null ? null : { instance_started_at: new Date(0).toISOString(), window_seconds: 300, requests: 10, errors: 0, error_rate: 0, p95_seconds: 0.1, window_requests: 10, window_error_rate: 0, window_p95_seconds: 0.1, errors_by_code: [], ...api },
    database: null,
    redis: null,
    queues: null,
    business: null,
    slow_queries: { available: false, reason: 'not_loaded' },
    errors: [],
  };
}

describe('metrics samples', () => {
  it('turns a reading into milliseconds and percent, once per reading, newest kept', () => {
    let s = addSample([], reading(1000, { window_p95_seconds: 0.0374, window_error_rate: 0.0125, window_requests: 80 }));
    expect(s).toEqual([{ at: 1000, p95_ms: 37.4, error_pct: 1.25, requests: 80 }]);
    s = addSample(s, reading(1000, {})); // the same reading again (a re-render)
    expect(s).toHaveLength(1);
    s = addSample(s, reading(2000, { window_p95_seconds: null, window_error_rate: null, window_requests: 0 }));
    expect(s[1]).toEqual({ at: 2000, p95_ms: null, error_pct: null, requests: 0 });
    expect(addSample(s, reading(3000, null))[2]).toEqual({ at: 3000, p95_ms: null, error_pct: null, requests: 0 });
    for (let i = 0; i < 100; i++) s = addSample(s, reading(10_000 + i, {}));
    expect(s).toHaveLength(METRICS_SAMPLES_KEPT);
    expect(s[s.length - 1]!.at).toBe(10_099);
  });

  it('writes byte sizes in binary multiples in either language', () => {
    expect(formatBytes(512, 'en')).toBe('512 byte');
    expect(formatBytes(1536, 'en')).toBe('1.5 kB');
    expect(formatBytes(3 * 1024 * 1024, 'id')).toBe('3 MB');
    expect(formatBytes(1.25 * 1024 ** 3, 'id')).toBe('1,3 GB');
  });
});
