'use client';
/**
 * Revenue per day of the month (Recharts; loaded lazily by BillingSummaryCards, so pages
 * without a chart never load the library): one bar per day, a compact rupiah axis,
 * every fifth day labelled, the exact amount in the tooltip. The same numbers are in a
 * visually hidden list for screen readers (and tests).
 */
import { useFormatter, useLocale, useTranslations } from 'next-intl';
import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from 'recharts';
import { formatCompactIdr, formatDay, revenueSeries } from '~/lib/billing';

const DAY_TICKS = [1, 5, 10, 15, 20, 25, 30];

export function RevenueChart({ month, rows, today }: { month: string; rows: readonly { day: string; amount: number }[]; today: string }) {
  const t = useTranslations('dashboard.billing');
  const locale = useLocale();
  const format = useFormatter();
  const series = revenueSeries(month, rows).map((d) => ({ ...d, future: d.day > today }));
  const total = series.reduce((sum, d) => sum + d.amount, 0);
  const summary = t('chart_summary', { total: format.number(total, 'idr'), days: series.filter((d) => d.amount > 0).length });

  return (
    <figure className="m-0 grid gap-2" data-testid="revenue-chart">
      <div className="relative">
        <BarChart responsive data={series} style={{ width: '100%', height: 220 }} margin={{ top: 8, right: 8, bottom: 0, left: 0 }} accessibilityLayer={false}>
          <CartesianGrid vertical={false} stroke="var(--border)" />
          <XAxis dataKey="date" ticks={DAY_TICKS} tickLine={false} axisLine={{ stroke: 'var(--input)' }} tick={{ fill: 'var(--muted-foreground)', fontSize: 12 }} />
          <YAxis width={64} tickLine={false} axisLine={false} tick={{ fill: 'var(--muted-foreground)', fontSize: 12 }} tickFormatter={(v: number) => formatCompactIdr(v, locale)} />
          <Tooltip
            cursor={{ fill: 'var(--muted)' }}
            formatter={(value) => [format.number(Number(value), 'idr'), t('chart_amount')]}
            labelFormatter={(_, payload) => (payload[0] ? formatDay(String((payload[0].payload as { day: string }).day), locale) : '')}
          />
          <Bar dataKey="amount" fill="var(--chart-2)" radius={[3, 3, 0, 0]} maxBarSize={18} isAnimationActive={false} />
        </BarChart>
        {total === 0 && (
          <p className="absolute inset-0 m-0 grid place-items-center text-sm text-muted-foreground" data-testid="revenue-empty">
            {t('chart_empty')}
          </p>
        )}
      </div>
      <figcaption className="text-sm text-muted-foreground">{summary}</figcaption>
      <ul className="sr-only" aria-label={t('chart_label')}>
        {series.map((d) => (
          <li key={d.day} data-testid="revenue-day" data-day={d.day} data-amount={d.amount}>
            {formatDay(d.day, locale)}: {format.number(d.amount, 'idr')}
          </li>
        ))}
      </ul>
    </figure>
  );
}
