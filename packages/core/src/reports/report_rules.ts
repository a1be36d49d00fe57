/**
 * Report rules (pure): which days a period covers in the ISP's calendar, the period
 * before it, the months a chart shows, the arrears ageing bucket of an invoice, ratios
 * and the change from the previous period. SQL does the counting; these decide.
 */
import { AGEING_BUCKETS, REPORT_MAX_PERIOD_DAYS } from '@rrnet/contracts';
import type { AgeingBucket, ReportCompared, ReportExportFormat, ReportExportKind, ReportExportStatus, ReportFigures, ReportPeriodPreset, ReportSpan } from '@rrnet/contracts';

const DAY_MS = 86_400_000;

function toUtc(day: string): Date {
  return new Date(`${day}T00:00:00Z`);
}

function fromUtc(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export function addDays(day: string, n: number): string {
  return fromUtc(new Date(toUtc(day).getTime() + n * DAY_MS));
}

/** The first day of the month `n` months after the month of `day`. */
export function monthStart(day: string, n = 0): string {
  const d = toUtc(day);
  return fromUtc(new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, 1)));
}

export function daysBetween(from: string, to: string): number {
  return Math.round((toUtc(to).getTime() - toUtc(from).getTime()) / DAY_MS);
}

/**
 * [from, to) for a preset, relative to `today` (a day of the ISP's calendar). The month
 * presets are whole calendar months: this month; last month; the last 3 (12) months
 * counting this one. `custom` takes the picker's days with `to` included.
 */
export function resolvePeriod(input: { preset: ReportPeriodPreset; from?: string | undefined; to?: string | undefined }, today: string): ReportSpan {
  switch (input.preset) {
    case 'this_month':
      return { from: monthStart(today), to: monthStart(today, 1) };
    case 'last_month':
      return { from: monthStart(today, -1), to: monthStart(today) };
    case 'last_3_months':
      return { from: monthStart(today, -2), to: monthStart(today, 1) };
    case 'last_12_months':
      return { from: monthStart(today, -11), to: monthStart(today, 1) };
    case 'custom': {
      if (!input.from || !input.to) throw new Error('a custom period needs from and to');
      const span = { from: input.from, to: addDays(input.to, 1) };
      const days = daysBetween(span.from, span.to);
      if (days < 1 || days > REPORT_MAX_PERIOD_DAYS) throw new Error(`a period spans 1 to ${REPORT_MAX_PERIOD_DAYS} days`);
      return span;
    }
  }
}

/** A span of whole calendar months: its number of months, else null. */
export function wholeMonths(span: ReportSpan): number | null {
  if (!span.from.endsWith('-01') || !span.to.endsWith('-01')) return null;
  const [fy, fm] = span.from.split('-').map(Number) as [number, number];
  const [ty, tm] = span.to.split('-').map(Number) as [number, number];
  const n = (ty - fy) * 12 + (tm - fm);
  return n > 0 ? n : null;
}

/**
 * The period just before, of the same length: as many whole months when the span is
 * whole months (March → February, not "the 31 days before"), else as many days.
 */
export function previousSpan(span: ReportSpan): ReportSpan {
  const months = wholeMonths(span);
  if (months !== null) return { from: monthStart(span.from, -months), to: span.from };
  return { from: addDays(span.from, -daysBetween(span.from, span.to)), to: span.from };
}

/** The months ("YYYY-MM") a span touches, oldest first: the x axis of the monthly charts. */
export function monthsOf(span: ReportSpan): string[] {
  const months: string[] = [];
  for (let m = monthStart(span.from); m < span.to; m = monthStart(m, 1)) months.push(m.slice(0, 7));
  return months;
}

/** One row per month of the span, zeros where the query found nothing. */
export function fillMonths<T extends { month: string }>(span: ReportSpan, rows: readonly T[], zero: (month: string) => T): T[] {
  const byMonth = new Map(rows.map((r) => [r.month, r]));
  return monthsOf(span).map((m) => byMonth.get(m) ?? zero(m));
}

/** The last day a span includes: arrears are aged at its end. */
export function lastDay(span: ReportSpan): string {
  return addDays(span.to, -1);
}

/** Upper bounds (days past due, inclusive) of the first three ageing buckets; the last is open. */
export const AGEING_BOUNDS = [30, 60, 90] as const;

/** Ageing bucket of an invoice `days` past its due date (0–30, 31–60, 61–90, over 90). */
export function ageingBucket(days: number): AgeingBucket {
  const i = AGEING_BOUNDS.findIndex((upper) => days <= upper);
  return AGEING_BUCKETS[i === -1 ? AGEING_BOUNDS.length : i]!;
}

/** Every bucket in order, zeros where the query found none. */
export function fillBuckets(rows: readonly { bucket: AgeingBucket; amount: number; invoices: number }[]): { bucket: AgeingBucket; amount: number; invoices: number }[] {
  const byBucket = new Map(rows.map((r) => [r.bucket, r]));
  return AGEING_BUCKETS.map((bucket) => byBucket.get(bucket) ?? { bucket, amount: 0, invoices: 0 });
}

/** part / whole to 4 decimals; null when there is no whole. */
export function ratio(part: number, whole: number): number | null {
  return whole > 0 ? Math.round((part / whole) * 10_000) / 10_000 : null;
}

/** The change from the previous period: absolute, and relative (null when the previous was 0 or unknown). */
export function delta(current: number | null, previous: number | null): { change: number | null; pct: number | null } {
  if (current === null || previous === null) return { change: null, pct: null };
  return { change: current - previous, pct: previous === 0 ? null : Math.round(((current - previous) / Math.abs(previous)) * 10_000) / 10_000 };
}

/** The compared figure of a period. */
export function comparedValue(f: ReportFigures, key: ReportCompared): number | null {
  switch (key) {
    case 'revenue':
      return f.revenue;
    case 'collection_rate':
      return f.collection_rate;
    case 'arrears_total':
      return f.arrears.total;
    case 'new_customers':
      return f.growth.new;
    case 'churned_customers':
      return f.growth.churned;
    case 'net_growth':
      return f.growth.net;
    case 'isolations':
      return f.isolir.isolations;
    case 'avg_days_to_pay':
      return f.avg_days_to_pay;
    case 'wa_delivery_rate':
      return f.whatsapp.delivery_rate;
    case 'outage_minutes':
      return f.outage_minutes;
  }
}

/** An export's progress, 0..1: rows written of rows counted; null until counted; 1 once complete. */
export function exportProgress(status: ReportExportStatus, processed: number, total: number | null): number | null {
  if (status === 'completed') return 1;
  if (total === null) return null;
  if (total === 0) return 0;
  return Math.min(1, Math.round((processed / total) * 10_000) / 10_000);
}

/** "invoices-2026-01-01_2026-01-31.xlsx"; a list of now: "customers-20261204-2130.csv" (UTC). */
export function exportFileName(kind: ReportExportKind, format: ReportExportFormat, span: ReportSpan | null, createdAt: Date): string {
  if (span) return `${kind}-${span.from}_${lastDay(span)}.${format}`;
  const stamp = createdAt.toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
  return `${kind}-${stamp}.${format}`;
}

/** Router sync success over the rolled-up days: online / synced summed over them (null without a synced router). */
export function periodSyncRate(days: readonly { routers_synced: number; routers_online: number }[]): number | null {
  const synced = days.reduce((a, d) => a + d.routers_synced, 0);
  return ratio(days.reduce((a, d) => a + d.routers_online, 0), synced);
}
