import { describe, expect, it } from 'vitest';
import {
  ISOLIR_TEXT_KEYS,
  bpFromPercent,
  currentPeriod,
  discountParts,
  formatCreditHours,
  formatIdr,
  formatCompactIdr,
  formatDay,
  formatDayRange,
  formatMonth,
  formatRate,
  invoiceTaxBp,
  parseRupiah,
  percentFromBp,
  revenueSeries,
  todayLocal,
} from '~/lib/billing';
import { message } from './catalog_files';

/** ICU separates some parts with (narrow) no-break or thin spaces: compare words, not code points. */
const plain = (text: string) => text.replace(/\s/g, ' ');

describe('parseRupiah', () => {
  it('reads amounts typed with any thousands grouping and an Rp/IDR prefix', () => {
    expect(parseRupiah('150000')).toBe(150_000);
    expect(parseRupiah('150.000')).toBe(150_000);
    expect(parseRupiah('150,000')).toBe(150_000);
    expect(parseRupiah('Rp 150 000')).toBe(150_000);
    expect(parseRupiah('Rp150.000')).toBe(150_000);
    expect(parseRupiah('rp. 1.500.000')).toBe(1_500_000);
    expect(parseRupiah('  IDR 2,500,000  ')).toBe(2_500_000);
  });

  it('takes zero sen as written on receipts and bank statements, never as three more digits', () => {
    expect(parseRupiah('Rp 150.000,00')).toBe(150_000);
    expect(parseRupiah('150,000.00')).toBe(150_000);
    expect(parseRupiah('1.500,0')).toBe(1_500);
    expect(parseRupiah('Rp 150.000,-')).toBe(150_000);
  });

  it('refuses sen (rupiah amounts are whole), blanks, signs and words with NaN', () => {
    expect(parseRupiah('1.500,50')).toBeNaN();
    expect(parseRupiah('1,5')).toBeNaN();
    expect(parseRupiah('')).toBeNaN();
    expect(parseRupiah('   ')).toBeNaN();
    expect(parseRupiah('Rp')).toBeNaN();
    expect(parseRupiah('-50000')).toBeNaN();
    expect(parseRupiah('150rb')).toBeNaN();
    expect(parseRupiah('1e6')).toBeNaN();
    expect(parseRupiah('lima puluh ribu')).toBeNaN();
  });
});

describe('tax rate as a percentage of basis points', () => {
  it('shows basis points as the percentage a form holds, with the locale’s decimal mark and no grouping', () => {
    expect(percentFromBp(1100, 'id')).toBe('11');
    expect(percentFromBp(1250, 'id')).toBe('12,5');
    expect(percentFromBp(1250, 'en')).toBe('12.5');
    expect(percentFromBp(1234, 'en')).toBe('12.34');
    expect(percentFromBp(0, 'id')).toBe('0');
    expect(percentFromBp(1_000_000, 'id')).toBe('10000');
  });

  it('reads a typed percentage with a decimal comma or point and an optional % sign', () => {
    expect(bpFromPercent('11')).toBe(1100);
    expect(bpFromPercent('12,5')).toBe(1250);
    expect(bpFromPercent('12.5')).toBe(1250);
    expect(bpFromPercent(' 11 % ')).toBe(1100);
    expect(bpFromPercent('0')).toBe(0);
    // 0.1 + 0.2 style float error must not leak into the integer
    expect(bpFromPercent('12,55')).toBe(1255);
    expect(bpFromPercent('0.29')).toBe(29);
  });

  it('round-trips what it shows, in both locales', () => {
    for (const bp of [0, 1, 50, 999, 1100, 1250, 1255, 10_000]) {
      expect(bpFromPercent(percentFromBp(bp, 'id'))).toBe(bp);
      expect(bpFromPercent(percentFromBp(bp, 'en'))).toBe(bp);
    }
  });

  it('refuses blanks, more than two decimals, negatives and words with NaN', () => {
    for (const value of ['', '  ', '%', '12,555', '-11', '11,', 'sebelas', '1.100,5']) expect(bpFromPercent(value)).toBeNaN();
  });
});

