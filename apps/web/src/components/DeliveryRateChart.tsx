'use client';
/**
 * WhatsApp messages per day of the last 30 (Recharts; loaded lazily by NotificationsView,
 * so pages without a chart never load the library): one stacked bar per day — delivered
 * (or read), sent with no report yet, failed, still queued — the day of the month on the
 * axis, the day's counts in the tooltip. The same numbers are in a visually hidden list
 * for screen readers (and tests).
 */
import { useFormatter, useLocale, useTranslations } from 'next-intl';
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import type { WaDayCounts } from '@rrnet/contracts';
import { formatDay } from '~/lib/billing';

const PARTS = [
  ['delivered', 'var(--success)'],
  ['sent', 'var(--chart-1)'],
  ['failed', 'var(--destructive)'],
  ['waiting', 'var(--muted-foreground)'],
] as const;

const TICK = { fill: 'var(--muted-foreground)', fontSize: 12 };

export function DeliveryRateChart({ days }: { days: readonly WaDayCounts[] }) {
  const t = useTranslations('notifications.stats');
  const locale = useLocale();
  const format = useFormatter();
  const total = (d: WaDayCounts) => d.delivered + d.sent + d.failed + d.waiting;
  const active = days.filter((d) => total(d) > 0).length;
  return (
    <figure className="m-0 grid gap-2" data-testid="delivery-chart">
      <div className="relative">
        <BarChart responsive data={[...days]} style={{ width: '100%', height: 220 }} margin={{ top: 8, right: 8, bottom: 0, left: 0 }} accessibilityLayer={false}>
          <CartesianGrid vertical={false} stroke="var(--border)" />
          <XAxis dataKey="day" interval={4} tickLine={false} axisLine={{ stroke: 'var(--input)' }} tick={TICK} tickFormatter={(day: string) => String(Number(day.slice(8)))} />
          <YAxis width={36} allowDecimals={false} tickLine={false} axisLine={false} tick={TICK} tickFormatter={(v: number) => format.number(v)} />
          <Tooltip cursor={{ fill: 'var(--muted)' }} labelFormatter={(day) => formatDay(String(day), locale)} formatter={(value, name) => [format.number(Number(value)), t(name as (typeof PARTS)[number][0])]} />
          <Legend iconType="circle" iconSize={8} formatter={(name) => <span className="text-xs text-muted-foreground">{t(name as (typeof PARTS)[number][0])}</span>} />
          {PARTS.map(([key, color]) => (
            <Bar key={key} dataKey={key} stackId="day" fill={color} maxBarSize={18} isAnimationActive={false} />
          ))}
        </BarChart>
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
