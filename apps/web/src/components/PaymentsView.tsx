'use client';
/**
 * The latest payments (newest first, up to 200): when, receipt, invoice, customer,
 * method, amount, who collected it, status; voidable with a reason (billing.payments.void).
 * Payments are recorded from their invoice's page.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { formatIdr } from '@rrnet/contracts';
import { useTranslation } from '~/hooks/useTranslation';
import { retryUnlessRefused } from '~/hooks/useTrpcError';
import { useTRPC } from '~/trpc/TrpcProvider';
import { ErrorNotice } from './ErrorNotice';
import { RequirePermission } from './NoPermission';
import { PaymentsTable } from './PaymentsTable';

const FIRST_PAGE = 50;
const MAX_ROWS = 200;

function PaymentsContent() {
  const { t, locale } = useTranslation();
  const trpc = useTRPC();
  const [limit, setLimit] = useState(FIRST_PAGE);
  const payments = useQuery({ ...trpc.billing.payments.list.queryOptions({ limit }), retry: retryUnlessRefused, placeholderData: keepPreviousData });

  if (payments.isError && !payments.data) return <ErrorNotice error={payments.error} page />;
  const rows = payments.data ?? [];
  const completed = rows.filter((p) => p.status === 'completed');
  return (
    <section className="card">
      <div className="card-header">
        <h2>{payments.data ? t('payments.count', { count: rows.length }) : t('payments.title')}</h2>
        {payments.data && rows.length > 0 && (
          <span className="muted small" data-testid="payments-total">
            {t('payments.total_shown', { amount: formatIdr(completed.reduce((sum, p) => sum + p.amount, 0), locale) })}
          </span>
        )}
      </div>
      {payments.isError && <ErrorNotice error={payments.error} />}
      {payments.isPending && <p className="muted">{t('common.loading')}</p>}
      {payments.data && rows.length === 0 && (
        <p className="empty-state" data-testid="payments-empty">
          {t('payments.empty')}
        </p>
      )}
      {rows.length > 0 && <PaymentsTable payments={rows} />}
      {payments.data && rows.length === limit && limit < MAX_ROWS && (
        <div className="card-footer">
          <button type="button" className="button secondary" disabled={payments.isFetching} onClick={() => setLimit(MAX_ROWS)}>
            {payments.isFetching ? t('common.loading') : t('payments.show_more', { count: MAX_ROWS })}
          </button>
        </div>
      )}
      {rows.length >= MAX_ROWS && (
        <p className="muted small card-footer">
          {t('payments.older_hint')} <Link href="/billing/invoices">{t('invoices.title')}</Link>
        </p>
      )}
    </section>
  );
}

export function PaymentsView() {
  const { t } = useTranslation();
  return (
    <>
      <h1>{t('payments.title')}</h1>
      <p className="muted">{t('payments.subtitle')}</p>
      <RequirePermission permission="billing.payments.read">
        <PaymentsContent />
      </RequirePermission>
    </>
  );
}
