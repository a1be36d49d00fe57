'use client';
/**
 * The dashboard's WhatsApp delivery rate over the last 30 days (notifications.messages.read,
 * the notifications feature), with the delivered and sent counts, linking to the log.
 * The plan or the role refuses it: no card at all.
 */
import { useQuery } from '@tanstack/react-query';
import { useFormatter, useTranslations } from 'next-intl';
import { Skeleton } from '@rrnet/ui/Skeleton';
import { StatCard } from '@rrnet/ui/StatCard';
import { errorCodeOf, retryUnlessRefused } from '~/hooks/useTrpcError';
import { useTRPC } from '~/trpc/TrpcProvider';
import { ErrorNotice } from './ErrorNotice';

export function WaDeliveryStatCard() {
  const t = useTranslations('dashboard.wa');
  const format = useFormatter();
  const trpc = useTRPC();
  const stats = useQuery({ ...trpc.notifications.stats.queryOptions(), retry: retryUnlessRefused });

  const code = errorCodeOf(stats.error);
  if (code === 'FEATURE_DISABLED' || code === 'FORBIDDEN') return null;
  if (stats.isError) return <ErrorNotice error={stats.error} />;
  const s = stats.data;
  const delivered = s ? s.delivered + s.read : 0;
  const left = s ? s.sent + s.delivered + s.read + s.failed : 0;
  return (
    <div className="grid gap-3 sm:grid-cols-2 xl:grid-cols-4">
      <StatCard
        data-testid="stat-wa-delivery"
        data-rate={s?.delivery_rate ?? ''}
        label={t('rate')}
        value={s ? (s.delivery_rate === null ? '—' : format.number(s.delivery_rate, 'percent')) : <Skeleton className="h-7 w-16" />}
        hint={s ? (left === 0 ? t('none') : t('counts', { delivered, left })) : null}
        tone={s?.delivery_rate != null && s.delivery_rate < 0.9 ? 'warning' : 'default'}
        link={{ href: '/notifications', label: t('open') }}
      />
    </div>
  );
}
