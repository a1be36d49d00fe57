'use client';
import { formatDate } from '@rrnet/contracts';
import type { Feature } from '@rrnet/contracts';
import { useSessionUser } from '~/hooks/useSessionUser';
import { useLocale, useTranslations } from 'next-intl';
import { BillingSummaryCards } from './BillingSummaryCards';
import { SystemStatus } from './SystemStatus';

/** `features`: the ISP's plan features (null when unknown or without an ISP). */
export function DashboardView({ features = null }: { features?: readonly Feature[] | null }) {
  const t = useTranslations();
  const locale = useLocale();
  const user = useSessionUser();
  const billing = user.can('billing.invoices.read') && user.tenant_name !== null && (features === null || features.includes('billing'));
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
      {billing && <BillingSummaryCards />}
      <SystemStatus compact />
    </>
  );
}
