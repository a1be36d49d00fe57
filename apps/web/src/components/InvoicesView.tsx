'use client';
/**
 * Invoices: filters (status, billing month, one customer when arriving from elsewhere),
 * keyset pages behind "Load more", each row with its amounts, status and due date; and
 * "Run billing" (billing.invoices.manage), a dialog that issues the invoices of one
 * billing day now (InvoiceRunDialog, loaded when it opens).
 */
import { useQuery } from '@tanstack/react-query';
import { Play } from 'lucide-react';
import dynamic from 'next/dynamic';
import Link from 'next/link';
import { useFormatter, useLocale, useTranslations } from 'next-intl';
import { useState } from 'react';
import { INVOICE_STATUSES } from '@rrnet/contracts/constants';
import type { InvoiceStatus, invoiceListInput } from '@rrnet/contracts';
import type { RouterOutputs } from '@rrnet/api';
import { Button } from '@rrnet/ui/Button';
import { DataTable } from '@rrnet/ui/DataTable';
import type { ColumnDef } from '@rrnet/ui/DataTable';
import { Field, FieldLabel } from '@rrnet/ui/Field';
import { FilterBar, FilterSelect } from '@rrnet/ui/FilterBar';
import { Input } from '@rrnet/ui/Input';
import { PageShell } from '@rrnet/ui/PageShell';
import type { z } from 'zod';
import { useKeysetPages } from '~/hooks/useKeysetPages';
import { useSessionUser } from '~/hooks/useSessionUser';
import { retryUnlessRefused } from '~/hooks/useTrpcError';
import { formatDay, formatDayRange } from '~/lib/billing';
import { useTRPC, useTRPCClient } from '~/trpc/TrpcProvider';
import { ErrorNotice } from './ErrorNotice';
import { NoPermission } from './NoPermission';
import { InvoiceStatusBadge } from './StatusBadges';
import { customerColumn } from '~/lib/customer_column';
import { ListCard } from './ListCard';
import { choices } from '@rrnet/ui/choices';

// the run-billing form (react-hook-form, zod, the schema) loads when its dialog opens
const InvoiceRunDialog = dynamic(() => import('./InvoiceRunDialog').then((m) => m.InvoiceRunDialog), { ssr: false });

const PAGE_SIZE = 50;

type ListInput = Omit<z.input<typeof invoiceListInput>, 'cursor'>;
type Invoice = RouterOutputs['billing']['invoices']['list']['items'][number];

function useInvoiceColumns(): ColumnDef<Invoice>[] {
  const t = useTranslations('invoices');
  const locale = useLocale();
  const format = useFormatter();
  const idr = (amount: number) => format.number(amount, 'idr');
  return [
    { id: 'number', header: t('number'), meta: { className: 'whitespace-nowrap' }, cell: ({ row }) => <code>{row.original.number}</code> },
    customerColumn(t('customer'), (inv) => ({ id: inv.customer_id, name: inv.customer_name, code: inv.customer_code }), { rowLinked: true }),
    { id: 'period', header: t('period'), cell: ({ row }) => formatDayRange(row.original.period_start, row.original.period_end, locale) },
    { id: 'total', header: t('total'), meta: { numeric: true, className: 'whitespace-nowrap' }, cell: ({ row }) => idr(row.original.total) },
    { id: 'paid', header: t('paid'), meta: { numeric: true, className: 'whitespace-nowrap' }, cell: ({ row }) => idr(row.original.paid_amount) },
    {
      id: 'outstanding',
      header: t('outstanding'),
      meta: { numeric: true, className: 'whitespace-nowrap' },
      cell: ({ row }) => (row.original.outstanding > 0 ? <strong>{idr(row.original.outstanding)}</strong> : idr(0)),
    },
    { id: 'due', header: t('due_date'), meta: { className: 'whitespace-nowrap' }, cell: ({ row }) => formatDay(row.original.due_date, locale) },
    { id: 'status', header: t('status.label'), cell: ({ row }) => <InvoiceStatusBadge status={row.original.status} /> },
  ];
}

