'use client';
/**
 * Payments, newest first, in keyset pages behind "Load earlier payments": when, receipt,
 * invoice, customer, method, amount, who collected it, status; voidable with a reason
 * (billing.payments.void). Payments are recorded from their invoice's page.
 */
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { formatIdr } from '@rrnet/contracts';
import { useTranslation } from '~/hooks/useTranslation';
import { retryUnlessRefused } from '~/hooks/useTrpcError';
import { useTRPC, useTRPCClient } from '~/trpc/TrpcProvider';
import { ErrorNotice } from './ErrorNotice';
import { RequirePermission } from './NoPermission';
import { PaymentsTable } from './PaymentsTable';
import { LoadMore } from './LoadMore';

const PAGE_SIZE = 50;

function PaymentsContent() {
  const { t, locale } = useTranslation();
  const trpc = useTRPC();
  const client = useTRPCClient();
  const input = { limit: PAGE_SIZE };
  // Pages by hand, as on the invoice list: tRPC's infinite options add a `direction` the
  // strict input refuses. The key stays under the procedure's path for invalidation.
  const payments = useInfiniteQuery({
    queryKey: trpc.billing.payments.list.infiniteQueryKey(input),
    queryFn: ({ pageParam, signal }) => client.billing.payments.list.query(pageParam ? { ...input, cursor: pageParam } : input, { signal }),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.next_cursor,
    retry: retryUnlessRefused,
    placeholderData: keepPreviousData,
  });

  if (payments.isError && !payments.data) return <ErrorNotice error={payments.error} page />;
  const rows = payments.data?.pages.flatMap((p) => p.items) ?? [];
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
