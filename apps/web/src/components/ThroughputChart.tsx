'use client';
/**
 * Job throughput of the last 60 minutes as inline SVG (no chart library): two panels
 * sharing the time axis — jobs completed per minute on top, failed per minute below —
 * each a bar per minute stacked by job class, with its own value axis. A legend with
 * the hour's totals per class follows; with no data the frame stays and a message says so.
 */
import { JOB_CLASS_LIST } from '@rrnet/contracts';
import type { Locale } from '@rrnet/contracts';
import { useTranslation } from '~/hooks/useTranslation';
import { formatClock, niceScale, throughputSeries } from '~/lib/throughput';
import type { JobClassName, ThroughputRow, ThroughputSlot } from '~/lib/throughput';

const WIDTH = 760;
const LEFT = 52;
const RIGHT = 12;
const PLOT_WIDTH = WIDTH - LEFT - RIGHT;
const COMPLETED_PANEL = { title: 14, top: 22, height: 150 };
const FAILED_PANEL = { title: 196, top: 204, height: 80 };
const TIME_LABELS_Y = FAILED_PANEL.top + FAILED_PANEL.height + 16;
const TIME_TITLE_Y = TIME_LABELS_Y + 20;
const HEIGHT = TIME_TITLE_Y + 8;

type Panel = typeof COMPLETED_PANEL;

const formatCount = (value: number, locale: Locale) => new Intl.NumberFormat(locale === 'id' ? 'id-ID' : 'en-US').format(value);

/** The non-empty segments of one stacked bar, critical at the bottom. */
function stackOf(values: Record<JobClassName, number>): { jobClass: JobClassName; from: number; to: number }[] {
  const segments: { jobClass: JobClassName; from: number; to: number }[] = [];
  let base = 0;
  for (const jobClass of JOB_CLASS_LIST) {
    if (values[jobClass] <= 0) continue;
    segments.push({ jobClass, from: base, to: base + values[jobClass] });
    base += values[jobClass];
  }
  return segments;
}

function PanelBars({ slots, panel, kind, locale }: { slots: ThroughputSlot[]; panel: Panel; kind: 'completed' | 'failed'; locale: Locale }) {
  const scale = niceScale(Math.max(0, ...slots.map((s) => (kind === 'completed' ? s.completedTotal : s.failedTotal))), kind === 'completed' ? 4 : 2);
  const slotWidth = PLOT_WIDTH / slots.length;
  const barWidth = Math.max(1, slotWidth * 0.72);
  const y = (value: number) => panel.top + panel.height - (value / scale.max) * panel.height;
  return (
    <g className={`chart-panel chart-panel-${kind}`}>
      {scale.values.map((v) => (
        <g key={v}>
          <line className={v === 0 ? 'chart-axis' : 'chart-grid'} x1={LEFT} x2={LEFT + PLOT_WIDTH} y1={y(v)} y2={y(v)} />
          <text className="chart-tick" x={LEFT - 6} y={y(v)} dy="0.32em" textAnchor="end">
            {formatCount(v, locale)}
          </text>
        </g>
      ))}
      <line className="chart-axis" x1={LEFT} x2={LEFT} y1={panel.top} y2={panel.top + panel.height} />
      {slots.map((slot, i) =>
        stackOf(slot[kind]).map(({ jobClass, from, to }) => (
          <rect
            key={`${slot.start.getTime()}-${jobClass}`}
            className={`chart-bar series-${jobClass}${kind === 'failed' ? ' chart-bar-failed' : ''}`}
            x={LEFT + i * slotWidth + (slotWidth - barWidth) / 2}
            y={y(to)}
            width={barWidth}
            height={Math.max(0.5, y(from) - y(to))}
          />
        )),
      )}
    </g>
  );
}

export function ThroughputChart({ rows, now }: { rows: readonly ThroughputRow[]; now: number }) {
  const { t, locale } = useTranslation();
  const series = throughputSeries(rows, now);
  const empty = series.completedTotal === 0 && series.failedTotal === 0;
  const slotWidth = PLOT_WIDTH / series.slots.length;
  const summary = t('jobs.throughput.summary', { completed: formatCount(series.completedTotal, locale), failed: formatCount(series.failedTotal, locale) });

  return (
    <div className="chart" data-testid="throughput-chart">
      <div className="chart-frame">
        <svg
          className="chart-svg"
          viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
          role="img"
          aria-label={`${t('jobs.throughput.chart_label')}. ${summary}`}
          preserveAspectRatio="xMidYMid meet"
        >
          <text className="chart-panel-title" x={LEFT} y={COMPLETED_PANEL.title}>
            {t('jobs.throughput.completed_axis')}
          </text>
          <text className="chart-panel-title" x={LEFT} y={FAILED_PANEL.title}>
            {t('jobs.throughput.failed_axis')}
          </text>
          <PanelBars slots={series.slots} panel={COMPLETED_PANEL} kind="completed" locale={locale} />
          <PanelBars slots={series.slots} panel={FAILED_PANEL} kind="failed" locale={locale} />
          {series.slots.map((slot, i) => {
            const x = LEFT + i * slotWidth + slotWidth / 2;
            const labelled = slot.start.getUTCMinutes() % 10 === 0; // Jakarta is UTC+7: same minutes
            return (
              <g key={slot.start.getTime()} className="chart-slot">
                <title>
                  {t('jobs.throughput.minute', {
                    time: formatClock(slot.start, locale),
                    completed: formatCount(slot.completedTotal, locale),
                    failed: formatCount(slot.failedTotal, locale),
                  })}
                  {JOB_CLASS_LIST.filter((c) => slot.completed[c] + slot.failed[c] > 0)
                    .map((c) => `\n${t(`jobs.class.${c}`)}: ${formatCount(slot.completed[c], locale)} / ${formatCount(slot.failed[c], locale)}`)
                    .join('')}
                </title>
                <rect className="chart-hit" x={LEFT + i * slotWidth} y={COMPLETED_PANEL.top} width={slotWidth} height={FAILED_PANEL.top + FAILED_PANEL.height - COMPLETED_PANEL.top} />
                {labelled && (
                  <>
                    <line className="chart-axis" x1={x} x2={x} y1={FAILED_PANEL.top + FAILED_PANEL.height} y2={FAILED_PANEL.top + FAILED_PANEL.height + 4} />
                    <text className="chart-tick" x={x} y={TIME_LABELS_Y} textAnchor="middle">
                      {formatClock(slot.start, locale)}
                    </text>
                  </>
                )}
              </g>
            );
          })}
          <text className="chart-axis-title" x={LEFT + PLOT_WIDTH / 2} y={TIME_TITLE_Y} textAnchor="middle">
            {t('jobs.throughput.time_axis')}
          </text>
        </svg>
        {empty && (
          <p className="chart-empty" data-testid="throughput-empty">
            {t('jobs.throughput.empty')}
          </p>
        )}
      </div>
      <ul className="chart-legend" aria-label={t('jobs.throughput.legend')}>
        {JOB_CLASS_LIST.map((c) => (
          <li key={c} data-testid={`legend-${c}`}>
            <span className={`swatch series-${c}`} aria-hidden />
            <span className="legend-name">{t(`jobs.class.${c}`)}</span>
            <span className="muted">
              {t('jobs.throughput.legend_total', {
                completed: formatCount(series.totals[c].completed, locale),
                failed: formatCount(series.totals[c].failed, locale),
              })}
            </span>
          </li>
        ))}
      </ul>
      <p className="muted chart-summary">{summary}</p>
    </div>
  );
}
