'use client';
/**
 * WhatsApp messages per day of the last 30 (the shared Chart; loaded lazily by
 * NotificationsView, so pages without a chart never load it): one stacked bar per day — delivered
 * (or read), sent with no report yet, failed, still queued — the day of the month on the
 * axis, the day's counts in the tooltip. The same numbers are in a visually hidden list
 * for screen readers (and tests).
 */
import { useFormatter, useLocale, useTranslations } from 'next-intl';
import { Chart } from '@rrnet/ui/Chart';
import { ChartFigure } from '@rrnet/ui/ChartFigure';
import type { WaDayCounts } from '@rrnet/contracts';
import { formatDay } from '~/lib/billing';

const PARTS = [
  ['delivered', 'var(--success)'],
  ['sent', 'var(--chart-1)'],
  ['failed', 'var(--destructive)'],
  ['waiting', 'var(--muted-foreground)'],
] as const;

export function DeliveryRateChart({ days }: { days: readonly WaDayCounts[] }) {
  const t = useTranslations('notifications.stats');
  const locale = useLocale();
  const format = useFormatter();
  const total = (d: WaDayCounts) => d.delivered + d.sent + d.failed + d.waiting;
  const active = days.filter((d) => total(d) > 0).length;
  return (
    <ChartFigure
      testId="delivery-chart"
      empty={active === 0 ? t('chart_empty') : null}
      emptyTestId="delivery-chart-empty"
      label={t('chart_label')}
      caption={t('chart_summary', { days: active })}
      items={days
        .filter((d) => total(d) > 0)
        .map((d) => (
          <li key={d.day} data-testid="delivery-day" data-day={d.day} data-delivered={d.delivered} data-failed={d.failed}>
            {t('chart_day', { day: formatDay(d.day, locale), delivered: d.delivered, sent: d.sent, failed: d.failed, waiting: d.waiting })}
          </li>
        ))}
    >
      <Chart
        data={days}
        height={220}
        category={(d) => d.day}
        tick={(d, i) => (i % 5 === 0 ? String(Number(d.day.slice(8))) : null)}
        title={(d) => formatDay(d.day, locale)}
        left={{ width: 36, integer: true, format: (v) => format.number(v) }}
        legend
        series={PARTS.map(([key, color]) => ({ key, kind: 'bar' as const, stack: 'day', label: t(key), color, value: (d: WaDayCounts) => d[key] }))}
      />
    </ChartFigure>
  );
}
