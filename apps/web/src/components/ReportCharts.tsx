'use client';
/**
 * The reports page's charts (the shared Chart; loaded lazily by ReportsView, so no other
 * page carries it): revenue by month beside the previous period's months, arrears
 * ageing by bucket, new and churned customers by month; and the platform's MRR by month with
 * its paying ISPs (loaded lazily by PlatformTenantsView). Each lists its numbers in a
 * visually hidden list for screen readers (and tests).
 */
import { useFormatter, useLocale, useTranslations } from 'next-intl';
import { Chart } from '@rrnet/ui/Chart';
import { ChartFigure, ChartNote } from '@rrnet/ui/ChartFigure';
import { everyNth } from '@rrnet/ui/chart_layout';
import type { Locale, ReportDay, ReportFigures, RevenueMonth } from '@rrnet/contracts';
import { formatCompactIdr, formatDay, formatMonth } from '~/lib/billing';

const shortMonth = (month: string, locale: Locale) => {
  const [y, m] = month.split('-').map(Number);
  return new Intl.DateTimeFormat(locale === 'id' ? 'id-ID' : 'en-US', { month: 'short', year: '2-digit', timeZone: 'UTC' }).format(new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, 1)));
};

/** A chart of one bar group per month: keyed by month, a short month under the axis, the full one in the tooltip. */
const byMonth = (locale: Locale) => ({
  category: (d: { month: string }) => d.month,
  tick: (d: { month: string }) => shortMonth(d.month, locale),
  title: (d: { month: string }) => formatMonth(d.month, locale),
  legend: true,
});

export function RevenueByMonthChart({ current, previous }: { current: ReportFigures['revenue_by_month']; previous: ReportFigures['revenue_by_month'] }) {
  const t = useTranslations('reports.chart');
  const locale = useLocale() as Locale;
  const format = useFormatter();
  const data = current.map((m, i) => ({ month: m.month, current: m.amount, previous: previous[i]?.amount ?? 0 }));
  return (
    <ChartFigure
      testId="report-revenue-chart"
      label={t('label')}
      items={data.map((d) => (
        <li key={d.month} data-testid="report-revenue-month" data-month={d.month} data-amount={d.current}>
          {t('month_amount', { month: formatMonth(d.month, locale), amount: format.number(d.current, 'idr') })}
        </li>
      ))}
    >
      <Chart
        data={data}
        height={240}
        {...byMonth(locale)}
        maxBarWidth={22}
        left={{ width: 56, format: (v) => formatCompactIdr(v, locale) }}
        series={[
          { key: 'previous', kind: 'bar', label: t('revenue_previous'), color: 'var(--chart-1)', opacity: 0.45, value: (d) => d.previous, format: (v) => format.number(v, 'idr') },
          { key: 'current', kind: 'bar', label: t('revenue_current'), color: 'var(--chart-2)', value: (d) => d.current, format: (v) => format.number(v, 'idr') },
        ]}
      />
    </ChartFigure>
  );
}

export function AgeingChart({ buckets }: { buckets: ReportFigures['arrears']['buckets'] }) {
  const t = useTranslations('reports');
  const locale = useLocale() as Locale;
  const format = useFormatter();
  // short ticks (they fit a phone), the full bucket name in the tooltip
  const data = buckets.map((b) => ({ ...b, label: t(`bucket_short.${b.bucket}`), name: t(`bucket.${b.bucket}`) }));
  return (
    <ChartFigure
      testId="report-ageing-chart"
      label={t('chart.label')}
      items={buckets.map((b) => (
        <li key={b.bucket} data-testid="report-ageing-bucket" data-bucket={b.bucket} data-amount={b.amount} data-invoices={b.invoices}>
          {t('chart.bucket_amount', { bucket: t(`bucket.${b.bucket}`), amount: format.number(b.amount, 'idr'), count: b.invoices })}
        </li>
      ))}
    >
      <Chart
        data={data}
        height={220}
        category={(d) => d.bucket}
        tick={(d) => d.label}
        title={(d) => d.name}
        maxBarWidth={40}
        left={{ width: 56, format: (v) => formatCompactIdr(v, locale) }}
        series={[{ key: 'amount', kind: 'bar', label: t('chart.ageing_amount'), color: 'var(--chart-3)', value: (d) => d.amount, format: (v) => format.number(v, 'idr') }]}
      />
      <p className="m-0 text-center text-xs text-muted-foreground">{t('chart.ageing_axis')}</p>
    </ChartFigure>
  );
}

