'use client';
/**
 * The reports page's charts (Recharts; loaded lazily by ReportsView, so no other page
 * carries the library): revenue by month beside the previous period's months, arrears
 * ageing by bucket, new and churned customers by month; and the platform's MRR by month with
 * its paying ISPs (loaded lazily by PlatformTenantsView). Each lists its numbers in a
 * visually hidden list for screen readers (and tests).
 */
import { useFormatter, useLocale, useTranslations } from 'next-intl';
import { Bar, BarChart, CartesianGrid, ComposedChart, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { Locale, ReportDay, ReportFigures, RevenueMonth } from '@rrnet/contracts';
import { formatCompactIdr, formatDay, formatMonth } from '~/lib/billing';

const axisTick = { fill: 'var(--muted-foreground)', fontSize: 12 };
const shortMonth = (month: string, locale: Locale) => {
  const [y, m] = month.split('-').map(Number);
  return new Intl.DateTimeFormat(locale === 'id' ? 'id-ID' : 'en-US', { month: 'short', year: '2-digit', timeZone: 'UTC' }).format(new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, 1)));
};

export function RevenueByMonthChart({ current, previous }: { current: ReportFigures['revenue_by_month']; previous: ReportFigures['revenue_by_month'] }) {
  const t = useTranslations('reports.chart');
  const locale = useLocale() as Locale;
  const format = useFormatter();
  const data = current.map((m, i) => ({ month: m.month, label: shortMonth(m.month, locale), current: m.amount, previous: previous[i]?.amount ?? 0 }));
  return (
    <figure className="m-0 grid gap-2" data-testid="report-revenue-chart">
      <BarChart responsive data={data} style={{ width: '100%', height: 240 }} margin={{ top: 8, right: 8, bottom: 0, left: 0 }} accessibilityLayer={false}>
        <CartesianGrid vertical={false} stroke="var(--border)" />
        <XAxis dataKey="label" tickLine={false} axisLine={{ stroke: 'var(--input)' }} tick={axisTick} />
        <YAxis width={56} tickLine={false} axisLine={false} tick={axisTick} tickFormatter={(v: number) => formatCompactIdr(v, locale)} />
        <Tooltip cursor={{ fill: 'var(--muted)' }} formatter={(value, name) => [format.number(Number(value), 'idr'), name === 'current' ? t('revenue_current') : t('revenue_previous')]} />
        <Legend formatter={(name) => (name === 'current' ? t('revenue_current') : t('revenue_previous'))} wrapperStyle={{ fontSize: 12 }} />
        <Bar dataKey="previous" fill="var(--chart-1)" fillOpacity={0.45} radius={[3, 3, 0, 0]} maxBarSize={22} isAnimationActive={false} />
        <Bar dataKey="current" fill="var(--chart-2)" radius={[3, 3, 0, 0]} maxBarSize={22} isAnimationActive={false} />
      </BarChart>
      <ul className="sr-only" aria-label={t('label')}>
        {data.map((d) => (
          <li key={d.month} data-testid="report-revenue-month" data-month={d.month} data-amount={d.current}>
            {t('month_amount', { month: formatMonth(d.month, locale), amount: format.number(d.current, 'idr') })}
          </li>
        ))}
      </ul>
    </figure>
  );
}

