'use client';
/** An outage's status as a badge, its duration in hours and minutes, and where it is. */
import { useTranslations } from 'next-intl';
import type { Outage, OutageStatus } from '@rrnet/contracts';
import type { BadgeTone } from '@rrnet/ui/Badge';
import { StatusBadge } from '@rrnet/ui/StatusBadge';

const TONES: Record<OutageStatus, BadgeTone> = { suspected: 'warning', open: 'danger', resolved: 'success', dismissed: 'neutral' };

export function OutageStatusBadge({ status }: { status: OutageStatus }) {
  const t = useTranslations('outages.status');
  return <StatusBadge status={status} tones={TONES} label={t(status)} data-testid="outage-status" />;
}

export function useOutageDuration(): (seconds: number) => string {
  const t = useTranslations('outages');
  return (seconds) => t('duration', { hours: Math.floor(seconds / 3600), minutes: Math.floor((seconds % 3600) / 60) });
}

export function useOutageSource(): (o: Pick<Outage, 'source_kind' | 'source_name'>) => string {
  const t = useTranslations('outages.source');
  return (o) => `${t(o.source_kind)} ${o.source_name ?? '—'}`;
}
