'use client';
import { formatDate } from '@rrnet/contracts';
import { useSessionUser } from '~/hooks/useSessionUser';
import { useTranslation } from '~/hooks/useTranslation';
import { SystemStatus } from './SystemStatus';

export function DashboardView() {
  const { t, locale } = useTranslation();
  const user = useSessionUser();
  return (
    <>
      <h1>{t('dashboard.title')}</h1>
      <p data-testid="greeting">{t('dashboard.greeting', { name: user.name })}</p>
      <p data-testid="tenant-line">
        {t('dashboard.tenant', { tenant: user.tenant_name ?? t('shell.no_tenant'), role: t(`role.${user.role}`) })}
      </p>
      <p className="muted">
        {t('dashboard.today')}: <span data-testid="today">{formatDate(new Date(), locale)}</span>
      </p>
      <SystemStatus compact />
    </>
  );
}
