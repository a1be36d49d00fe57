'use client';
/**
 * The ISP's own RRNet subscription: its plan and usage against the limits, its SaaS invoices (GET /billing/saas-invoices), newest
 * first, and the one picked shown with its lines and totals. Owners and admins only. An open invoice is paid online through
 * RRNet's Midtrans account ("Pay online" → Snap's page → back here with `?invoice=`): the page then waits for Midtrans's
 * notification to mark it paid.
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import { useFormatter, useLocale, useTranslations } from 'next-intl';
import { useState } from 'react';
import { Alert } from '@rrnet/ui/Alert';
import type { SaasInvoice } from '@rrnet/contracts';
import { Button } from '@rrnet/ui/Button';
import { Card, CardContent } from '@rrnet/ui/Card';
import { actionsColumn } from '@rrnet/ui/columns';
import { DataTable } from '@rrnet/ui/DataTable';
import type { ColumnDef } from '@rrnet/ui/DataTable';
import { CellLines } from '@rrnet/ui/CellLines';
import { useSessionUser } from '~/hooks/useSessionUser';
import { retryUnlessRefused } from '~/hooks/useTrpcError';
import { formatDay, formatDayRange } from '~/lib/billing';
import { useTRPC } from '~/trpc/TrpcProvider';
import { ErrorNotice } from './ErrorNotice';
import { SaasInvoiceCard, SaasInvoiceStatus } from './SaasInvoiceCard';

function useSaasInvoiceColumns({ selected, onSelect, showTenant }: { selected: string | null; onSelect: (id: string) => void; showTenant: boolean }): ColumnDef<SaasInvoice>[] {
  const t = useTranslations('saas');
  const locale = useLocale();
  const format = useFormatter();
  return [
    {
      id: 'number',
      header: t('number'),
      cell: ({ row: { original: i } }) => <CellLines main={i.number} mainClassName="font-medium whitespace-nowrap" sub={showTenant ? i.tenant_name : null} />,
    },
    {
      id: 'period',
      header: t('period'),
      cell: ({ row: { original: i } }) => (
        <CellLines main={formatDayRange(i.period_start, i.period_end, locale)} mainClassName="whitespace-nowrap" sub={t('due_on', { day: formatDay(i.due_date, locale) })} subClassName="whitespace-nowrap" />
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

/**
 * SaaS invoices as a list (the ISP's own, or every ISP's with `showTenant`): number,
 * period and due day, total, status; "show" picks one, whose row is highlighted.
 */
export function SaasInvoicesTable({
  list,
  selected,
  onSelect,
  showTenant,
}: {
  list: { data: SaasInvoice[] | undefined; isPending: boolean; isError: boolean };
  selected: string | null;
  onSelect: (id: string) => void;
  showTenant: boolean;
}) {
  const t = useTranslations('saas');
  const columns = useSaasInvoiceColumns({ selected, onSelect, showTenant });
  return (
    <DataTable
      testId="saas-invoices"
      columns={columns}
      query={list}
      empty={t('empty')}
      rowProps={(i) => ({ 'data-testid': 'saas-invoice-row', 'data-id': i.id })}
      selected={selected}
    />
  );
}

/** "Pay online": a Snap payment on RRNet's Midtrans account for the invoice's total; the browser goes to Midtrans's page. */
function PaySaasInvoice({ invoice }: { invoice: SaasInvoice }) {
  const t = useTranslations('saas.pay');
  const format = useFormatter();
  const trpc = useTRPC();
  const pay = useMutation(trpc.billing.saasInvoices.paymentLink.mutationOptions({ onSuccess: (link) => window.location.assign(link.redirect_url) }));
  return (
    <div className="grid gap-3 border-t pt-4" data-testid="saas-pay">
      <p className="m-0 text-sm text-muted-foreground">{t('hint', { amount: format.number(invoice.total, 'idr') })}</p>
      {pay.error && <ErrorNotice error={pay.error} />}
      <div>
        <Button onClick={() => pay.mutate({ id: invoice.id })} disabled={pay.isPending || pay.isSuccess} data-testid="saas-pay-button">
          {pay.isPending || pay.isSuccess ? t('opening') : t('button', { amount: format.number(invoice.total, 'idr') })}
        </Button>
      </div>
    </div>
  );
}

/** Back from Midtrans (`?invoice=…&transaction_status=…`, read by the page): that invoice, and whether Midtrans said it settled. */
export interface GatewayReturn {
  invoiceId: string | null;
  settled: boolean;
}

const CONFIRM_POLL_MS = 2000;
const CONFIRM_POLLS = 30;

export function SubscriptionView({ back }: { back: GatewayReturn }) {
  const t = useTranslations('saas');
  const trpc = useTRPC();
  const { can } = useSessionUser();
  const [selected, setSelected] = useState<string | null>(null);
  const list = useQuery({
    ...trpc.billing.saasInvoices.list.queryOptions({ limit: 50 }),
    retry: retryUnlessRefused,
    // back from Midtrans before its notification was applied: ask again for a minute
    refetchInterval: (q) => (back.settled && q.state.dataUpdateCount < CONFIRM_POLLS && q.state.data?.find((i) => i.id === back.invoiceId)?.status === 'open' ? CONFIRM_POLL_MS : false),
  });
  if (list.isError && !list.data) return <ErrorNotice error={list.error} page />;
  const picked = list.data?.find((i) => i.id === (selected ?? back.invoiceId)) ?? list.data?.[0] ?? null;
  const returned = back.invoiceId ? list.data?.find((i) => i.id === back.invoiceId) : undefined;
  return (
    <div className="grid min-w-0 items-start gap-4 2xl:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
      {returned && (back.settled || returned.status === 'paid') && (
        <Alert tone={returned.status === 'paid' ? 'success' : 'info'} role="status" data-testid="saas-pay-result" className="2xl:col-span-2">
          <p>{returned.status === 'paid' ? t('pay.done', { number: returned.number }) : t('pay.confirming', { number: returned.number })}</p>
        </Alert>
      )}
      <Card titleId="saas-invoices-title" title={t('invoices_title')}>
        <CardContent>
          <SaasInvoicesTable list={list} selected={picked?.id ?? null} onSelect={setSelected} showTenant={false} />
        </CardContent>
      </Card>
      {picked && (
        <SaasInvoiceCard key={picked.id} invoice={picked}>
          {picked.status === 'open' && can('admin.subscription.manage') && <PaySaasInvoice invoice={picked} />}
        </SaasInvoiceCard>
      )}
    </div>
  );
}
