'use client';
import { useTranslation } from '~/hooks/useTranslation';
import { SystemStatus } from './SystemStatus';

export function SystemStatusView() {
  const { t } = useTranslation();
  return (
    <>
      <h1>{t('status.title')}</h1>
      <SystemStatus />
    </>
  );
}
