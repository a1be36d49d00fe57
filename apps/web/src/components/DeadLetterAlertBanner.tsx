'use client';
/**
 * The shell's red banner for platform admins while the dead-letter queue is at or over
 * its alert threshold. Shares the cached `platform.jobs.stats` with the jobs page; shows
 * nothing while loading, below the threshold, or when the stats cannot be read.
 */
import { TriangleAlert } from 'lucide-react';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useJobStats } from '~/hooks/useJobStats';

const BANNER_REFRESH_MS = 30_000;

export function DeadLetterAlertBanner() {
  const t = useTranslations('alert');
  const stats = useJobStats({ refetchInterval: BANNER_REFRESH_MS });
  const alert = stats.data?.alert;
  if (!alert?.active) return null;
  return (
    <div className="flex items-center gap-2 bg-destructive px-4 py-2 text-sm font-medium text-destructive-foreground sm:px-6" role="alert" data-testid="dead-letter-alert">
      <TriangleAlert className="size-4 shrink-0" aria-hidden />
      <Link href="/platform/dead-letters" className="text-destructive-foreground underline">
        {t('dead_letters', { count: alert.open, threshold: alert.threshold })}
      </Link>
    </div>
  );
}
