import { describe, expect, it } from 'vitest';
import { canReportExportTransition, reportPeriodInput } from '@rrnet/contracts';
import {
  addDays,
  ageingBucket,
  delta,
  exportFileName,
  exportProgress,
  fillBuckets,
  fillMonths,
  lastDay,
  monthsOf,
  periodSyncRate,
  previousSpan,
  ratio,
  resolvePeriod,
  wholeMonths,
} from '../../src/reports/report_rules';

describe('resolvePeriod', () => {
  const today = '2026-03-31';
  it('month presets are whole calendar months, the current one included', () => {
    expect(resolvePeriod({ preset: 'this_month' }, today)).toEqual({ from: '2026-03-01', to: '2026-04-01' });
    expect(resolvePeriod({ preset: 'last_month' }, today)).toEqual({ from: '2026-02-01', to: '2026-03-01' });
    expect(resolvePeriod({ preset: 'last_3_months' }, today)).toEqual({ from: '2026-01-01', to: '2026-04-01' });
    expect(resolvePeriod({ preset: 'last_12_months' }, today)).toEqual({ from: '2025-04-01', to: '2026-04-01' });
  });
  it('crosses the year in January', () => {
    expect(resolvePeriod({ preset: 'last_month' }, '2026-01-15')).toEqual({ from: '2025-12-01', to: '2026-01-01' });
    expect(resolvePeriod({ preset: 'this_month' }, '2026-12-31')).toEqual({ from: '2026-12-01', to: '2027-01-01' });
  });
  it('custom includes its last day', () => {
    expect(resolvePeriod({ preset: 'custom', from: '2026-02-10', to: '2026-02-10' }, today)).toEqual({ from: '2026-02-10', to: '2026-02-11' });
    expect(() => resolvePeriod({ preset: 'custom', from: '2026-02-10', to: '2026-02-09' }, today)).toThrow();
    expect(() => resolvePeriod({ preset: 'custom', from: '2020-01-01', to: '2026-02-09' }, today)).toThrow();
  });
  it('the contract refuses what the rule refuses', () => {
    expect(reportPeriodInput.safeParse({ preset: 'custom', from: '2026-02-10' }).success).toBe(false);
    expect(reportPeriodInput.safeParse({ preset: 'custom', from: '2026-02-10', to: '2026-02-09' }).success).toBe(false);
    expect(reportPeriodInput.safeParse({ preset: 'custom', from: '2024-01-01', to: '2026-01-01' }).success).toBe(false);
    expect(reportPeriodInput.parse({})).toEqual({ preset: 'this_month' });
  });
});

describe('previousSpan', () => {
  it('whole months step back by months, not days', () => {
    expect(previousSpan({ from: '2026-03-01', to: '2026-04-01' })).toEqual({ from: '2026-02-01', to: '2026-03-01' });
    expect(previousSpan({ from: '2026-01-01', to: '2026-04-01' })).toEqual({ from: '2025-10-01', to: '2026-01-01' });
    expect(previousSpan({ from: '2025-04-01', to: '2026-04-01' })).toEqual({ from: '2024-04-01', to: '2025-04-01' });
  });
  it('other spans step back by their number of days', () => {
    expect(previousSpan({ from: '2026-03-10', to: '2026-03-20' })).toEqual({ from: '2026-02-28', to: '2026-03-10' });
    expect(previousSpan({ from: '2024-03-01', to: '2024-03-02' })).toEqual({ from: '2024-02-29', to: '2024-03-01' });
  });
  it('wholeMonths', () => {
    expect(wholeMonths({ from: '2026-03-01', to: '2026-03-15' })).toBeNull();
    expect(wholeMonths({ from: '2025-11-01', to: '2026-02-01' })).toBe(3);
  });
});

