'use client';
/** The signed-in subscriber's home: outages affecting them first, then service, invoices, reports and profile in tabs. */
import { useQuery } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import type { PortalBrand } from '@rrnet/contracts';
import { Skeleton } from '@rrnet/ui/Skeleton';
import { Tabs, TabsContent, TabsList, TabsTrigger } from '@rrnet/ui/Tabs';
import { retryUnlessRefused } from '~/hooks/useTrpcError';
import { useTRPC } from '~/trpc/TrpcProvider';
import { ErrorNotice } from './ErrorNotice';
import { PortalBrandHeader } from './PortalBrandHeader';
import { PortalInvoicesCard } from './PortalInvoicesCard';
import { PortalOutageAlerts } from './PortalOutageAlerts';
import { PortalProfileCard } from './PortalProfileCard';
import { PortalServiceCard } from './PortalServiceCard';
import { PortalTicketsCard } from './PortalTicketsCard';

export function PortalHomeView({ brand }: { brand: PortalBrand }) {
  const t = useTranslations('portal');
  const trpc = useTRPC();
  const service = useQuery({ ...trpc.portal.service.queryOptions(), retry: retryUnlessRefused });
  return (
    <div className="min-h-dvh bg-background">
      <PortalBrandHeader brand={brand} signedIn />
      <main className="mx-auto grid w-full max-w-3xl gap-4 px-4 py-5">
        {service.isError ? (
          <ErrorNotice error={service.error} page />
        ) : !service.data ? (
          <Skeleton className="h-40" />
        ) : (
          <>
            <h1 className="m-0 text-xl font-semibold" data-testid="portal-hello">
              {t('hello', { name: service.data.name })}
            </h1>
            <PortalOutageAlerts />
            <Tabs defaultValue="service">
              <TabsList className="w-full justify-between sm:w-auto sm:justify-start">
                <TabsTrigger value="service" data-testid="portal-tab-service">{t('tabs.service')}</TabsTrigger>
                <TabsTrigger value="invoices" data-testid="portal-tab-invoices">{t('tabs.invoices')}</TabsTrigger>
                <TabsTrigger value="tickets" data-testid="portal-tab-tickets">{t('tabs.tickets')}</TabsTrigger>
                <TabsTrigger value="profile" data-testid="portal-tab-profile">{t('tabs.profile')}</TabsTrigger>
              </TabsList>
              <TabsContent value="service">
                <PortalServiceCard service={service.data} />
              </TabsContent>
              <TabsContent value="invoices">
                <PortalInvoicesCard slug={brand.slug} />
              </TabsContent>
              <TabsContent value="tickets">
                <PortalTicketsCard />
              </TabsContent>
              <TabsContent value="profile">
                <PortalProfileCard service={service.data} />
              </TabsContent>
            </Tabs>
          </>
        )}
      </main>
    </div>
  );
}
