'use client';
/**
 * The shell's red banner for platform admins while the dead-letter queue is at or over
 * its alert threshold. Shares the cached `platform.jobs.stats` with the jobs page; shows
 * nothing while loading, below the threshold, or when the stats cannot be read.
 */
import Link from 'next/link';
import { useJobStats } from '~/hooks/useJobStats';
import { useLocale, useTranslations } from 'next-intl';

const BANNER_REFRESH_MS = 30_000;

export function DeadLetterAlertBanner() {
  const t = useTranslations();
  const locale = useLocale();
  const stats = useJobStats({ refetchInterval: BANNER_REFRESH_MS });
  const alert = stats.data?.alert;
  if (!alert?.active) return null;
  const format = new Intl.NumberFormat(locale === 'id' ? 'id-ID' : 'en-US');
  return (
    <div className="alert-banner" role="alert" data-testid="dead-letter-alert">
      <span className="alert-banner-icon" aria-hidden>
        !
      </span>
      <Link href="/platform/dead-letters">
        {t('alert.dead_letters', { count: format.format(alert.open), threshold: format.format(alert.threshold) })}
      </Link>
    </div>
  );
}
