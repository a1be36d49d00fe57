'use client';
/**
 * The ISP's own RRNet subscription: its plan and usage against the limits, its SaaS invoices (GET /billing/saas-invoices), newest
 * first, and the one picked shown with its lines and totals. Owners and admins only.
 */
import { useQuery } from '@tanstack/react-query';
import { useFormatter, useLocale, useTranslations } from 'next-intl';
import { useState } from 'react';
import type { SaasInvoice } from '@rrnet/contracts';
import { Button } from '@rrnet/ui/Button';
import { Card, CardContent, CardHeader, CardTitle } from '@rrnet/ui/Card';
import { actionsColumn } from '@rrnet/ui/columns';
import { DataTable } from '@rrnet/ui/DataTable';
import type { ColumnDef } from '@rrnet/ui/DataTable';
import { PageShell } from '@rrnet/ui/PageShell';
import { useSessionUser } from '~/hooks/useSessionUser';
import { retryUnlessRefused } from '~/hooks/useTrpcError';
import { formatDay, formatDayRange } from '~/lib/billing';
import { useTRPC } from '~/trpc/TrpcProvider';
import { ErrorNotice } from './ErrorNotice';
import { NoPermission } from './NoPermission';
import { SaasInvoiceCard, SaasInvoiceStatus } from './SaasInvoiceCard';
import { SubscriptionPlanCard } from './SubscriptionPlanCard';

export function useSaasInvoiceColumns({ selected, onSelect, showTenant }: { selected: string | null; onSelect: (id: string) => void; showTenant: boolean }): ColumnDef<SaasInvoice>[] {
  const t = useTranslations('saas');
  const locale = useLocale();
  const format = useFormatter();
  return [
    {
      id: 'number',
      header: t('number'),
      cell: ({ row: { original: i } }) => (
        <div className="grid min-w-0">
          <span className="font-medium whitespace-nowrap">{i.number}</span>
          {showTenant && <span className="text-xs text-muted-foreground">{i.tenant_name}</span>}
        </div>
      ),
    },
    {
      id: 'period',
      header: t('period'),
      cell: ({ row: { original: i } }) => (
        <div className="grid">
          <span className="whitespace-nowrap">{formatDayRange(i.period_start, i.period_end, locale)}</span>
          <span className="text-xs whitespace-nowrap text-muted-foreground">{t('due_on', { day: formatDay(i.due_date, locale) })}</span>
        </div>
      ),
    },
    { id: 'total', header: t('total'), cell: ({ row }) => <span className="whitespace-nowrap tabular-nums">{format.number(row.original.total, 'idr')}</span> },
    { id: 'status', header: t('status.label'), cell: ({ row }) => <SaasInvoiceStatus status={row.original.status} /> },
    actionsColumn(t('actions'), (i) => (
      <Button variant="secondary" size="sm" aria-pressed={i.id === selected} aria-label={t('show_for', { number: i.number })} onClick={() => onSelect(i.id)}>
        {t('show')}
      </Button>
    )),
  ];
}

function SubscriptionContent() {
  const t = useTranslations('saas');
  const trpc = useTRPC();
  const [selected, setSelected] = useState<string | null>(null);
  const list = useQuery({ ...trpc.billing.saasInvoices.list.queryOptions({ limit: 50 }), retry: retryUnlessRefused });
  const columns = useSaasInvoiceColumns({ selected, onSelect: setSelected, showTenant: false });
  if (list.isError && !list.data) return <ErrorNotice error={list.error} page />;
  const picked = list.data?.find((i) => i.id === selected) ?? list.data?.[0] ?? null;
  return (
    <div className="grid min-w-0 items-start gap-4 2xl:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
      <Card aria-labelledby="saas-invoices-title">
        <CardHeader>
          <CardTitle id="saas-invoices-title">{t('invoices_title')}</CardTitle>
        </CardHeader>
        <CardContent>
          <DataTable
            testId="saas-invoices"
            className="[&_tr[data-selected=true]]:bg-accent"
            columns={columns}
            data={list.data}
            getRowId={(i) => i.id}
            status={list}
            empty={t('empty')}
            rowProps={(i) => ({ 'data-testid': 'saas-invoice-row', 'data-id': i.id, 'data-selected': i.id === picked?.id ? 'true' : undefined })}
          />
        </CardContent>
      </Card>
      {picked && <SaasInvoiceCard key={picked.id} invoice={picked} />}
    </div>
  );
}

export function SubscriptionView() {
  const t = useTranslations('saas');
  const { can } = useSessionUser();
  return (
    <PageShell title={t('subscription_title')} subtitle={t('subscription_subtitle')} allowed={can('admin.subscription.read')} denied={<NoPermission />}>
      <SubscriptionPlanCard />
      <SubscriptionContent />
    </PageShell>
  );
}
