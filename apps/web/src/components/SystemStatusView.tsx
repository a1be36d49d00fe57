'use client';
/** The system page: live readiness of the services behind the app. */
import { useTranslations } from 'next-intl';
import { PageShell } from '@rrnet/ui/PageShell';
import { SystemStatus } from './SystemStatus';

export function SystemStatusView() {
  const t = useTranslations('status');
  return (
    <PageShell title={t('title')}>
      <SystemStatus />
    </PageShell>
  );
}
