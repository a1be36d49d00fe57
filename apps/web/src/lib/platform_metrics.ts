/**
 * The platform metrics page's own bookkeeping: the API figures of each refresh, kept while
 * the page is open for the trend chart, and byte sizes in the reader's language.
 */
import type { Locale, PlatformMetrics } from '@rrnet/contracts';

/** 40 refreshes of 15 s: the last ten minutes */
export const METRICS_SAMPLES_KEPT = 40;

export interface MetricsSample {
  /** epoch ms of the reading */
  at: number;
  /** milliseconds; null without requests in the window */
  p95_ms: number | null;
  /** percent (0–100); null without requests */
  error_pct: number | null;
  requests: number;
}

/** Appends one reading (once per generated_at) and keeps the newest METRICS_SAMPLES_KEPT. */
export function addSample(samples: readonly MetricsSample[], m: PlatformMetrics): MetricsSample[] {
  const at = Date.parse(m.generated_at);
  if (samples.length > 0 && samples[samples.length - 1]!.at >= at) return [...samples];
  const api = m.api;
  const next: MetricsSample = {
    at,
    p95_ms: api?.window_p95_seconds == null ? null : Math.round(api.window_p95_seconds * 10_000) / 10,
    error_pct: api?.window_error_rate == null ? null : Math.round(api.window_error_rate * 10_000) / 100,
    requests: api?.window_requests ?? 0,
  };
  return [...samples, next].slice(-METRICS_SAMPLES_KEPT);
}

const UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte'] as const;

/** 1536 → "1.5 kB" / "1,5 kB" (binary multiples, Intl's unit names). */
export function formatBytes(bytes: number, locale: Locale): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return new Intl.NumberFormat(locale === 'id' ? 'id-ID' : 'en-US', { style: 'unit', unit: UNITS[unit], unitDisplay: 'short', maximumFractionDigits: unit === 0 ? 0 : 1 }).format(value);
}
