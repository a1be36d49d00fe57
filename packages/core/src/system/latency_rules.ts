/**
 * Rules behind the API figures of the platform's metrics page, from the cumulative
 * response-time histogram the web instance keeps for Prometheus: a quantile estimated the
 * way PromQL's histogram_quantile does (linear within the bucket), and a sliding window
 * made of the difference between the histogram now and as it was `windowMs` ago — the
 * figure Prometheus's `rate(...[5m])` would give, without a Prometheus.
 */

/** One cumulative bucket: observations ≤ le seconds (le = Infinity for +Inf). */
export interface HistogramBucket {
  le: number;
  count: number;
}

/** The API histogram of this instance at one moment, summed over procedures. */
export interface ApiHistogramSnapshot {
  at: number;
  /** cumulative, ascending by le, the last one +Inf */
  buckets: HistogramBucket[];
  /** failed calls by spec error code */
  errorsByCode: Record<string, number>;
}

/** PromQL histogram_quantile: null with no observations; the highest finite bound when the rank falls in +Inf. */
export function histogramQuantile(q: number, buckets: readonly HistogramBucket[]): number | null {
  if (buckets.length === 0) return null;
  const sorted = [...buckets].sort((a, b) => a.le - b.le);
  const total = sorted[sorted.length - 1]!.count;
  if (total <= 0) return null;
  const rank = q * total;
  let prevLe = 0;
  let prevCount = 0;
  for (const b of sorted) {
    if (b.count >= rank) {
      if (b.le === Infinity) return prevLe;
      const inBucket = b.count - prevCount;
      if (inBucket <= 0) return b.le;
      return prevLe + (b.le - prevLe) * ((rank - prevCount) / inBucket);
    }
    prevLe = b.le;
    prevCount = b.count;
  }
  return prevLe;
}

export function totalOf(s: ApiHistogramSnapshot): number {
  return s.buckets.length === 0 ? 0 : Math.max(...s.buckets.map((b) => b.count));
}

export function errorsOf(s: ApiHistogramSnapshot): number {
  return Object.values(s.errorsByCode).reduce((a, n) => a + n, 0);
}

/** now − before, bucket by bucket; a counter that went down (process restart) counts from zero. */
export function snapshotDelta(now: ApiHistogramSnapshot, before: ApiHistogramSnapshot | null): ApiHistogramSnapshot {
  if (!before || totalOf(now) < totalOf(before)) return now;
  const old = new Map(before.buckets.map((b) => [b.le, b.count]));
  const errorsByCode: Record<string, number> = {};
  for (const [code, n] of Object.entries(now.errorsByCode)) {
    const d = n - (before.errorsByCode[code] ?? 0);
    if (d > 0) errorsByCode[code] = d;
  }
  return { at: now.at, buckets: now.buckets.map((b) => ({ le: b.le, count: Math.max(0, b.count - (old.get(b.le) ?? 0)) })), errorsByCode };
}

export function errorRate(s: ApiHistogramSnapshot): number | null {
  const total = totalOf(s);
  return total === 0 ? null : errorsOf(s) / total;
}

/**
 * Keeps the snapshots of the last `windowMs` (at most one per `stepMs`) and answers the
 * difference between the newest and the oldest kept at or before `windowMs` ago — or the
 * oldest kept, while the instance is younger than the window.
 */
export class LatencyWindow {
  private readonly kept: ApiHistogramSnapshot[] = [];

  constructor(
    readonly windowMs: number,
    private readonly stepMs: number = 10_000,
  ) {}

  /** Adds `now` and returns the window ending at it, and how many milliseconds that window spans. */
  observe(now: ApiHistogramSnapshot): { delta: ApiHistogramSnapshot; spanMs: number } {
    const last = this.kept[this.kept.length - 1];
    if (!last || now.at - last.at >= this.stepMs) this.kept.push(now);
    // drop all but the newest snapshot that is at least windowMs old
    while (this.kept.length > 1 && now.at - this.kept[1]!.at >= this.windowMs) this.kept.shift();
    const base = this.kept[0]!;
    if (base === now) return { delta: snapshotDelta(now, null), spanMs: 0 };
    return { delta: snapshotDelta(now, base), spanMs: now.at - base.at };
  }
}
