'use client';
/**
 * The dashboard's billing block (billing.invoices.read, the billing feature): revenue
 * this month, collection rate of this month's invoices, overdue invoices, isolated
 * customers (with isolations still on their way to the router), and revenue per day.
 */
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { formatIdr } from '@rrnet/contracts';
import { useLocale, useTranslations } from 'next-intl';
import { errorCodeOf, retryUnlessRefused } from '~/hooks/useTrpcError';
import { formatMonth, formatRate, todayLocal } from '~/lib/billing';
import { useTRPC } from '~/trpc/TrpcProvider';
import { ErrorNotice } from './ErrorNotice';
import dynamic from 'next/dynamic';
import { Skeleton } from '@rrnet/ui/Skeleton';

// Recharts only where a chart is drawn: its own chunk, loaded after the page
const RevenueChart = dynamic(() => import('./RevenueChart').then((m) => m.RevenueChart), { ssr: false, loading: () => <Skeleton className="h-56 w-full" /> });

export function BillingSummaryCards() {
  const t = useTranslations();
  const locale = useLocale();
  const trpc = useTRPC();
  const summary = useQuery({ ...trpc.billing.summary.queryOptions(), retry: retryUnlessRefused, refetchInterval: 60_000 });

  // the plan or the role refuses it: the dashboard simply has no billing block
  const code = errorCodeOf(summary.error);
  if (code === 'FEATURE_DISABLED' || code === 'FORBIDDEN') return null;
  const s = summary.data;
  return (
    <section aria-labelledby="billing-summary-title" data-testid="billing-summary">
      <h2 id="billing-summary-title" className="section-title">
        {t('dashboard.billing.title', { month: s ? formatMonth(s.month, locale) : '' })}
      </h2>
      {summary.isError && <ErrorNotice error={summary.error} />}
      {summary.isPending && <p className="muted">{t('common.loading')}</p>}
      {s && (
        <>
          <div className="stat-grid">
            <section className="card stat-card series-revenue" data-testid="stat-revenue" data-amount={s.revenue}>
              <h3>{t('dashboard.billing.revenue')}</h3>
              <p className="stat-hint muted">{t('dashboard.billing.revenue_hint')}</p>
              <p className="stat-value">{formatIdr(s.revenue, locale)}</p>
              <Link className="small" href="/billing/payments">
                {t('dashboard.billing.open_payments')}
              </Link>
            </section>
            <section className="card stat-card series-collection" data-testid="stat-collection" data-rate={s.collection_rate}>
              <h3>{t('dashboard.billing.collection_rate')}</h3>
              <p className="stat-hint muted">{t('dashboard.billing.collection_hint', { invoiced: formatIdr(s.invoiced, locale) })}</p>
              <p className="stat-value">{formatRate(s.collection_rate, locale)}</p>
              <div className="meter wide" aria-hidden>
                <span style={{ width: `${Math.min(100, Math.round(s.collection_rate * 100))}%` }} />
              </div>
            </section>
            <section className="card stat-card series-overdue" data-testid="stat-overdue" data-count={s.overdue_count} data-amount={s.overdue_amount}>
              <h3>{t('dashboard.billing.overdue')}</h3>
              <p className="stat-hint muted">{t('dashboard.billing.overdue_hint', { count: s.overdue_count })}</p>
              <p className="stat-value">{formatIdr(s.overdue_amount, locale)}</p>
              <Link className="small" href="/billing/arrears">
                {t('dashboard.billing.open_arrears')}
              </Link>
            </section>
            <section className="card stat-card series-isolated" data-testid="stat-isolated" data-count={s.isolated_count} data-pending={s.isolir_pending_count}>
              <h3>{t('dashboard.billing.isolated')}</h3>
              <p className="stat-hint muted">
                {s.isolir_pending_count > 0 ? t('dashboard.billing.isolir_pending', { count: s.isolir_pending_count }) : t('dashboard.billing.isolated_hint')}
              </p>
              <p className="stat-value">{s.isolated_count}</p>
              <Link className="small" href="/isolir">
                {t('dashboard.billing.open_isolir')}
              </Link>
            </section>
          </div>
          <section className="card" aria-labelledby="revenue-chart-title">
            <div className="card-header">
              <h3 id="revenue-chart-title">{t('dashboard.billing.chart_title')}</h3>
            </div>
            <RevenueChart month={s.month} rows={s.revenue_by_day} today={todayLocal(new Date(summary.dataUpdatedAt))} />
          </section>
        </>
      )}
    </section>
  );
}
