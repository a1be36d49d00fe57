'use client';
/**
 * The dashboard's billing block (billing.invoices.read, the billing feature): revenue
 * this month, collection rate of this month's invoices, overdue invoices, isolated
 * customers (with isolations still on their way to the router), and revenue per day.
 */
import { useQuery } from '@tanstack/react-query';
import dynamic from 'next/dynamic';
import { useFormatter, useLocale, useTranslations } from 'next-intl';
import { Card, CardContent } from '@rrnet/ui/Card';
import { Skeleton } from '@rrnet/ui/Skeleton';
import { StatCard } from '@rrnet/ui/StatCard';
import { errorCodeOf, retryUnlessRefused } from '~/hooks/useTrpcError';
import { formatMonth } from '~/lib/billing';
import { useTRPC } from '~/trpc/TrpcProvider';
import { ErrorNotice } from './ErrorNotice';

// the chart (visx) only where one is drawn: its own chunk, loaded after the page
const RevenueChart = dynamic(() => import('./RevenueChart').then((m) => m.RevenueChart), { ssr: false, loading: () => <Skeleton className="h-56 w-full" /> });


export function BillingSummaryCards() {
  const t = useTranslations('dashboard.billing');
  const locale = useLocale();
  const format = useFormatter();
  const trpc = useTRPC();
  const summary = useQuery({ ...trpc.billing.summary.queryOptions(), retry: retryUnlessRefused, refetchInterval: 60_000 });

  // the plan or the role refuses it: the dashboard simply has no billing block
  const code = errorCodeOf(summary.error);
  if (code === 'FEATURE_DISABLED' || code === 'FORBIDDEN') return null;
  const s = summary.data;
  return (
    <section aria-labelledby="billing-summary-title" data-testid="billing-summary" className="grid gap-3">
      <h2 id="billing-summary-title" className="m-0 text-lg font-semibold">
        {t('title', { month: s ? formatMonth(s.month, locale) : '' })}
      </h2>
      {summary.isError && <ErrorNotice error={summary.error} />}
      {summary.isPending && (
        <div className="grid gap-3 sm:grid-cols-2 xl:grid-cols-4">
          {[0, 1, 2, 3].map((i) => (
            <Skeleton key={i} className="h-32" />
          ))}
        </div>
      )}
      {s && (
        <>
          <div className="grid gap-3 sm:grid-cols-2 xl:grid-cols-4">
            <StatCard
              data-testid="stat-revenue"
              data-amount={s.revenue}
              label={t('revenue')}
              hint={t('revenue_hint')}
              value={format.number(s.revenue, 'idr')}
              link={{ href: '/billing/payments', label: t('open_payments') }}
            />
            <StatCard
              data-testid="stat-collection"
              data-rate={s.collection_rate}
              label={t('collection_rate')}
              hint={t('collection_hint', { invoiced: format.number(s.invoiced, 'idr') })}
              value={format.number(s.collection_rate, 'percent')}
              footer={
                <div className="h-2 overflow-hidden rounded-full bg-muted" aria-hidden>
                  <div className="h-full rounded-full bg-success" style={{ width: `${Math.min(100, Math.round(s.collection_rate * 100))}%` }} />
                </div>
              }
            />
            <StatCard
              data-testid="stat-overdue"
              data-count={s.overdue_count}
              data-amount={s.overdue_amount}
              tone={s.overdue_count > 0 ? 'warning' : 'default'}
              label={t('overdue')}
              hint={t('overdue_hint', { count: s.overdue_count })}
              value={format.number(s.overdue_amount, 'idr')}
              link={{ href: '/billing/arrears', label: t('open_arrears') }}
            />
            <StatCard
              data-testid="stat-isolated"
              data-count={s.isolated_count}
              data-pending={s.isolir_pending_count}
              tone={s.isolated_count > 0 ? 'danger' : 'default'}
              label={t('isolated')}
              hint={s.isolir_pending_count > 0 ? t('isolir_pending', { count: s.isolir_pending_count }) : t('isolated_hint')}
              value={format.number(s.isolated_count)}
              link={{ href: '/isolir', label: t('open_isolir') }}
            />
          </div>
          <Card titleId="revenue-chart-title" title={t('chart_title')}>
            <CardContent>
              <RevenueChart month={s.month} rows={s.revenue_by_day} />
            </CardContent>
          </Card>
        </>
      )}
    </section>
  );
}