export function GrowthChart({ months }: { months: ReportFigures['growth']['by_month'] }) {
  const t = useTranslations('reports.chart');
  const locale = useLocale() as Locale;
  return (
    <ChartFigure
      testId="report-growth-chart"
      label={t('label')}
      items={months.map((m) => (
        <li key={m.month} data-testid="report-growth-month" data-month={m.month} data-new={m.new} data-churned={m.churned}>
          {t('month_growth', { month: formatMonth(m.month, locale), added: m.new, churned: m.churned })}
        </li>
      ))}
    >
      <Chart
        data={months}
        height={220}
        {...byMonth(locale)}
        maxBarWidth={22}
        left={{ width: 40, integer: true }}
        series={[
          { key: 'new', kind: 'bar', label: t('growth_new'), color: 'var(--chart-2)', value: (d) => d.new },
          { key: 'churned', kind: 'bar', label: t('growth_churned'), color: 'var(--chart-4)', value: (d) => d.churned },
        ]}
      />
    </ChartFigure>
  );
}

/**
 * Customers active and isolated day by day (the nightly rollup; today live) and the day's
 * outage minutes as bars on their own axis. A day the rollup has not run for is a gap.
 */
export function DailyChart({ days }: { days: readonly ReportDay[] }) {
  const t = useTranslations('reports.chart');
  const locale = useLocale() as Locale;
  const data = days.map((d) => ({ ...d, label: String(Number(d.day.slice(8))) }));
  const labelled = everyNth(days.length, 10);
  if (days.length === 0) {
    return <ChartNote data-testid="report-daily-empty">{t('daily_empty')}</ChartNote>;
  }
  return (
    <ChartFigure
      testId="report-daily-chart"
      label={t('daily_title')}
      caption={t('daily_caption')}
      captionClassName="text-xs"
      items={data.map((d) => (
        <li key={d.day} data-testid="report-daily-day" data-day={d.day} data-source={d.source} data-isolated={d.isolated_customers} data-outage={d.outage_minutes}>
          {t('daily_day', { day: formatDay(d.day, locale), active: d.active_customers, isolated: d.isolated_customers, outage: d.outage_minutes })}
        </li>
      ))}
    >
      <Chart
        data={data}
        height={240}
        category={(d) => d.day}
        tick={(d, i) => (labelled(i) ? d.label : null)}
        title={(d) => formatDay(d.day, locale)}
        legend
        left={{ width: 44, integer: true }}
        right={{ width: 36, integer: true }}
        series={[
          { key: 'active_customers', kind: 'line', label: t('daily_active_customers'), color: 'var(--chart-2)', dots: days.length < 3, value: (d) => d.active_customers },
          { key: 'isolated_customers', kind: 'line', axis: 'right', label: t('daily_isolated_customers'), color: 'var(--chart-4)', dots: days.length < 3, value: (d) => d.isolated_customers },
        ]}
      />
    </ChartFigure>
  );
}

/** The platform's MRR by month (bars) and its paying ISPs (line, right axis). */
export function PlatformRevenueChart({ months }: { months: readonly RevenueMonth[] }) {
  const t = useTranslations('saas.revenue');
  const locale = useLocale() as Locale;
  const format = useFormatter();
  return (
    <ChartFigure
      testId="platform-revenue-chart"
      label={t('chart_label')}
      items={months.map((m) => (
        <li key={m.month} data-testid="platform-revenue-month" data-month={m.month} data-mrr={m.mrr}>
          {t('month_line', {
            month: formatMonth(m.month, locale),
            mrr: format.number(m.mrr, 'idr'),
            paying: m.paying_isps,
            fresh: m.new_isps,
            churned: m.churned_isps,
          })}
        </li>
      ))}
    >
      <Chart
        data={months}
        height={240}
        {...byMonth(locale)}
        maxBarWidth={28}
        left={{ width: 56, format: (v) => formatCompactIdr(v, locale) }}
        right={{ width: 32, integer: true }}
        series={[
          { key: 'mrr', kind: 'bar', label: t('mrr'), color: 'var(--chart-2)', value: (d) => d.mrr, format: (v) => format.number(v, 'idr') },
          { key: 'paying_isps', kind: 'line', axis: 'right', label: t('paying_isps'), color: 'var(--chart-4)', dots: true, value: (d) => d.paying_isps, format: (v) => format.number(v) },
        ]}
      />
    </ChartFigure>
  );
}
