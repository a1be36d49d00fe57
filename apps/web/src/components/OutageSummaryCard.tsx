'use client';
/**
 * The dashboard's open outages: how many (and suspected), the customers they affect, and
 * the mean time to resolve over 30 days, linking to the outages page. The plan or the
 * role refuses it: no card at all.
 */
import { useQuery } from '@tanstack/react-query';
import { useFormatter, useTranslations } from 'next-intl';
import { Skeleton } from '@rrnet/ui/Skeleton';
import { StatCard } from '@rrnet/ui/StatCard';
import { errorCodeOf, retryUnlessRefused } from '~/hooks/useTrpcError';
import { useTRPC } from '~/trpc/TrpcProvider';
import { ErrorNotice } from './ErrorNotice';
import { useOutageDuration } from './OutageBadges';

export function OutageSummaryCard() {
  const t = useTranslations('outages.card');
  const format = useFormatter();
  const duration = useOutageDuration();
  const trpc = useTRPC();
  const summary = useQuery({ ...trpc.outages.summary.queryOptions(), retry: retryUnlessRefused });
  const code = errorCodeOf(summary.error);
  if (code === 'FEATURE_DISABLED' || code === 'FORBIDDEN') return null;
  if (summary.isError) return <ErrorNotice error={summary.error} />;
  const s = summary.data;
  const link = { href: '/outages', label: t('link') };
  return (
    <div className="grid gap-3 sm:grid-cols-2 xl:grid-cols-4">
      <StatCard
        data-testid="stat-open-outages"
        data-open={s?.open ?? ''}
        label={t('open')}
        value={s ? format.number(s.open) : <Skeleton className="h-7 w-12" />}
        hint={s ? t('hint', { affected: s.affected_customers, suspected: s.suspected }) : null}
        tone={s && s.open + s.suspected > 0 ? 'danger' : 'default'}
        link={link}
      />
      <StatCard
        data-testid="stat-outage-mttr"
        label={t('mean')}
        value={s ? (s.mean_resolution_seconds === null ? '—' : duration(s.mean_resolution_seconds)) : <Skeleton className="h-7 w-16" />}
        hint={s && s.mean_resolution_seconds === null ? t('mean_none') : null}
      />
    </div>
  );
}
