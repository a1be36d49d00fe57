'use client';
/**
 * The platform metrics page's charts (Recharts; loaded lazily by PlatformMetricsView): the
 * API's p95 and error rate over the refreshes since the page opened, and the business
 * rates side by side. Each also lists its numbers, visually hidden, for screen readers.
 */
import { useFormatter, useLocale, useTranslations } from 'next-intl';
import { Bar, BarChart, CartesianGrid, LabelList, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { PlatformMetrics } from '@rrnet/contracts';
import { formatClock } from '~/lib/throughput';
import type { MetricsSample } from '~/lib/platform_metrics';

const TICK = { fill: 'var(--muted-foreground)', fontSize: 11 };

export function ApiTrendChart({ samples }: { samples: readonly MetricsSample[] }) {
  const t = useTranslations('metrics.trend');
  const locale = useLocale();
  const format = useFormatter();
  const clock = (v: number) => formatClock(v, locale, true);
  if (samples.length < 2) {
    return (
      <p className="m-0 grid h-40 place-items-center text-sm text-muted-foreground" data-testid="api-trend-waiting">
        {t('waiting')}
      </p>
    );
  }
  return (
    <figure className="m-0 grid gap-2" data-testid="api-trend-chart">
      <LineChart responsive data={[...samples]} style={{ width: '100%', height: 220 }} margin={{ top: 8, right: 8, bottom: 0, left: 0 }} accessibilityLayer={false}>
        <CartesianGrid vertical={false} stroke="var(--border)" />
        <XAxis dataKey="at" type="number" domain={['dataMin', 'dataMax']} scale="time" tickFormatter={clock} tick={TICK} tickLine={false} axisLine={{ stroke: 'var(--input)' }} />
        <YAxis yAxisId="ms" width={48} tick={TICK} tickLine={false} axisLine={false} tickFormatter={(v: number) => format.number(v)} />
        <YAxis yAxisId="pct" orientation="right" width={40} tick={TICK} tickLine={false} axisLine={false} tickFormatter={(v: number) => `${format.number(v)}%`} />
        <Tooltip labelFormatter={(v) => clock(Number(v))} formatter={(value, name) => [name === 'p95_ms' ? t('ms', { value: format.number(Number(value)) }) : `${format.number(Number(value))}%`, t(name as 'p95_ms')]} />
        <Line yAxisId="ms" dataKey="p95_ms" stroke="var(--chart-1)" strokeWidth={2} dot={false} connectNulls isAnimationActive={false} />
        <Line yAxisId="pct" dataKey="error_pct" stroke="var(--destructive)" strokeWidth={2} dot={false} connectNulls isAnimationActive={false} />
      </LineChart>
      <figcaption className="flex flex-wrap gap-4 text-xs text-muted-foreground">
        <span className="flex items-center gap-1">
          <span className="h-0.5 w-4 bg-chart-1" aria-hidden /> {t('p95_ms')}
        </span>
        <span className="flex items-center gap-1">
          <span className="h-0.5 w-4 bg-destructive" aria-hidden /> {t('error_pct')}
        </span>
      </figcaption>
      <ul className="sr-only" aria-label={t('title')}>
        {samples.map((s) => (
          <li key={s.at}>
            {clock(s.at)}: {t('p95_ms')} {s.p95_ms ?? '—'}, {t('error_pct')} {s.error_pct ?? '—'}
          </li>
        ))}
      </ul>
    </figure>
  );
}

export function BusinessRatesChart({ rates }: { rates: NonNullable<PlatformMetrics['business']>['rates'] }) {
  const t = useTranslations('metrics.business');
  const format = useFormatter();
  const data = rates.map((r) => {
    const pct = r.rate === null ? 0 : Math.round(r.rate * 1000) / 10;
    return { name: t(`rate.${r.name}`), pct, known: r.rate !== null, good: r.good, total: r.total, label: r.rate === null ? t('none') : `${format.number(pct)}%` };
  });
  return (
    <figure className="m-0 grid gap-2" data-testid="business-rates-chart">
      <BarChart responsive layout="vertical" data={data} style={{ width: '100%', height: 200 }} margin={{ top: 4, right: 56, bottom: 0, left: 0 }} accessibilityLayer={false}>
        <CartesianGrid horizontal={false} stroke="var(--border)" />
        <XAxis type="number" domain={[0, 100]} tick={TICK} tickLine={false} axisLine={{ stroke: 'var(--input)' }} tickFormatter={(v: number) => `${v}%`} />
        <YAxis type="category" dataKey="name" width={150} tick={TICK} tickLine={false} axisLine={false} />
        <Tooltip cursor={{ fill: 'var(--muted)' }} formatter={(_v, _n, item) => {
          const p = item.payload as (typeof data)[number];
          return [p.known ? t('of', { pct: format.number(p.pct), good: format.number(p.good), total: format.number(p.total) }) : t('none'), ''];
        }} />
        <Bar dataKey="pct" fill="var(--chart-2)" maxBarSize={22} isAnimationActive={false}>
          {/* the figure at the bar's end; a rate without a denominator says so instead of a bar of 0 */}
          <LabelList dataKey="label" position="right" className="fill-foreground text-xs" />
        </Bar>
      </BarChart>
      <ul className="sr-only" aria-label={t('title')}>
        {data.map((d) => (
          <li key={d.name} data-testid="business-rate">
            {d.name}: {d.known ? t('of', { pct: format.number(d.pct), good: format.number(d.good), total: format.number(d.total) }) : t('none')}
          </li>
        ))}
      </ul>
    </figure>
  );
}
