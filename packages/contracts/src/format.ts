/**
 * Money and date presentation for Indonesian ISPs: rupiah are integers (no float money
 * anywhere), dates are shown in the tenant's timezone (Asia/Jakarta by default).
 */
export const DEFAULT_TIMEZONE = 'Asia/Jakarta';
export const SUPPORTED_LOCALES = ['id', 'en'] as const;
export type Locale = (typeof SUPPORTED_LOCALES)[number];

const BCP47: Record<Locale, string> = { id: 'id-ID', en: 'en-US' };

/** Formats integer rupiah, e.g. 150000 → "Rp 150.000" (id) or "IDR 150,000" (en). */
export function formatIdr(amount: number | bigint, locale: Locale = 'id'): string {
  const formatted = new Intl.NumberFormat(BCP47[locale], {
    style: 'currency',
    currency: 'IDR',
    minimumFractionDigits: 0,
    maximumFractionDigits: 0,
  }).format(amount);
  return formatted.replace(/\u00a0/g, ' ');
}

export function formatDate(
  value: Date | string,
  locale: Locale = 'id',
  timeZone: string = DEFAULT_TIMEZONE,
): string {
  return new Intl.DateTimeFormat(BCP47[locale], {
    timeZone,
    year: 'numeric',
    month: 'short',
    day: 'numeric',
  }).format(new Date(value));
}

export function formatDateTime(
  value: Date | string,
  locale: Locale = 'id',
  timeZone: string = DEFAULT_TIMEZONE,
): string {
  return new Intl.DateTimeFormat(BCP47[locale], {
    timeZone,
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
    timeZoneName: 'short',
  }).format(new Date(value));
}

/** The calendar day (YYYY-MM-DD) of an instant in a timezone: billing days use this. */
export function calendarDay(value: Date, timeZone: string = DEFAULT_TIMEZONE): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(value);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}
