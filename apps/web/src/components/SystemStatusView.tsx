'use client';
import { useTranslations } from 'next-intl';
import { SystemStatus } from './SystemStatus';

export function SystemStatusView() {
  const t = useTranslations();
  return (
    <>
      <h1>{t('status.title')}</h1>
      <SystemStatus />
    </>
  );
}
