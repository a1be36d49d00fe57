'use client';
/**
 * Payments, newest first, in keyset pages behind "Load earlier payments": when, receipt,
 * invoice, customer, method, amount, who collected it, status; voidable with a reason
 * (billing.payments.void). Payments are recorded from their invoice's page.
 */
import { useFormatter, useTranslations } from 'next-intl';
import { Card, CardAction, CardContent, CardHeader, CardTitle } from '@rrnet/ui/Card';
import { useKeysetPages } from '~/hooks/useKeysetPages';
import { useTRPC, useTRPCClient } from '~/trpc/TrpcProvider';
import { ErrorNotice } from './ErrorNotice';
import { PaymentsTable } from './PaymentsTable';

const PAGE_SIZE = 50;

export function PaymentsView() {
  const t = useTranslations('payments');
  const format = useFormatter();
  const trpc = useTRPC();
  const client = useTRPCClient();
  const input = { limit: PAGE_SIZE };
  const { query: payments, items: rows } = useKeysetPages(trpc.billing.payments.list.infiniteQueryKey(input), input, (page, signal) =>
    client.billing.payments.list.query(page, { signal }),
  );

  if (payments.isError && !payments.data) return <ErrorNotice error={payments.error} page />;
  const received = rows.filter((p) => p.status === 'completed').reduce((sum, p) => sum + p.amount, 0);
  return (
    <Card>
      <CardHeader>
        <CardTitle>{payments.data ? t('count', { count: rows.length }) : t('title')}</CardTitle>
        {payments.data && rows.length > 0 && (
          <CardAction className="text-sm text-muted-foreground" data-testid="payments-total">
            {t('total_shown', { amount: format.number(received, 'idr') })}
          </CardAction>
        )}
      </CardHeader>
      <CardContent className="grid gap-3">
        {payments.isError && <ErrorNotice error={payments.error} />}
        <PaymentsTable payments={payments.data ? rows : undefined} status={payments} pages={payments} loadMoreLabel={t('load_more')} />
      </CardContent>
    </Card>
  );
}
