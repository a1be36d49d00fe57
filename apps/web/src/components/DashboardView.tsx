'use client';
import { formatDate } from '@rrnet/contracts';
import { useTranslation } from '~/hooks/useTranslation';
import { SystemStatus } from './SystemStatus';

export function DashboardView() {
  const { t, locale } = useTranslation();
  return (
    <>
      <h1>{t('dashboard.title')}</h1>
      <p>{t('dashboard.welcome')}</p>
      <p className="muted">
        {t('dashboard.today')}: <span data-testid="today">{formatDate(new Date(), locale)}</span>
      </p>
      <SystemStatus compact />
    </>
  );
}