export function AgeingChart({ buckets }: { buckets: ReportFigures['arrears']['buckets'] }) {
  const t = useTranslations('reports');
  const locale = useLocale() as Locale;
  const format = useFormatter();
  // short ticks (they fit a phone), the full bucket name in the tooltip
  const data = buckets.map((b) => ({ ...b, label: t(`bucket_short.${b.bucket}`), name: t(`bucket.${b.bucket}`) }));
  return (
    <figure className="m-0 grid gap-2" data-testid="report-ageing-chart">
      <BarChart responsive data={data} style={{ width: '100%', height: 220 }} margin={{ top: 8, right: 8, bottom: 0, left: 0 }} accessibilityLayer={false}>
        <CartesianGrid vertical={false} stroke="var(--border)" />
        <XAxis dataKey="label" tickLine={false} axisLine={{ stroke: 'var(--input)' }} tick={axisTick} interval={0} />
        <YAxis width={56} tickLine={false} axisLine={false} tick={axisTick} tickFormatter={(v: number) => formatCompactIdr(v, locale)} />
        <Tooltip
          cursor={{ fill: 'var(--muted)' }}
          formatter={(value) => [format.number(Number(value), 'idr'), t('chart.ageing_amount')]}
          labelFormatter={(_, payload) => (payload[0] ? String((payload[0].payload as { name: string }).name) : '')}
        />
        <Bar dataKey="amount" fill="var(--chart-3)" radius={[3, 3, 0, 0]} maxBarSize={40} isAnimationActive={false} />
      </BarChart>
      <p className="m-0 text-center text-xs text-muted-foreground">{t('chart.ageing_axis')}</p>
      <ul className="sr-only" aria-label={t('chart.label')}>
        {buckets.map((b) => (
          <li key={b.bucket} data-testid="report-ageing-bucket" data-bucket={b.bucket} data-amount={b.amount} data-invoices={b.invoices}>
            {t('chart.bucket_amount', { bucket: t(`bucket.${b.bucket}`), amount: format.number(b.amount, 'idr'), count: b.invoices })}
          </li>
        ))}
      </ul>
    </figure>
  );
}

