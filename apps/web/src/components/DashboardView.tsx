'use client';
import { useFormatter, useTranslations } from 'next-intl';
import type { Feature } from '@rrnet/contracts';
import { PageShell } from '@rrnet/ui/PageShell';
import { useSessionUser } from '~/hooks/useSessionUser';
import { BillingSummaryCards } from './BillingSummaryCards';
import { OnboardingChecklist } from './OnboardingChecklist';
import { OutageSummaryCard } from './OutageSummaryCard';
import { SystemStatus } from './SystemStatus';
import { WaDeliveryStatCard } from './WaDeliveryStatCard';

/** `features`: the ISP's plan features (null when unknown or without an ISP). */
export function DashboardView({ features = null, today }: { features?: readonly Feature[] | null; today: Date }) {
  const t = useTranslations();
  const format = useFormatter();
  const user = useSessionUser();
  const billing = user.can('billing.invoices.read') && user.tenant_name !== null && (features === null || features.includes('billing'));
  const outages = user.can('outages.outages.read') && user.tenant_name !== null && (features === null || features.includes('outages'));
  const onboarding = user.can('admin.settings.read') && user.tenant_name !== null;
  const whatsapp = user.can('notifications.messages.read') && user.tenant_name !== null && (features === null || features.includes('notifications'));
  return (
    <PageShell
      title={t('dashboard.title')}
      subtitle={
        <>
          <span className="block text-base text-foreground" data-testid="greeting">
            {t('dashboard.greeting', { name: user.name })}
          </span>
          <span className="block" data-testid="tenant-line">
            {t('dashboard.tenant', { tenant: user.tenant_name ?? t('shell.no_tenant'), role: t(`role.${user.role}`) })}
          </span>
          <span className="block">
            {t('dashboard.today')}: <span data-testid="today">{format.dateTime(today, 'date')}</span>
          </span>
        </>
      }
    >
      {onboarding && <OnboardingChecklist />}
      {outages && <OutageSummaryCard />}
      {billing && <BillingSummaryCards />}
      {whatsapp && <WaDeliveryStatCard />}
      <SystemStatus compact />
    </PageShell>
  );
}