function InvoicesContent({ customerId }: { customerId: string | null }) {
  const t = useTranslations('invoices');
  const { can } = useSessionUser();
  const trpc = useTRPC();
  const client = useTRPCClient();
  const columns = useInvoiceColumns();
  const [status, setStatus] = useState<InvoiceStatus | ''>('');
  const [period, setPeriod] = useState('');
  const [customer, setCustomer] = useState(customerId);

  const input: ListInput = {
    ...(status ? { status } : {}),
    ...(/^\d{4}-\d{2}$/.test(period) ? { period } : {}),
    ...(customer ? { customer_id: customer } : {}),
    limit: PAGE_SIZE,
  };
  const { query: list, items } = useKeysetPages(trpc.billing.invoices.list.infiniteQueryKey(input), input, (page, signal) =>
    client.billing.invoices.list.query(page, { signal }),
  );
  const filtered = !!(status || input.period || customer);
  // the filtered customer's name, also when it has no invoices (yet)
  const customerDetail = useQuery({
    ...trpc.customers.customers.get.queryOptions({ id: customer ?? '' }),
    enabled: !!customer && can('customers.customers.read'),
    retry: retryUnlessRefused,
  });
  const customerName = customerDetail.data?.name ?? items[0]?.customer_name ?? '…';

  if (list.isError && !list.data) return <ErrorNotice error={list.error} page />;
  return (
    <>
      <FilterBar
        label={t('filter.label')}
        resetLabel={t('filter.reset')}
        resetDisabled={!filtered}
        onReset={() => {
          setStatus('');
          setPeriod('');
          setCustomer(null);
        }}
      >
        <FilterSelect id="invoices-status" name="status" label={t('status.label')} all={t('filter.all')} value={status} options={choices(INVOICE_STATUSES, (s) => t(`status.${s}`))} onChange={(v) => setStatus(v as InvoiceStatus | '')} />
        <Field>
          <FieldLabel htmlFor="invoices-period">{t('billing_month')}</FieldLabel>
          <Input id="invoices-period" type="month" name="period" placeholder={t('run.month_placeholder')} value={period} onChange={(e) => setPeriod(e.target.value)} />
        </Field>
      </FilterBar>
      {customer && (
        <p className="m-0 flex flex-wrap items-center gap-x-2 text-sm text-muted-foreground" data-testid="invoices-customer-filter">
          {t('filter.one_customer', { name: customerName })}
          <Link href={`/customers/${customer}`} className="text-primary hover:underline">
            {t('open_customer')}
          </Link>
          <Button variant="link" size="sm" onClick={() => setCustomer(null)}>
            {t('filter.all_customers')}
          </Button>
        </p>
      )}

      <ListCard query={list} title={list.data ? t(list.hasNextPage ? 'count_more' : 'count', { count: items.length }) : t('title')}>
        <DataTable
          testId="invoices"
          columns={columns}
          data={list.data ? items : undefined}
          status={list}
          empty={filtered ? t('empty_filtered') : t('empty')}
          rowHref={(inv) => `/billing/invoices/${inv.id}`}
          rowProps={(inv) => ({
            'data-testid': 'invoice-row',
            'data-id': inv.id,
            'data-number': inv.number,
            'data-status': inv.status,
            'data-outstanding': String(inv.outstanding),
          })}
          pages={list}
          loadMoreLabel={t('load_more')}
        />
      </ListCard>
    </>
  );
}

export function InvoicesView({ customerId = null }: { customerId?: string | null }) {
  const t = useTranslations('invoices');
  const { can } = useSessionUser();
  const [running, setRunning] = useState(false);
  const actions = can('billing.invoices.manage') && (
    <Button onClick={() => setRunning(true)} data-testid="run-billing">
      <Play aria-hidden />
      {t('run.title')}
    </Button>
  );
  return (
    <PageShell title={t('title')} subtitle={t('subtitle')} actions={actions} allowed={can('billing.invoices.read')} denied={<NoPermission />}>
      <InvoicesContent customerId={customerId} />
      {running && <InvoiceRunDialog onClose={() => setRunning(false)} />}
    </PageShell>
  );
}
