/**
 * Number and date formats by name, for next-intl's `format.number(x, 'idr')` and
 * `format.dateTime(d, 'date')`. Rupiah are integers; dates show in the ISP's timezone
 * (request.ts passes it; Asia/Jakarta by default).
 */
import type { Formats } from 'next-intl';

export const FORMATS = {
  number: {
    idr: { style: 'currency', currency: 'IDR', minimumFractionDigits: 0, maximumFractionDigits: 0 },
    integer: { maximumFractionDigits: 0 },
    percent: { style: 'percent', maximumFractionDigits: 1 },
  },
  dateTime: {
    date: { year: 'numeric', month: 'short', day: 'numeric' },
    datetime: { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false, timeZoneName: 'short' },
    time: { hour: '2-digit', minute: '2-digit', hour12: false },
    month: { year: 'numeric', month: 'long' },
  },
} satisfies Formats;