describe('number presentation', () => {
  it('formats a collection rate with one decimal in the locale', () => {
    expect(formatRate(0.8734, 'id')).toBe('87,3%');
    expect(formatRate(0.8734, 'en')).toBe('87.3%');
    expect(formatRate(1, 'en')).toBe('100%');
    expect(formatRate(0, 'id')).toBe('0%');
  });

  it('shortens chart amounts (juta / miliar in Indonesian)', () => {
    expect(plain(formatCompactIdr(1_500_000, 'id'))).toBe('1,5 jt');
    expect(formatCompactIdr(1_500_000, 'en')).toBe('1.5M');
    expect(plain(formatCompactIdr(2_500_000_000, 'id'))).toBe('2,5 M');
    expect(formatCompactIdr(750, 'en')).toBe('750');
  });
});

describe('the tenant’s calendar (Asia/Jakarta, UTC+7)', () => {
  it('is already tomorrow from 17:00 UTC', () => {
    expect(todayLocal(new Date('2026-11-25T16:59:59Z'))).toBe('2026-11-25');
    expect(todayLocal(new Date('2026-11-25T17:00:00Z'))).toBe('2026-11-26');
  });

  it('turns the month (and the year) over at local midnight, not UTC midnight', () => {
    expect(currentPeriod(new Date('2026-11-30T16:59:59Z'))).toBe('2026-11');
    expect(currentPeriod(new Date('2026-11-30T17:00:00Z'))).toBe('2026-12');
    expect(currentPeriod(new Date('2026-12-31T17:30:00Z'))).toBe('2027-01');
  });
});

describe('dates', () => {
  it('names a billing month in the locale', () => {
    expect(formatMonth('2026-11', 'id')).toBe('November 2026');
    expect(formatMonth('2026-02', 'id')).toBe('Februari 2026');
    expect(formatMonth('2026-02', 'en')).toBe('February 2026');
  });

  it('leaves a period it cannot read as it is', () => {
    expect(formatMonth('', 'id')).toBe('');
    expect(formatMonth('bulan ini', 'en')).toBe('bulan ini');
    expect(formatMonth('2026', 'en')).toBe('2026');
  });

  it('shows a calendar day as the same day whatever the timezone of the process', () => {
    expect(formatDay('2026-11-26', 'id')).toBe('26 Nov 2026');
    expect(formatDay('2026-12-01', 'id')).toBe('1 Des 2026');
    expect(formatDay('2026-12-01', 'en')).toBe('Dec 1, 2026');
    expect(formatDay('2028-02-29', 'en')).toBe('Feb 29, 2028');
    expect(formatDay('2026-11', 'en')).toBe('2026-11');
    expect(formatDay('', 'en')).toBe('');
  });

  it('writes a period with its shared parts once', () => {
    expect(plain(formatDayRange('2026-11-26', '2026-12-25', 'id'))).toBe('26 Nov – 25 Des 2026');
    expect(plain(formatDayRange('2026-12-26', '2027-01-25', 'id'))).toBe('26 Des 2026 – 25 Jan 2027');
    expect(plain(formatDayRange('2026-11-01', '2026-11-30', 'id'))).toBe('1–30 Nov 2026');
    expect(plain(formatDayRange('2026-11-26', '2026-12-25', 'en'))).toBe('Nov 26 – Dec 25, 2026');
    expect(plain(formatDayRange('2026-11-05', '2026-11-05', 'id'))).toBe('5 Nov 2026');
  });
});

describe('invoiceTaxBp', () => {
  it('is the tax over the subtotal after the discount', () => {
    expect(invoiceTaxBp({ subtotal: 150_000, discount: 0, tax: 16_500 })).toBe(1100);
    expect(invoiceTaxBp({ subtotal: 200_000, discount: 50_000, tax: 16_500 })).toBe(1100);
    expect(invoiceTaxBp({ subtotal: 100_000, discount: 0, tax: 0 })).toBe(0);
  });

  it('rounds a tax that was itself rounded to whole rupiah back to the nearest basis point', () => {
    // 11 % of 99 999 is 10 999.89, billed as 10 999 or 11 000
    expect(invoiceTaxBp({ subtotal: 99_999, discount: 0, tax: 11_000 })).toBe(1100);
    expect(invoiceTaxBp({ subtotal: 99_999, discount: 0, tax: 10_999 })).toBe(1100);
  });

  it('is null when nothing is left to tax (fully discounted or empty invoice)', () => {
    expect(invoiceTaxBp({ subtotal: 150_000, discount: 150_000, tax: 0 })).toBeNull();
    expect(invoiceTaxBp({ subtotal: 0, discount: 0, tax: 0 })).toBeNull();
    expect(invoiceTaxBp({ subtotal: 100, discount: 200, tax: 0 })).toBeNull();
  });
});

