'use client';
/**
 * Revenue per day of the month (the shared Chart; loaded lazily by BillingSummaryCards, so
 * pages without a chart never load it): one bar per day, a compact rupiah axis,
 * every fifth day labelled, the exact amount in the tooltip. The same numbers are in a
 * visually hidden list for screen readers (and tests).
 */
import { useFormatter, useLocale, useTranslations } from 'next-intl';
import { Chart } from '@rrnet/ui/Chart';
import { ChartFigure } from '@rrnet/ui/ChartFigure';
import { formatCompactIdr, formatDay, revenueSeries } from '~/lib/billing';

const DAY_TICKS = [1, 5, 10, 15, 20, 25, 30];

export function RevenueChart({ month, rows }: { month: string; rows: readonly { day: string; amount: number }[] }) {
  const t = useTranslations('dashboard.billing');
  const locale = useLocale();
  const format = useFormatter();
  const series = revenueSeries(month, rows);
  const total = series.reduce((sum, d) => sum + d.amount, 0);
  const summary = t('chart_summary', { total: format.number(total, 'idr'), days: series.filter((d) => d.amount > 0).length });

  return (
    <ChartFigure
      testId="revenue-chart"
      empty={total === 0 ? t('chart_empty') : null}
      emptyTestId="revenue-empty"
      label={t('chart_label')}
      caption={summary}
      items={series.map((d) => (
        <li key={d.day} data-testid="revenue-day" data-day={d.day} data-amount={d.amount}>
          {formatDay(d.day, locale)}: {format.number(d.amount, 'idr')}
        </li>
      ))}
    >
      <Chart
        data={series}
        height={220}
        category={(d) => d.day}
        tick={(d) => (DAY_TICKS.includes(d.date) ? String(d.date) : null)}
        title={(d) => formatDay(d.day, locale)}
        left={{ width: 64, format: (v) => formatCompactIdr(v, locale) }}
        series={[{ key: 'amount', kind: 'bar', label: t('chart_amount'), color: 'var(--chart-2)', value: (d) => d.amount, format: (v) => format.number(v, 'idr') }]}
      />
    </ChartFigure>
  );
}
