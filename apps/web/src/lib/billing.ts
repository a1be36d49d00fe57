/**
 * Billing form values and presentation helpers (pure, no React): rupiah typed with
 * thousands separators, the tax rate as a percentage of basis points, the tenant's
 * current day and month, and the revenue-by-day series of the dashboard chart.
 */
import { calendarDay } from '@rrnet/contracts';
import type { Locale } from '@rrnet/contracts';

const BCP47: Record<Locale, string> = { id: 'id-ID', en: 'en-US' };

/**
 * Rupiah as typed ("150.000", "150,000", "Rp 150 000") → integer; blank or garbage → NaN
 * (the API's schema reports it on the field). Rupiah are paid whole, so dots and commas
 * group thousands; a last group of one or two digits is sen, as on receipts and bank
 * statements ("Rp 150.000,00", "Rp 150.000,-"): zero sen are dropped, others are NaN.
 */
export function parseRupiah(value: string): number {
  const text = value.trim().replace(/^(rp|idr)\s*/i, '').replace(/,-$/, '');
  const sen = /[.,](\d{1,2})$/.exec(text);
  if (sen && Number(sen[1]) !== 0) return Number.NaN;
  const digits = (sen ? text.slice(0, sen.index) : text).replace(/[\s.,]/g, '');
  return /^\d+$/.test(digits) ? Number(digits) : Number.NaN;
}

/** Basis points → the percentage as typed in a form: 1100 → "11", 1250 → "12,5" (id) / "12.5" (en). */
export function percentFromBp(bp: number, locale: Locale): string {
  return new Intl.NumberFormat(BCP47[locale], { maximumFractionDigits: 2, useGrouping: false }).format(bp / 100);
}

/** A typed percentage → basis points ("11" → 1100, "12,5" → 1250); blank or garbage → NaN. */
export function bpFromPercent(value: string): number {
  const trimmed = value.trim().replace('%', '').trim().replace(',', '.');
  if (!/^\d+(\.\d{1,2})?$/.test(trimmed)) return Number.NaN;
  return Math.round(Number(trimmed) * 100);
}

/** A 0..1 rate as a percentage: 0.8734 → "87,3%" (id) / "87.3%" (en). */
export function formatRate(rate: number, locale: Locale): string {
  return new Intl.NumberFormat(BCP47[locale], { style: 'percent', maximumFractionDigits: 1 }).format(rate);
}

/** Large amounts for chart axes: 1500000 → "1,5 jt" (id) / "1.5M" (en). */
export function formatCompactIdr(amount: number, locale: Locale): string {
  return new Intl.NumberFormat(BCP47[locale], { notation: 'compact', maximumFractionDigits: 1 }).format(amount);
}

/** Today in the tenant's calendar (Asia/Jakarta): "2026-11-26". */
export function todayLocal(now: Date = new Date()): string {
  return calendarDay(now);
}

/** This month in the tenant's calendar: "2026-11". */
export function currentPeriod(now: Date = new Date()): string {
  return todayLocal(now).slice(0, 7);
}

/** "2026-11" → "November 2026" / "November 2026" (month names in the locale). */
export function formatMonth(period: string, locale: Locale): string {
  const [y, m] = period.split('-').map(Number);
  if (!y || !m) return period;
  return new Intl.DateTimeFormat(BCP47[locale], { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, 1)));
}

/** A calendar day "2026-11-26" as a short date without timezone shifts: "26 Nov 2026". */
export function formatDay(day: string, locale: Locale): string {
  const [y, m, d] = day.split('-').map(Number);
  if (!y || !m || !d) return day;
  return new Intl.DateTimeFormat(BCP47[locale], { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, d)));
}

/**
 * A period "26 Nov – 25 Des 2026" (shared parts once), from two calendar days. ICU's
 * spaces around the dash differ between Node (thin spaces) and Chromium (plain ones), which
 * broke hydration of a server-rendered invoice: they are plain spaces here, on both sides.
 */
export function formatDayRange(from: string, to: string, locale: Locale): string {
  const day = (d: string) => {
    const [y, m, dd] = d.split('-').map(Number);
    return new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, dd ?? 1));
  };
  const format = new Intl.DateTimeFormat(BCP47[locale], { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
  return format.formatRange(day(from), day(to)).replace(/[\u2009\u202f]/g, ' ');
}

const GROUP: Record<Locale, string> = { id: '.', en: ',' };
const DECIMAL: Record<Locale, string> = { id: ',', en: '.' };
const CURRENCY: Record<Locale, string> = { id: 'Rp', en: 'IDR' };

/**
 * Rupiah for invoices, the same string on the server and in the browser whatever their ICU
 * data: "Rp 150.000" (id) / "IDR 150,000" (en), a no-break space after the symbol (as
 * next-intl's 'idr' format writes it); `credit` puts the minus sign (U+2212) in front.
 */
export function formatIdr(amount: number, locale: Locale, { credit = false }: { credit?: boolean } = {}): string {
  const whole = Math.round(Math.abs(amount));
  const digits = String(whole).replace(/\B(?=(\d{3})+(?!\d))/g, GROUP[locale]);
  const sign = credit ? (whole === 0 ? '' : '\u2212') : amount < 0 ? '-' : '';
  return `${sign}${CURRENCY[locale]}\u00a0${digits}`;
}

/** Credited minutes as hours with one decimal at most: 150 → "2,5" (id) / "2.5" (en), 120 → "2". */
export function formatCreditHours(minutes: number, locale: Locale): string {
  const tenths = Math.round(minutes / 6);
  const whole = Math.floor(tenths / 10);
  return tenths % 10 === 0 ? String(whole) : `${whole}${DECIMAL[locale]}${tenths % 10}`;
}

/** The invoice's own tax rate in basis points (tax over the discounted subtotal), or null. */
export function invoiceTaxBp(invoice: { subtotal: number; discount: number; tax: number }): number | null {
  const base = invoice.subtotal - invoice.discount;
  return base > 0 ? Math.round((invoice.tax * 10_000) / base) : null;
}

/** Reasons and errors the isolir backend writes in English, by the message key that translates them. */
export const ISOLIR_TEXT_KEYS = {
  'overdue beyond grace': 'isolir.text.overdue_beyond_grace',
  'arrears settled': 'isolir.text.arrears_settled',
  'superseded: restore requested before the router was changed': 'isolir.text.superseded',
  'no router assigned: nothing to change on a router': 'isolir.text.no_router',
} as const;

export interface RevenueDay {
  /** "2026-11-05" */
  day: string;
  /** day of the month, 1-based */
  date: number;
  amount: number;
}

/**
 * One slot per day of `month` ("YYYY-MM"), days without payments at zero, rows outside
 * the month ignored.
 */
export function revenueSeries(month: string, rows: readonly { day: string; amount: number }[]): RevenueDay[] {
  const [y, m] = month.split('-').map(Number);
  if (!y || !m) return [];
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const byDay = new Map<string, number>();
  for (const row of rows) byDay.set(row.day, (byDay.get(row.day) ?? 0) + row.amount);
  return Array.from({ length: days }, (_, i) => {
    const day = `${month}-${String(i + 1).padStart(2, '0')}`;
    return { day, date: i + 1, amount: byDay.get(day) ?? 0 };
  });
}

/** An invoice's discount split: the outage credits (its credit lines) and the rest, the customer's monthly discount. */
export function discountParts(invoice: { discount: number; credits: readonly { amount: number }[] }): { credits: number; monthly: number } {
  const credits = invoice.credits.reduce((sum, c) => sum + c.amount, 0);
  return { credits, monthly: invoice.discount - credits };
}
