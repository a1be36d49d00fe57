/**
 * The job-throughput chart's data: the last 60 minutes as one slot per minute (a minute
 * without a row is zero), completed and failed per job class, and the value axis.
 * Pure functions, no React: the chart component only draws what these return.
 */
import { DEFAULT_TIMEZONE, JOB_CLASS_LIST } from '@rrnet/contracts';
import type { Locale } from '@rrnet/contracts';

export type JobClassName = (typeof JOB_CLASS_LIST)[number];

/** A job class's colour in the chart and beside its name (the theme's chart tokens). */
export const JOB_CLASS_COLOR: Record<JobClassName, string> = {
  critical: 'var(--chart-4)',
  high: 'var(--chart-3)',
  normal: 'var(--chart-1)',
  low: 'var(--chart-5)',
};

export interface ThroughputRow {
  bucket: Date;
  job_class: JobClassName;
  completed: number;
  failed: number;
}

export interface ThroughputSlot {
  /** start of the minute */
  start: Date;
  completed: Record<JobClassName, number>;
  failed: Record<JobClassName, number>;
  completedTotal: number;
  failedTotal: number;
}

export interface ThroughputSeries {
  slots: ThroughputSlot[];
  totals: Record<JobClassName, { completed: number; failed: number }>;
  completedTotal: number;
  failedTotal: number;
  /** the busiest minute's completed / failed jobs (all classes together) */
  maxCompleted: number;
  maxFailed: number;
}

const MINUTE_MS = 60_000;
export const THROUGHPUT_MINUTES = 60;

const zeroes = (): Record<JobClassName, number> => ({ critical: 0, high: 0, normal: 0, low: 0 });

/**
 * `minutes` slots ending with the minute that contains `now`; rows outside the window
 * are ignored, rows within one minute are added up.
 */
export function throughputSeries(rows: readonly ThroughputRow[], now: number, minutes: number = THROUGHPUT_MINUTES): ThroughputSeries {
  const last = Math.floor(now / MINUTE_MS) * MINUTE_MS;
  const first = last - (minutes - 1) * MINUTE_MS;
  const slots: ThroughputSlot[] = Array.from({ length: minutes }, (_, i) => ({
    start: new Date(first + i * MINUTE_MS),
    completed: zeroes(),
    failed: zeroes(),
    completedTotal: 0,
    failedTotal: 0,
  }));
  const totals = Object.fromEntries(JOB_CLASS_LIST.map((c) => [c, { completed: 0, failed: 0 }])) as ThroughputSeries['totals'];
  for (const row of rows) {
    const index = Math.floor((row.bucket.getTime() - first) / MINUTE_MS);
    const slot = slots[index];
    if (!slot || !JOB_CLASS_LIST.includes(row.job_class)) continue;
    slot.completed[row.job_class] += row.completed;
    slot.failed[row.job_class] += row.failed;
    slot.completedTotal += row.completed;
    slot.failedTotal += row.failed;
    totals[row.job_class].completed += row.completed;
    totals[row.job_class].failed += row.failed;
  }
  return {
    slots,
    totals,
    completedTotal: slots.reduce((sum, s) => sum + s.completedTotal, 0),
    failedTotal: slots.reduce((sum, s) => sum + s.failedTotal, 0),
    maxCompleted: Math.max(0, ...slots.map((s) => s.completedTotal)),
    maxFailed: Math.max(0, ...slots.map((s) => s.failedTotal)),
  };
}

/**
 * A "nice" axis for whole-number counts: a step of 1, 2 or 5 × 10^n giving about
 * `ticks` intervals, the maximum (a multiple of the step, at least `value`, at least 1)
 * and the tick values from 0 up to it.
 */
export function niceScale(value: number, ticks = 4): { max: number; step: number; values: number[] } {
  const top = Math.max(1, Math.ceil(value));
  const target = top / ticks;
  let step = 1;
  if (target > 1) {
    const magnitude = 10 ** Math.floor(Math.log10(target));
    step = [1, 2, 5, 10].map((f) => f * magnitude).find((s) => s >= target) ?? 10 * magnitude;
  }
  const max = Math.ceil(top / step) * step;
  const values = Array.from({ length: max / step + 1 }, (_, i) => i * step);
  return { max, step, values };
}

/** A clock time in Asia/Jakarta ("14.05" in Indonesian, "14:05" in English), optionally with seconds. */
export function formatClock(value: Date | number, locale: Locale, withSeconds = false): string {
  return new Intl.DateTimeFormat(locale === 'id' ? 'id-ID' : 'en-US', {
    timeZone: DEFAULT_TIMEZONE,
    hour: '2-digit',
    minute: '2-digit',
    ...(withSeconds ? { second: '2-digit' } : {}),
    hour12: false,
  }).format(value);
}
