'use client';
/**
 * Arrears: every customer with open invoices, oldest due date first — what is owed, how
 * many days past due, and the customer's status with the "isolir pending" flag. Past the
 * grace days (shown when the settings are readable) the hourly sweep isolates them.
 */
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useFormatter, useLocale, useTranslations } from 'next-intl';
import { useState } from 'react';
import { CUSTOMER_STATUSES } from '@rrnet/contracts';
import type { CustomerStatus } from '@rrnet/contracts';
import type { RouterOutputs } from '@rrnet/api';
import { Badge } from '@rrnet/ui/Badge';
import { Button } from '@rrnet/ui/Button';
import { Card, CardAction, CardContent, CardHeader, CardTitle } from '@rrnet/ui/Card';
import { actionsColumn } from '@rrnet/ui/columns';
import { DataTable } from '@rrnet/ui/DataTable';
import type { ColumnDef } from '@rrnet/ui/DataTable';
import { FilterBar, FilterSelect } from '@rrnet/ui/FilterBar';
import { useSessionUser } from '~/hooks/useSessionUser';
import { retryUnlessRefused } from '~/hooks/useTrpcError';
import { formatDay } from '~/lib/billing';
import { useTRPC } from '~/trpc/TrpcProvider';
import { ErrorNotice } from './ErrorNotice';
import { CustomerStatusBadge, IsolirPendingBadge } from './StatusBadges';
import { customerColumn } from '~/lib/customer_column';

type Show = 'all' | 'overdue' | 'beyond_grace';
type Arrear = RouterOutputs['billing']['arrears'][number];

const isCustomerStatus = (s: string): s is CustomerStatus => (CUSTOMER_STATUSES as readonly string[]).includes(s);

function useArrearsColumns(grace: number | null): ColumnDef<Arrear>[] {
  const t = useTranslations();
  const locale = useLocale();
  const format = useFormatter();
  return [
    customerColumn(t('invoices.customer'), (a) => ({ id: a.customer_id, name: a.customer_name, code: a.customer_code }), { testId: 'arrears-customer' }),
    {
      id: 'outstanding',
      header: t('invoices.outstanding'),
      meta: { numeric: true, className: 'whitespace-nowrap' },
      cell: ({ row: { original: a } }) => (
        <div className="grid">
          <strong>{format.number(a.outstanding, 'idr')}</strong>
          <span className="text-xs text-muted-foreground">{t('arrears.open_invoices', { count: a.open_invoices })}</span>
        </div>
      ),
    },
    { id: 'oldest_due', header: t('arrears.oldest_due'), meta: { className: 'whitespace-nowrap' }, cell: ({ row }) => formatDay(row.original.oldest_due_date, locale) },
    {
      id: 'days_overdue',
      header: t('arrears.days_overdue'),
      meta: { numeric: true, className: 'whitespace-nowrap' },
      cell: ({ row: { original: a } }) =>
        a.days_overdue > 0 ? (
          <Badge tone={grace !== null && a.days_overdue > grace ? 'danger' : 'warning'}>{t('arrears.days', { count: a.days_overdue })}</Badge>
        ) : (
          <span className="text-muted-foreground">{t('arrears.not_due')}</span>
        ),
    },
    {
      id: 'status',
      header: t('customers.status.label'),
      cell: ({ row: { original: a } }) => (
        <span className="inline-flex flex-wrap justify-end gap-1 sm:justify-start">
          {isCustomerStatus(a.customer_status) ? <CustomerStatusBadge status={a.customer_status} /> : a.customer_status}
          {a.isolir_pending && <IsolirPendingBadge />}
        </span>
      ),
    },
    actionsColumn(t('users.actions'), (a) => (
      <Button variant="secondary" size="sm" asChild>
        <Link href={`/billing/invoices?customer_id=${a.customer_id}`}>{t('arrears.invoices')}</Link>
      </Button>
    )),
  ];
}

export function ArrearsView() {
  const t = useTranslations('arrears');
  const format = useFormatter();
  const trpc = useTRPC();
  const { can } = useSessionUser();
  const arrears = useQuery({ ...trpc.billing.arrears.queryOptions(), retry: retryUnlessRefused });
  const settings = useQuery({ ...trpc.admin.settings.get.queryOptions(), enabled: can('admin.settings.read'), retry: retryUnlessRefused });
  const grace = settings.data?.grace_days ?? null;
  const [show, setShow] = useState<Show>('all');
  const columns = useArrearsColumns(grace);

  if (arrears.isError) return <ErrorNotice error={arrears.error} page />;
  const rows = arrears.data?.filter((a) => (show === 'overdue' ? a.days_overdue > 0 : show === 'beyond_grace' ? grace !== null && a.days_overdue > grace : true));
  const total = (rows ?? []).reduce((sum, a) => sum + a.outstanding, 0);
  const choices: { value: Show; label: string }[] = [
    { value: 'all', label: t('show.all') },
    { value: 'overdue', label: t('show.overdue') },
    ...(grace !== null ? [{ value: 'beyond_grace' as const, label: t('show.beyond_grace', { days: grace }) }] : []),
  ];
  return (
    <>
      <FilterBar label={t('filter.label')}>
        <FilterSelect id="arrears-show" name="show" label={t('show.label')} value={show} options={choices} onChange={(v) => setShow(v as Show)} />
        {grace !== null && (
          <p className="m-0 self-center text-sm text-muted-foreground sm:col-span-2" data-testid="arrears-grace">
            {t('grace_hint', { days: grace })}
          </p>
        )}
      </FilterBar>
      <Card>
        <CardHeader>
          <CardTitle>{rows ? t('count', { count: rows.length }) : t('title')}</CardTitle>
          {rows && rows.length > 0 && (
            <CardAction className="text-sm text-muted-foreground" data-testid="arrears-total">
              {t('total', { amount: format.number(total, 'idr') })}
            </CardAction>
          )}
        </CardHeader>
        <CardContent>
          <DataTable
            testId="arrears"
            columns={columns}
            data={rows}
            getRowId={(a) => a.customer_id}
            status={arrears}
            empty={t('empty')}
            rowProps={(a) => ({
              'data-testid': 'arrears-row',
              'data-customer-id': a.customer_id,
              'data-code': a.customer_code,
              'data-status': a.customer_status,
              'data-isolir-pending': a.isolir_pending ? 'true' : 'false',
              'data-days-overdue': String(a.days_overdue),
            })}
          />
        </CardContent>
      </Card>
    </>
  );
}