export function GrowthChart({ months }: { months: ReportFigures['growth']['by_month'] }) {
  const t = useTranslations('reports.chart');
  const locale = useLocale() as Locale;
  const data = months.map((m) => ({ ...m, label: shortMonth(m.month, locale) }));
  return (
    <figure className="m-0 grid gap-2" data-testid="report-growth-chart">
      <BarChart responsive data={data} style={{ width: '100%', height: 220 }} margin={{ top: 8, right: 8, bottom: 0, left: 0 }} accessibilityLayer={false}>
        <CartesianGrid vertical={false} stroke="var(--border)" />
        <XAxis dataKey="label" tickLine={false} axisLine={{ stroke: 'var(--input)' }} tick={axisTick} />
        <YAxis width={40} allowDecimals={false} tickLine={false} axisLine={false} tick={axisTick} />
        <Tooltip cursor={{ fill: 'var(--muted)' }} formatter={(value, name) => [String(value), name === 'new' ? t('growth_new') : t('growth_churned')]} />
        <Legend formatter={(name) => (name === 'new' ? t('growth_new') : t('growth_churned'))} wrapperStyle={{ fontSize: 12 }} />
        <Bar dataKey="new" fill="var(--chart-2)" radius={[3, 3, 0, 0]} maxBarSize={22} isAnimationActive={false} />
        <Bar dataKey="churned" fill="var(--chart-4)" radius={[3, 3, 0, 0]} maxBarSize={22} isAnimationActive={false} />
      </BarChart>
      <ul className="sr-only" aria-label={t('label')}>
        {months.map((m) => (
          <li key={m.month} data-testid="report-growth-month" data-month={m.month} data-new={m.new} data-churned={m.churned}>
            {t('month_growth', { month: formatMonth(m.month, locale), added: m.new, churned: m.churned })}
          </li>
        ))}
      </ul>
    </figure>
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
  if (days.length === 0) {
    return (
      <p className="m-0 grid h-40 place-items-center text-center text-sm text-muted-foreground" data-testid="report-daily-empty">
        {t('daily_empty')}
      </p>
    );
  }
  return (
    <figure className="m-0 grid gap-2" data-testid="report-daily-chart">
      <LineChart responsive data={data} style={{ width: '100%', height: 240 }} margin={{ top: 8, right: 8, bottom: 0, left: 0 }} accessibilityLayer={false}>
        <CartesianGrid vertical={false} stroke="var(--border)" />
        <XAxis dataKey="day" tickFormatter={(day: string) => String(Number(day.slice(8)))} tickLine={false} axisLine={{ stroke: 'var(--input)' }} tick={axisTick} minTickGap={12} />
        <YAxis yAxisId="customers" width={44} allowDecimals={false} tickLine={false} axisLine={false} tick={axisTick} />
        <YAxis yAxisId="isolated" orientation="right" width={36} allowDecimals={false} tickLine={false} axisLine={false} tick={axisTick} />
        <Tooltip labelFormatter={(day) => formatDay(String(day), locale)} formatter={(value, name) => [String(value), t(`daily_${name as 'active_customers'}`)]} />
        <Legend formatter={(name) => t(`daily_${name as 'active_customers'}`)} wrapperStyle={{ fontSize: 12 }} />
        <Line yAxisId="customers" dataKey="active_customers" stroke="var(--chart-2)" strokeWidth={2} dot={days.length < 3} isAnimationActive={false} />
        <Line yAxisId="isolated" dataKey="isolated_customers" stroke="var(--chart-4)" strokeWidth={2} dot={days.length < 3} isAnimationActive={false} />
      </LineChart>
      <figcaption className="text-xs text-muted-foreground">{t('daily_caption')}</figcaption>
      <ul className="sr-only" aria-label={t('daily_title')}>
        {data.map((d) => (
          <li key={d.day} data-testid="report-daily-day" data-day={d.day} data-source={d.source} data-isolated={d.isolated_customers} data-outage={d.outage_minutes}>
            {t('daily_day', { day: formatDay(d.day, locale), active: d.active_customers, isolated: d.isolated_customers, outage: d.outage_minutes })}
          </li>
        ))}
      </ul>
    </figure>
  );
}

/** The platform's MRR by month (bars) and its paying ISPs (line, right axis). */
export function PlatformRevenueChart({ months }: { months: readonly RevenueMonth[] }) {
  const t = useTranslations('saas.revenue');
  const locale = useLocale() as Locale;
  const format = useFormatter();
  const data = months.map((m) => ({ ...m, label: shortMonth(m.month, locale) }));
  const name = (key: unknown) => (key === 'mrr' ? t('mrr') : t('paying_isps'));
  return (
    <figure className="m-0 grid gap-2" data-testid="platform-revenue-chart">
      <ComposedChart responsive data={data} style={{ width: '100%', height: 240 }} margin={{ top: 8, right: 0, bottom: 0, left: 0 }} accessibilityLayer={false}>
        <CartesianGrid vertical={false} stroke="var(--border)" />
        <XAxis dataKey="label" tickLine={false} axisLine={{ stroke: 'var(--input)' }} tick={axisTick} />
        <YAxis yAxisId="mrr" width={56} tickLine={false} axisLine={false} tick={axisTick} tickFormatter={(v: number) => formatCompactIdr(v, locale)} />
        <YAxis yAxisId="isps" orientation="right" width={32} allowDecimals={false} tickLine={false} axisLine={false} tick={axisTick} />
        <Tooltip cursor={{ fill: 'var(--muted)' }} formatter={(value, key) => [key === 'mrr' ? format.number(Number(value), 'idr') : format.number(Number(value)), name(key)]} />
        <Legend formatter={name} wrapperStyle={{ fontSize: 12 }} />
        <Bar yAxisId="mrr" dataKey="mrr" fill="var(--chart-2)" radius={[3, 3, 0, 0]} maxBarSize={28} isAnimationActive={false} />
        <Line yAxisId="isps" dataKey="paying_isps" type="monotone" stroke="var(--chart-4)" strokeWidth={2} dot={{ r: 2 }} isAnimationActive={false} />
      </ComposedChart>
      <ul className="sr-only" aria-label={t('chart_label')}>
        {months.map((m) => (
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
      </ul>
    </figure>
  );
}
