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
    <figure className="m-0 grid gap-2" data-testid="delivery-chart">
      <div className="relative">
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
        {active === 0 && (
          <p className="absolute inset-0 m-0 grid place-items-center text-sm text-muted-foreground" data-testid="delivery-chart-empty">
            {t('chart_empty')}
          </p>
        )}
      </div>
      <figcaption className="text-sm text-muted-foreground">{t('chart_summary', { days: active })}</figcaption>
      <ul className="sr-only" aria-label={t('chart_label')}>
        {days
          .filter((d) => total(d) > 0)
          .map((d) => (
            <li key={d.day} data-testid="delivery-day" data-day={d.day} data-delivered={d.delivered} data-failed={d.failed}>
              {t('chart_day', { day: formatDay(d.day, locale), delivered: d.delivered, sent: d.sent, failed: d.failed, waiting: d.waiting })}
            </li>
          ))}
      </ul>
    </figure>
  );
}
