'use client';
/** The ISP's own RRNet plan: price, subscription status, period end, a scheduled downgrade and usage against the limits. */
import { useQuery } from '@tanstack/react-query';
import { useFormatter, useLocale, useTranslations } from 'next-intl';
import { Card, CardContent, CardHeader, CardTitle } from '@rrnet/ui/Card';
import { DescriptionItem, DescriptionList } from '@rrnet/ui/DescriptionList';
import { Skeleton } from '@rrnet/ui/Skeleton';
import { retryUnlessRefused } from '~/hooks/useTrpcError';
import { formatDay } from '~/lib/billing';
import { useTRPC } from '~/trpc/TrpcProvider';
import { ErrorNotice } from './ErrorNotice';
import { UsageList } from './PlatformTenantsView';

export function SubscriptionPlanCard() {
  const t = useTranslations('saas.sub');
  const format = useFormatter();
  const locale = useLocale();
  const trpc = useTRPC();
  const summary = useQuery({ ...trpc.billing.subscription.queryOptions(), retry: retryUnlessRefused });
  if (summary.isPending) return <Skeleton className="h-40" />;
  if (summary.isError) return <ErrorNotice error={summary.error} />;
  const s = summary.data;
  return (
    <Card aria-labelledby="subscription-plan-title" data-testid="subscription-plan">
      <CardHeader>
        <CardTitle id="subscription-plan-title">{t('plan_title')}</CardTitle>
      </CardHeader>
      <CardContent className="grid gap-4 sm:grid-cols-2">
        <DescriptionList>
          <DescriptionItem term={t('plan_title')}>
            <span data-testid="subscription-plan-name">{s.plan_name ? t('plan_line', { plan: s.plan_name, price: format.number(s.price_monthly, 'idr') }) : t('no_plan')}</span>
          </DescriptionItem>
          {s.subscription_status && <DescriptionItem term={t('status_label')}>{t(`status.${s.subscription_status}`)}</DescriptionItem>}
          {s.current_period_end && <DescriptionItem term={t('period_end')}>{formatDay(s.current_period_end, locale)}</DescriptionItem>}
          {s.scheduled_change && (
            <DescriptionItem term={t('scheduled_label')}>{t('scheduled', { day: formatDay(s.scheduled_change.effective_on, locale), plan: s.scheduled_change.new_plan_code })}</DescriptionItem>
          )}
        </DescriptionList>
        <UsageList usage={s.usage} limits={s.limits} />
      </CardContent>
    </Card>
  );
}
