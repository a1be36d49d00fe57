'use client';
/** The subscriber's service: plan, speed, price, status — and when isolated, why and how it comes back. */
import { useFormatter, useTranslations } from 'next-intl';
import type { PortalService } from '@rrnet/contracts';
import { Alert, AlertDescription, AlertTitle } from '@rrnet/ui/Alert';
import { Card, CardContent } from '@rrnet/ui/Card';
import { DescriptionItem, DescriptionList } from '@rrnet/ui/DescriptionList';
import { CustomerStatusBadge } from './StatusBadges';

export function PortalServiceCard({ service }: { service: PortalService }) {
  const t = useTranslations('portal.service');
  const format = useFormatter();
  const idr = (n: number) => format.number(n, 'idr');
  const isolated = service.status === 'isolated' || service.isolir_pending;
  return (
    <div className="grid gap-4">
      {isolated && (
        <Alert tone="danger" data-testid="portal-isolated">
          <AlertTitle>{t('isolated_title')}</AlertTitle>
          <AlertDescription>
            {service.isolation?.invoice_number ? t('isolated_body', { number: service.isolation.invoice_number }) : t('isolated_body_plain')}
            {service.isolir_pending && service.status !== 'isolated' && <span className="block">{t('isolating')}</span>}
          </AlertDescription>
        </Alert>
      )}
      <Card data-testid="portal-service" title={t('title')}>
        <CardContent>
          <DescriptionList>
            <DescriptionItem term={t('plan')}>
              <span className="font-medium">{service.plan.name}</span>
              <span className="block text-sm text-muted-foreground">
                {t('speed', { down: Math.round(service.plan.download_kbps / 1000), up: Math.round(service.plan.upload_kbps / 1000) })}
              </span>
            </DescriptionItem>
            <DescriptionItem term={t('price')}>{idr(service.plan.price)}</DescriptionItem>
            <DescriptionItem term={t('status')}>
              <CustomerStatusBadge status={service.status} />
            </DescriptionItem>
            <DescriptionItem term={t('customer_code')}>
              <code>{service.code}</code>
            </DescriptionItem>
            <DescriptionItem term={t('outstanding')}>
              {service.open_invoices > 0 ? (
                <span className="font-semibold" data-testid="portal-outstanding">
                  {idr(service.outstanding)} · {t('open_invoices', { count: service.open_invoices })}
                </span>
              ) : (
                <span data-testid="portal-outstanding">{t('all_paid')}</span>
              )}
            </DescriptionItem>
          </DescriptionList>
        </CardContent>
      </Card>
    </div>
  );
}
