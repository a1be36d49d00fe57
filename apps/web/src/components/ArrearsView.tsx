'use client';
/**
 * Arrears: every customer with open invoices, oldest due date first — what is owed, how
 * many days past due, and the customer's status with the "isolir pending" flag. Past the
 * grace days (shown when the settings are readable) the hourly sweep isolates them.
 */
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { CUSTOMER_STATUSES, formatIdr } from '@rrnet/contracts';
import type { CustomerStatus } from '@rrnet/contracts';
import { useSessionUser } from '~/hooks/useSessionUser';
import { useLocale, useTranslations } from 'next-intl';
import { retryUnlessRefused } from '~/hooks/useTrpcError';
import { formatDay } from '~/lib/billing';
import { useTRPC } from '~/trpc/TrpcProvider';
import { ErrorNotice } from './ErrorNotice';
import { FormField } from './FormField';
import { RequirePermission } from './NoPermission';
import { CustomerStatusBadge, IsolirPendingBadge } from './StatusBadges';

type Show = 'all' | 'overdue' | 'beyond_grace';

const isCustomerStatus = (s: string): s is CustomerStatus => (CUSTOMER_STATUSES as readonly string[]).includes(s);

function ArrearsContent() {
  const t = useTranslations();
  const locale = useLocale();
  const trpc = useTRPC();
  const { can } = useSessionUser();
  const arrears = useQuery({ ...trpc.billing.arrears.queryOptions(), retry: retryUnlessRefused });
  const settings = useQuery({ ...trpc.admin.settings.get.queryOptions(), enabled: can('admin.settings.read'), retry: retryUnlessRefused });
  const grace = settings.data?.grace_days ?? null;
  const [show, setShow] = useState<Show>('all');

  if (arrears.isError) return <ErrorNotice error={arrears.error} page />;
  const all = arrears.data ?? [];
  const rows = all.filter((a) => (show === 'overdue' ? a.days_overdue > 0 : show === 'beyond_grace' ? grace !== null && a.days_overdue > grace : true));
  const total = rows.reduce((sum, a) => sum + a.outstanding, 0);
  return (
    <>
      <form className="card form form-row filters" role="search" aria-label={t('arrears.filter.label')} onSubmit={(e) => e.preventDefault()}>
        <FormField label={t('arrears.show.label')}>
          {(props) => (
            <select {...props} name="show" value={show} onChange={(e) => setShow(e.target.value as Show)}>
              <option value="all">{t('arrears.show.all')}</option>
              <option value="overdue">{t('arrears.show.overdue')}</option>
              {grace !== null && <option value="beyond_grace">{t('arrears.show.beyond_grace', { days: grace })}</option>}
            </select>
          )}
        </FormField>
        {grace !== null && (
          <p className="muted small field-submit" data-testid="arrears-grace">
            {t('arrears.grace_hint', { days: grace })}
          </p>
        )}
      </form>
      <section className="card">
        <div className="card-header">
          <h2>{arrears.data ? t('arrears.count', { count: rows.length }) : t('arrears.title')}</h2>
          {arrears.data && rows.length > 0 && (
            <span className="muted small" data-testid="arrears-total">
              {t('arrears.total', { amount: formatIdr(total, locale) })}
            </span>
          )}
        </div>
        {arrears.isPending && <p className="muted">{t('common.loading')}</p>}
        {arrears.data && rows.length === 0 && (
          <p className="empty-state" data-testid="arrears-empty">
            {t('arrears.empty')}
          </p>
        )}
        {rows.length > 0 && (
          <div className="table-wrap">
            <table className="table" data-testid="arrears">
              <thead>
                <tr>
                  <th scope="col">{t('invoices.customer')}</th>
                  <th scope="col" className="num">
                    {t('invoices.outstanding')}
                  </th>
                  <th scope="col">{t('arrears.oldest_due')}</th>
                  <th scope="col" className="num">
                    {t('arrears.days_overdue')}
                  </th>
                  <th scope="col">{t('customers.status.label')}</th>
                  <th scope="col">
                    <span className="sr-only">{t('users.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.map((a) => (
                  <tr
                    key={a.customer_id}
                    data-testid="arrears-row"
                    data-customer-id={a.customer_id}
                    data-code={a.customer_code}
                    data-status={a.customer_status}
                    data-isolir-pending={a.isolir_pending ? 'true' : 'false'}
                    data-days-overdue={a.days_overdue}
                  >
                    <td>
                      <Link href={`/customers/${a.customer_id}`} className="cell-main" data-testid="arrears-customer">
                        {a.customer_name}
                      </Link>
                      <div className="cell-sub muted">
                        <code>{a.customer_code}</code>
                      </div>
                    </td>
                    <td className="num nowrap">
                      <strong>{formatIdr(a.outstanding, locale)}</strong>
                      <div className="cell-sub muted">{t(a.open_invoices === 1 ? 'arrears.open_invoices_one' : 'arrears.open_invoices', { count: a.open_invoices })}</div>
                    </td>
                    <td className="nowrap">{formatDay(a.oldest_due_date, locale)}</td>
                    <td className="num nowrap">
                      {a.days_overdue > 0 ? (
                        <span className={grace !== null && a.days_overdue > grace ? 'badge down' : 'badge warn'}>{t(a.days_overdue === 1 ? 'arrears.days_one' : 'arrears.days', { count: a.days_overdue })}</span>
                      ) : (
                        <span className="muted">{t('arrears.not_due')}</span>
                      )}
                    </td>
                    <td className="nowrap">
                      {isCustomerStatus(a.customer_status) ? <CustomerStatusBadge status={a.customer_status} /> : a.customer_status}
                      {a.isolir_pending && <IsolirPendingBadge />}
                    </td>
                    <td className="cell-actions">
                      <Link href={`/billing/invoices?customer_id=${a.customer_id}`} className="button secondary small">
                        {t('arrears.invoices')}
                      </Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}

export function ArrearsView() {
  const t = useTranslations();
  return (
    <>
      <h1>{t('arrears.title')}</h1>
      <p className="muted">{t('arrears.subtitle')}</p>
      <RequirePermission permission="billing.invoices.read">
        <ArrearsContent />
      </RequirePermission>
    </>
  );
}
