/**
 * Number and date formats by name, for next-intl's `format.number(x, 'idr')` and
 * `format.dateTime(d, 'date')`. Rupiah are integers; dates show in the ISP's timezone
 * (request.ts passes it; Asia/Jakarta by default). They must write the same string in Node
 * (server rendering) and in the browser (hydration): billing.ts formats invoice amounts and
 * periods by hand for that reason.
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
    // hourCycle h23, not hour12: false — with that, Node's ICU writes English midnight as 24:30
    // and Chromium's as 00:30, and a server-rendered page fails to hydrate
    datetime: { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZoneName: 'short' },
    time: { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' },
    month: { year: 'numeric', month: 'long' },
  },
} satisfies Formats;