describe('ISOLIR_TEXT_KEYS', () => {
  it('translates every reason the isolir backend writes, in both languages', () => {
    for (const key of Object.values(ISOLIR_TEXT_KEYS)) {
      expect(message('id', key), key).toMatch(/\S/);
      expect(message('en', key), key).toMatch(/\S/);
    }
  });
});

describe('revenueSeries', () => {
  it('has one slot per day of the month, zero on days without payments', () => {
    const s = revenueSeries('2026-11', []);
    expect(s).toHaveLength(30);
    expect(s[0]).toEqual({ day: '2026-11-01', date: 1, amount: 0 });
    expect(s[29]).toEqual({ day: '2026-11-30', date: 30, amount: 0 });
    expect(s.every((d) => d.amount === 0)).toBe(true);
  });

  it('knows the length of each month, leap February included', () => {
    expect(revenueSeries('2026-02', [])).toHaveLength(28);
    expect(revenueSeries('2028-02', [])).toHaveLength(29);
    expect(revenueSeries('2026-12', [])).toHaveLength(31);
    expect(revenueSeries('2026-12', []).at(-1)!.day).toBe('2026-12-31');
  });

  it('adds up rows of the same day and ignores days outside the month', () => {
    const s = revenueSeries('2026-11', [
      { day: '2026-11-05', amount: 150_000 },
      { day: '2026-11-05', amount: 200_000 },
      { day: '2026-11-30', amount: 1 },
      { day: '2026-10-31', amount: 999 },
      { day: '2026-12-01', amount: 999 },
    ]);
    expect(s[4]).toEqual({ day: '2026-11-05', date: 5, amount: 350_000 });
    expect(s[29]!.amount).toBe(1);
    expect(s.reduce((sum, d) => sum + d.amount, 0)).toBe(350_001);
  });

  it('is empty for a month it cannot read', () => {
    expect(revenueSeries('', [{ day: '2026-11-05', amount: 1 }])).toEqual([]);
    expect(revenueSeries('2026', [])).toEqual([]);
    expect(revenueSeries('November', [])).toEqual([]);
  });
});

describe('invoice amounts the same on the server and in the browser', () => {
  it('writes rupiah as next-intl\'s idr format does, by hand (no ICU differences)', () => {
    const intl = (locale: string, n: number) => new Intl.NumberFormat(locale, { style: 'currency', currency: 'IDR', minimumFractionDigits: 0, maximumFractionDigits: 0 }).format(n);
    for (const n of [0, 7, 417, 150_000, 1_234_567, 2_000_000_000]) {
      expect(formatIdr(n, 'id')).toBe(intl('id-ID', n));
      expect(formatIdr(n, 'en')).toBe(intl('en-US', n));
    }
    expect(formatIdr(150_000, 'id')).toBe('Rp\u00a0150.000');
    expect(formatIdr(150_000, 'en')).toBe('IDR\u00a0150,000');
    expect(formatIdr(417, 'id', { credit: true })).toBe('\u2212Rp\u00a0417');
    expect(formatIdr(0, 'id', { credit: true })).toBe('Rp\u00a00');
    expect(formatIdr(-5_000, 'id')).toBe('-Rp\u00a05.000');
  });

  it('writes a period\'s dash with plain spaces (Chromium\'s ICU has no thin spaces there)', () => {
    expect(formatDayRange('2026-11-26', '2026-12-25', 'id')).toBe('26 Nov \u2013 25 Des 2026');
  });

  it('shows credited minutes as hours with one decimal at most', () => {
    expect(formatCreditHours(120, 'id')).toBe('2');
    expect(formatCreditHours(150, 'id')).toBe('2,5');
    expect(formatCreditHours(150, 'en')).toBe('2.5');
    expect(formatCreditHours(270, 'en')).toBe('4.5');
    expect(formatCreditHours(5, 'en')).toBe('0.1');
  });

  it('splits the discount into the outage credits and the monthly discount', () => {
    expect(discountParts({ discount: 20_417, credits: [{ amount: 417 }] })).toEqual({ credits: 417, monthly: 20_000 });
    expect(discountParts({ discount: 0, credits: [] })).toEqual({ credits: 0, monthly: 0 });
  });
});