describe('months and days', () => {
  it('monthsOf lists every month touched', () => {
    expect(monthsOf({ from: '2025-11-01', to: '2026-02-01' })).toEqual(['2025-11', '2025-12', '2026-01']);
    expect(monthsOf({ from: '2026-01-20', to: '2026-02-03' })).toEqual(['2026-01', '2026-02']);
  });
  it('fillMonths puts zeros in the gaps', () => {
    const rows = fillMonths({ from: '2026-01-01', to: '2026-04-01' }, [{ month: '2026-02', amount: 5 }], (month) => ({ month, amount: 0 }));
    expect(rows).toEqual([{ month: '2026-01', amount: 0 }, { month: '2026-02', amount: 5 }, { month: '2026-03', amount: 0 }]);
  });
  it('lastDay and addDays', () => {
    expect(lastDay({ from: '2024-02-01', to: '2024-03-01' })).toBe('2024-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
  });
});

describe('ageing', () => {
  it('buckets at their edges', () => {
    expect([0, 1, 30, 31, 60, 61, 90, 91, 400].map(ageingBucket)).toEqual(['0_30', '0_30', '0_30', '31_60', '31_60', '61_90', '61_90', 'over_90', 'over_90']);
  });
  it('fillBuckets keeps the order and fills zeros', () => {
    expect(fillBuckets([{ bucket: 'over_90', amount: 7, invoices: 1 }]).map((b) => [b.bucket, b.amount])).toEqual([
      ['0_30', 0],
      ['31_60', 0],
      ['61_90', 0],
      ['over_90', 7],
    ]);
  });
});

describe('ratio and delta', () => {
  it('ratio is null without a whole', () => {
    expect(ratio(1, 0)).toBeNull();
    expect(ratio(2, 3)).toBe(0.6667);
  });
  it('delta against the previous period', () => {
    expect(delta(150, 100)).toEqual({ change: 50, pct: 0.5 });
    expect(delta(50, 100)).toEqual({ change: -50, pct: -0.5 });
    expect(delta(5, 0)).toEqual({ change: 5, pct: null });
    expect(delta(null, 3)).toEqual({ change: null, pct: null });
    expect(delta(0.9, 0.8).pct).toBe(0.125);
  });
});

describe('exports', () => {
  it('progress: null until counted, capped, 1 once complete', () => {
    expect(exportProgress('queued', 0, null)).toBeNull();
    expect(exportProgress('running', 500, 2000)).toBe(0.25);
    expect(exportProgress('running', 0, 0)).toBe(0);
    expect(exportProgress('running', 2100, 2000)).toBe(1);
    expect(exportProgress('completed', 0, 0)).toBe(1);
  });
  it('file names say what and when', () => {
    expect(exportFileName('invoices', 'xlsx', { from: '2026-01-01', to: '2026-02-01' }, new Date())).toBe('invoices-2026-01-01_2026-01-31.xlsx');
    expect(exportFileName('customers', 'csv', null, new Date('2026-12-04T21:30:05Z'))).toBe('customers-20261204-2130.csv');
  });
  it('the export machine: completed is final, a failed or crashed one starts again', () => {
    expect(canReportExportTransition('queued', 'running')).toBe(true);
    expect(canReportExportTransition('running', 'queued')).toBe(true);
    expect(canReportExportTransition('failed', 'queued')).toBe(true);
    expect(canReportExportTransition('completed', 'queued')).toBe(false);
    expect(canReportExportTransition('queued', 'completed')).toBe(false);
  });
});

describe('periodSyncRate', () => {
  it('sums online over synced across the days, not the mean of daily rates', () => {
    // 1/1 on a small day and 1/9 on a big one: 2/10, not (100 % + 11 %) / 2
    expect(periodSyncRate([{ routers_synced: 1, routers_online: 1 }, { routers_synced: 9, routers_online: 1 }])).toBe(0.2);
    expect(periodSyncRate([{ routers_synced: 0, routers_online: 0 }])).toBeNull();
    expect(periodSyncRate([])).toBeNull();
  });
});
