'use client';
/**
 * Payments, newest first, in keyset pages behind "Load earlier payments": when, receipt,
 * invoice, customer, method, amount, who collected it, status; voidable with a reason
 * (billing.payments.void). Payments are recorded from their invoice's page.
 */
import { formatIdr } from '@rrnet/contracts';
import { useLocale, useTranslations } from 'next-intl';
import { useKeysetPages } from '~/hooks/useKeysetPages';
import { useTRPC, useTRPCClient } from '~/trpc/TrpcProvider';
import { ErrorNotice } from './ErrorNotice';
import { RequirePermission } from './NoPermission';
import { PaymentsTable } from './PaymentsTable';
import { LoadMore } from './LoadMore';

const PAGE_SIZE = 50;

function PaymentsContent() {
  const t = useTranslations();
  const locale = useLocale();
  const trpc = useTRPC();
  const client = useTRPCClient();
  const input = { limit: PAGE_SIZE };
  const { query: payments, items: rows } = useKeysetPages(trpc.billing.payments.list.infiniteQueryKey(input), input, (page, signal) =>
    client.billing.payments.list.query(page, { signal }),
  );

  if (payments.isError && !payments.data) return <ErrorNotice error={payments.error} page />;
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
      <LoadMore pages={payments} label={t('payments.load_more')} testId="payments-load-more" />
    </section>
  );
}

export function PaymentsView() {
  const t = useTranslations();
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
