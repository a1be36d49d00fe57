'use client';
/**
 * Job throughput of the last 60 minutes (the shared Chart; loaded lazily by PlatformJobsView):
 * two panels sharing the time axis — jobs completed per minute on top, failed per minute
 * below — each bar stacked by job class. A legend with the hour's totals per class
 * follows; with no data the frame stays and a message says so. The minutes with work are
 * also listed, visually hidden, for screen readers.
 */
import { useFormatter, useLocale, useTranslations } from 'next-intl';
import { Fragment } from 'react';
import { Chart } from '@rrnet/ui/Chart';
import { JOB_CLASS_LIST } from '@rrnet/contracts';
import { JOB_CLASS_COLOR, formatClock, throughputSeries } from '~/lib/throughput';
import type { JobClassName, ThroughputRow } from '~/lib/throughput';

/** completed per minute on top, failed below (pixels high) */
const PANELS = [
  ['completed', 170],
  ['failed', 110],
] as const;

export function ThroughputChart({ rows, now }: { rows: readonly ThroughputRow[]; now: number }) {
  const t = useTranslations('jobs');
  const locale = useLocale();
  const format = useFormatter();
  const series = throughputSeries(rows, now);
  const empty = series.completedTotal === 0 && series.failedTotal === 0;
  const slots = series.slots;
  const clock = (v: number) => formatClock(v, locale);
  const summary = t('throughput.summary', { completed: format.number(series.completedTotal), failed: format.number(series.failedTotal) });

  const panel = (kind: 'completed' | 'failed', height: number) => (
    <div className="grid gap-1">
      <p className="m-0 text-xs font-medium text-muted-foreground">{t(`throughput.${kind}_axis`)}</p>
      <Chart
        data={slots}
        height={height}
        category={(slot) => String(slot.start.getTime())}
        // Jakarta is UTC+7: the same minutes are round
        tick={(slot) => (slot.start.getUTCMinutes() % 10 === 0 ? clock(slot.start.getTime()) : null)}
        title={(slot) => clock(slot.start.getTime())}
        hideXAxis={kind === 'completed'}
        fontSize={11}
        left={{ width: 44, integer: true, format: (v) => format.number(v) }}
        series={JOB_CLASS_LIST.map((c: JobClassName) => ({
          key: `${kind}_${c}`,
          kind: 'bar' as const,
          stack: kind,
          label: t(`class.${c}`),
          color: JOB_CLASS_COLOR[c],
          opacity: kind === 'failed' ? 0.75 : 1,
          value: (slot: (typeof slots)[number]) => slot[kind][c],
        }))}
      />
    </div>
  );

  return (
    <figure className="m-0 grid gap-3" data-testid="throughput-chart">
      <div className="relative grid gap-2" role="img" aria-label={`${t('throughput.chart_label')}. ${summary}`}>
        {PANELS.map(([kind, height]) => (
          <Fragment key={kind}>{panel(kind, height)}</Fragment>
        ))}
        <p className="m-0 text-center text-xs text-muted-foreground">{t('throughput.time_axis')}</p>
        {empty && (
          <p className="absolute inset-0 m-0 grid place-items-center text-sm text-muted-foreground" data-testid="throughput-empty">
            {t('throughput.empty')}
          </p>
        )}
      </div>
      <ul className="m-0 flex list-none flex-wrap gap-x-6 gap-y-1.5 p-0 text-sm" aria-label={t('throughput.legend')} data-testid="throughput-legend">
        {JOB_CLASS_LIST.map((c) => (
          <li key={c} data-testid={`legend-${c}`} className="flex items-center gap-1.5">
            <span className="inline-block size-3 rounded-sm" style={{ background: JOB_CLASS_COLOR[c] }} aria-hidden />
            <span className="font-medium">{t(`class.${c}`)}</span>
            <span className="text-muted-foreground">
              {t('throughput.legend_total', { completed: format.number(series.totals[c].completed), failed: format.number(series.totals[c].failed) })}
            </span>
          </li>
        ))}
      </ul>
      <figcaption className="text-sm text-muted-foreground" data-testid="throughput-summary">
        {summary}
      </figcaption>
      <ul className="sr-only" aria-label={t('throughput.chart_label')}>
        {series.slots
          .filter((s) => s.completedTotal + s.failedTotal > 0)
          .map((s) => (
            <li key={s.start.getTime()} data-testid="throughput-minute">
              {t('throughput.minute', { time: clock(s.start.getTime()), completed: format.number(s.completedTotal), failed: format.number(s.failedTotal) })}
            </li>
          ))}
      </ul>
    </figure>
  );
}
