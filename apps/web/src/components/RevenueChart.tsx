'use client';
/**
 * Revenue per day of the month as inline SVG (no chart library, like the job-throughput
 * chart): one bar per day, a value axis in compact rupiah, every fifth day labelled,
 * days still ahead drawn as empty slots. Each bar's tooltip gives the exact amount.
 */
import { formatIdr } from '@rrnet/contracts';
import type { Locale } from '@rrnet/contracts';
import { useTranslation } from '~/hooks/useTranslation';
import { formatCompactIdr, formatDay, revenueSeries } from '~/lib/billing';
import { niceScale } from '~/lib/throughput';

const WIDTH = 760;
const HEIGHT = 200;
const LEFT = 64;
const RIGHT = 12;
const TOP = 12;
const PLOT_HEIGHT = 150;
const PLOT_WIDTH = WIDTH - LEFT - RIGHT;
const LABELS_Y = TOP + PLOT_HEIGHT + 16;

/** A nice axis for rupiah: niceScale in thousands, so steps are round amounts. */
function rupiahScale(max: number): { max: number; values: number[] } {
  const scale = niceScale(max / 1000, 4);
  return { max: scale.max * 1000, values: scale.values.map((v) => v * 1000) };
}

export function RevenueChart({ month, rows, today, locale }: { month: string; rows: readonly { day: string; amount: number }[]; today: string; locale: Locale }) {
  const { t } = useTranslation();
  const series = revenueSeries(month, rows);
  const total = series.reduce((sum, d) => sum + d.amount, 0);
  const scale = rupiahScale(Math.max(0, ...series.map((d) => d.amount)));
  const slotWidth = PLOT_WIDTH / Math.max(1, series.length);
  const barWidth = Math.max(2, slotWidth * 0.7);
  const y = (value: number) => TOP + PLOT_HEIGHT - (value / scale.max) * PLOT_HEIGHT;
  const summary = t('dashboard.billing.chart_summary', { total: formatIdr(total, locale), days: series.filter((d) => d.amount > 0).length });

  return (
    <div className="chart" data-testid="revenue-chart">
      <div className="chart-frame">
        <svg className="chart-svg" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={`${t('dashboard.billing.chart_label')}. ${summary}`} preserveAspectRatio="xMidYMid meet">
          {scale.values.map((v) => (
            <g key={v}>
              <line className={v === 0 ? 'chart-axis' : 'chart-grid'} x1={LEFT} x2={LEFT + PLOT_WIDTH} y1={y(v)} y2={y(v)} />
              <text className="chart-tick" x={LEFT - 6} y={y(v)} dy="0.32em" textAnchor="end">
                {formatCompactIdr(v, locale)}
              </text>
            </g>
          ))}
          <line className="chart-axis" x1={LEFT} x2={LEFT} y1={TOP} y2={TOP + PLOT_HEIGHT} />
          {series.map((d, i) => {
            const x = LEFT + i * slotWidth;
            const future = d.day > today;
            return (
              <g key={d.day} className="chart-slot" data-testid="revenue-day" data-day={d.day} data-amount={d.amount}>
                <title>{`${formatDay(d.day, locale)}: ${formatIdr(d.amount, locale)}`}</title>
                <rect className="chart-hit" x={x} y={TOP} width={slotWidth} height={PLOT_HEIGHT} />
                {d.amount > 0 && (
                  <rect className="chart-bar revenue-bar" x={x + (slotWidth - barWidth) / 2} y={y(d.amount)} width={barWidth} height={Math.max(0.5, y(0) - y(d.amount))} />
                )}
                {future && <rect className="chart-future" x={x + (slotWidth - barWidth) / 2} y={y(0) - 2} width={barWidth} height={2} />}
                {(d.date === 1 || d.date % 5 === 0) && (
                  <text className="chart-tick" x={x + slotWidth / 2} y={LABELS_Y} textAnchor="middle">
                    {d.date}
                  </text>
                )}
              </g>
            );
          })}
        </svg>
        {total === 0 && (
          <p className="chart-empty" data-testid="revenue-empty">
            {t('dashboard.billing.chart_empty')}
          </p>
        )}
      </div>
      <p className="muted chart-summary">{summary}</p>
    </div>
  );
}
