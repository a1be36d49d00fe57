'use client';
/**
 * The platform metrics page's charts (loaded lazily by PlatformMetricsView): the API's p95
 * and error rate over the refreshes since the page opened (the shared Chart, a line per
 * figure on its own axis; the samples come at the page's refresh interval, so they stand
 * evenly), and the business rates side by side as horizontal bars of 0–100 % (plain
 * elements: a bar of a known width needs no chart library). Each also lists its numbers,
 * visually hidden, for screen readers.
 */
import { useFormatter, useLocale, useTranslations } from 'next-intl';
import { Chart } from '@rrnet/ui/Chart';
import { ChartFigure, ChartNote } from '@rrnet/ui/ChartFigure';
import { everyNth } from '@rrnet/ui/chart_layout';
import type { PlatformMetrics } from '@rrnet/contracts';
import { formatClock } from '~/lib/throughput';
import type { MetricsSample } from '~/lib/platform_metrics';

export function ApiTrendChart({ samples }: { samples: readonly MetricsSample[] }) {
  const t = useTranslations('metrics.trend');
  const locale = useLocale();
  const format = useFormatter();
  const clock = (v: number) => formatClock(v, locale, true);
  const labelled = everyNth(samples.length, 6);
  if (samples.length < 2) {
    return <ChartNote data-testid="api-trend-waiting">{t('waiting')}</ChartNote>;
  }
  return (
    <ChartFigure
      testId="api-trend-chart"
      label={t('title')}
      caption={
        <>
          <span className="flex items-center gap-1">
            <span className="h-0.5 w-4 bg-chart-1" aria-hidden /> {t('p95_ms')}
          </span>
          <span className="flex items-center gap-1">
            <span className="h-0.5 w-4 bg-destructive" aria-hidden /> {t('error_pct')}
          </span>
        </>
      }
      captionClassName="flex flex-wrap gap-4 text-xs"
      items={samples.map((s) => (
        <li key={s.at}>
          {clock(s.at)}: {t('p95_ms')} {s.p95_ms ?? '—'}, {t('error_pct')} {s.error_pct ?? '—'}
        </li>
      ))}
    >
      <Chart
        data={samples}
        height={220}
        category={(s) => String(s.at)}
        tick={(s, i) => (labelled(i) ? clock(s.at) : null)}
        title={(s) => clock(s.at)}
        fontSize={11}
        left={{ width: 48, format: (v) => format.number(v) }}
        right={{ width: 40, format: (v) => `${format.number(v)}%` }}
        series={[
          { key: 'p95_ms', kind: 'line', label: t('p95_ms'), color: 'var(--chart-1)', value: (s) => s.p95_ms, format: (v) => t('ms', { value: format.number(v) }) },
          { key: 'error_pct', kind: 'line', axis: 'right', label: t('error_pct'), color: 'var(--destructive)', value: (s) => s.error_pct },
        ]}
      />
    </ChartFigure>
  );
}

export function BusinessRatesChart({ rates }: { rates: NonNullable<PlatformMetrics['business']>['rates'] }) {
  const t = useTranslations('metrics.business');
  const format = useFormatter();
  const data = rates.map((r) => {
    const pct = r.rate === null ? 0 : Math.round(r.rate * 1000) / 10;
    const known = r.rate !== null;
    return { name: t(`rate.${r.name}`), pct, label: known ? `${format.number(pct)}%` : t('none'), detail: known ? t('of', { pct: format.number(pct), good: format.number(r.good), total: format.number(r.total) }) : t('none') };
  });
  return (
    <ChartFigure
      testId="business-rates-chart"
      label={t('title')}
      items={data.map((d) => (
        <li key={d.name} data-testid="business-rate">
          {d.name}: {d.detail}
        </li>
      ))}
    >
      <ul className="m-0 grid list-none gap-2 p-0" aria-hidden>
        {data.map((d) => (
          <li key={d.name} className="grid grid-cols-[minmax(0,9rem)_1fr] items-center gap-3 text-xs sm:grid-cols-[minmax(0,12rem)_1fr]">
            <span className="truncate text-muted-foreground" title={d.name}>
              {d.name}
            </span>
            <span className="flex items-center gap-2" title={d.detail}>
              <span className="h-5 min-w-px rounded-r-sm bg-chart-2" style={{ width: `calc(${d.pct}% - 3.5rem * ${d.pct / 100})` }} data-slot="chart-bar" />
              <span className="shrink-0 font-medium tabular-nums">{d.label}</span>
            </span>
          </li>
        ))}
      </ul>
    </ChartFigure>
  );
}
