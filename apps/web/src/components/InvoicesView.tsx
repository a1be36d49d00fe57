'use client';
/**
 * Invoices: filters (status, billing month, one customer when arriving from elsewhere),
 * keyset pages behind "Load more", each row with its amounts, status and due date; and
 * the "Run billing" form (billing.invoices.manage) that issues the invoices of one
 * billing day now (idempotent: customers already invoiced for the period are skipped).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { INVOICE_STATUSES, formatIdr } from '@rrnet/contracts';
import type { InvoiceStatus, invoiceListInput } from '@rrnet/contracts';
import type { z } from 'zod';
import { useKeysetPages } from '~/hooks/useKeysetPages';
import { useSessionUser } from '~/hooks/useSessionUser';
import { useLocale, useTranslations } from 'next-intl';
import { fieldErrorsOf, retryUnlessRefused } from '~/hooks/useTrpcError';
import { formatDay, formatDayRange, todayLocal } from '~/lib/billing';
import { useTRPC, useTRPCClient } from '~/trpc/TrpcProvider';
import { ErrorNotice } from './ErrorNotice';
import { FormField } from './FormField';
import { RequirePermission } from './NoPermission';
import { InvoiceStatusBadge } from './StatusBadges';
import { LoadMore } from './LoadMore';

const PAGE_SIZE = 50;

type ListInput = Omit<z.input<typeof invoiceListInput>, 'cursor'>;

function RunBilling() {
  const t = useTranslations();
  const locale = useLocale();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [day, setDay] = useState(() => todayLocal());
  const run = useMutation(
    trpc.billing.invoices.run.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.billing.pathKey() });
      },
    }),
  );
  const fields = fieldErrorsOf(run.error);
  return (
    <section className="card" aria-labelledby="run-billing-title" data-testid="run-billing">
      <div className="card-header">
        <h2 id="run-billing-title">{t('invoices.run.title')}</h2>
      </div>
      <p className="muted small">{t('invoices.run.hint')}</p>
      <form
        className="form form-row filters"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          run.mutate(day ? { day } : {});
        }}
      >
        <FormField label={t('invoices.run.day')} error={fields.day}>
          {(props) => <input {...props} type="date" name="day" value={day} onChange={(e) => setDay(e.target.value)} />}
        </FormField>
        <div className="field field-submit actions">
          <button type="submit" className="button" disabled={run.isPending}>
            {run.isPending ? t('invoices.run.running') : t('invoices.run.submit')}
          </button>
        </div>
      </form>
      {run.error && !fields.day && <ErrorNotice error={run.error} onDismiss={() => run.reset()} />}
      {run.data && (
        <p className="alert ok" role="status" data-testid="run-billing-result" data-created={run.data.created}>
          {t(run.data.created === 0 ? 'invoices.run.none' : 'invoices.run.done', {
            count: run.data.created,
            day: formatDay(run.data.day, locale),
            start: formatDay(run.data.period_start, locale),
            end: formatDay(run.data.period_end, locale),
          })}
        </p>
      )}
    </section>
  );
}

function InvoicesContent({ customerId }: { customerId: string | null }) {
  const t = useTranslations();
  const locale = useLocale();
  const { can } = useSessionUser();
  const trpc = useTRPC();
  const client = useTRPCClient();
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
      {can('billing.invoices.manage') && <RunBilling />}
      <form className="card form form-row filters" role="search" aria-label={t('invoices.filter.label')} onSubmit={(e) => e.preventDefault()}>
        <FormField label={t('invoices.status.label')}>
          {(props) => (
            <select {...props} name="status" value={status} onChange={(e) => setStatus(e.target.value as InvoiceStatus | '')}>
              <option value="">{t('invoices.filter.all')}</option>
              {INVOICE_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`invoices.status.${s}`)}
                </option>
              ))}
            </select>
          )}
        </FormField>
        <FormField label={t('invoices.billing_month')}>
          {(props) => <input {...props} type="month" name="period" placeholder={t('invoices.run.month_placeholder')} value={period} onChange={(e) => setPeriod(e.target.value)} />}
        </FormField>
        <div className="field field-submit actions">
          <button
            type="button"
            className="button secondary"
            disabled={!filtered}
            onClick={() => {
              setStatus('');
              setPeriod('');
              setCustomer(null);
            }}
          >
            {t('invoices.filter.reset')}
          </button>
        </div>
      </form>
      {customer && (
        <p className="muted" data-testid="invoices-customer-filter">
          {t('invoices.filter.one_customer', { name: customerName })}{' '}
          <Link href={`/customers/${customer}`}>{t('invoices.open_customer')}</Link>
          {' · '}
          <button type="button" className="link-button" onClick={() => setCustomer(null)}>
            {t('invoices.filter.all_customers')}
          </button>
        </p>
      )}

      <section className="card">
        <div className="card-header">
          <h2>{list.data ? t(list.hasNextPage ? 'invoices.count_more' : 'invoices.count', { count: items.length }) : t('invoices.title')}</h2>
          {list.isFetching && <span className="muted small">{t('common.loading')}</span>}
        </div>
        {list.isError && <ErrorNotice error={list.error} />}
        {list.isPending && <p className="muted">{t('common.loading')}</p>}
        {list.data && items.length === 0 && (
          <p className="empty-state" data-testid="invoices-empty">
            {filtered ? t('invoices.empty_filtered') : t('invoices.empty')}
          </p>
        )}
        {items.length > 0 && (
          <div className="table-wrap">
            <table className="table" data-testid="invoices">
              <thead>
                <tr>
                  <th scope="col">{t('invoices.number')}</th>
                  <th scope="col">{t('invoices.customer')}</th>
                  <th scope="col">{t('invoices.period')}</th>
                  <th scope="col" className="num">
                    {t('invoices.total')}
                  </th>
                  <th scope="col" className="num">
                    {t('invoices.paid')}
                  </th>
                  <th scope="col" className="num">
                    {t('invoices.outstanding')}
                  </th>
                  <th scope="col">{t('invoices.due_date')}</th>
                  <th scope="col">{t('invoices.status.label')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((inv) => (
                  <tr key={inv.id} data-testid="invoice-row" data-id={inv.id} data-number={inv.number} data-status={inv.status} data-outstanding={inv.outstanding}>
                    <td className="nowrap">
                      <Link href={`/billing/invoices/${inv.id}`} className="cell-main">
                        <code>{inv.number}</code>
                      </Link>
                    </td>
                    <td>
                      <Link href={`/customers/${inv.customer_id}`}>{inv.customer_name}</Link>
                      <div className="cell-sub muted">
                        <code>{inv.customer_code}</code>
                      </div>
                    </td>
                    <td>{formatDayRange(inv.period_start, inv.period_end, locale)}</td>
                    <td className="num nowrap">{formatIdr(inv.total, locale)}</td>
                    <td className="num nowrap">{formatIdr(inv.paid_amount, locale)}</td>
                    <td className="num nowrap">{inv.outstanding > 0 ? <strong>{formatIdr(inv.outstanding, locale)}</strong> : formatIdr(0, locale)}</td>
                    <td className="nowrap">{formatDay(inv.due_date, locale)}</td>
                    <td>
                      <InvoiceStatusBadge status={inv.status} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <LoadMore pages={list} label={t('invoices.load_more')} />
      </section>
    </>
  );
}

export function InvoicesView({ customerId = null }: { customerId?: string | null }) {
  const t = useTranslations();
  return (
    <>
      <h1>{t('invoices.title')}</h1>
      <p className="muted">{t('invoices.subtitle')}</p>
      <RequirePermission permission="billing.invoices.read">
        <InvoicesContent customerId={customerId} />
      </RequirePermission>
    </>
  );
}
