'use client';
/**
 * The ISP's own RRNet plan: price, subscription status, period end, a scheduled downgrade and usage against the limits.
 * On trial, the owner may end it to start paying now (this month's invoice issued at once, prorated from today).
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import { useFormatter, useLocale, useTranslations } from 'next-intl';
import { useState } from 'react';
import { Button } from '@rrnet/ui/Button';
import { MutationConfirm } from './MutationConfirm';
import { useSessionUser } from '~/hooks/useSessionUser';
import { Card, CardContent } from '@rrnet/ui/Card';
import { DescriptionItem, DescriptionList } from '@rrnet/ui/DescriptionList';
import { Skeleton } from '@rrnet/ui/Skeleton';
import { retryUnlessRefused } from '~/hooks/useTrpcError';
import { formatDay } from '~/lib/billing';
import { useTRPC } from '~/trpc/TrpcProvider';
import { ErrorNotice } from './ErrorNotice';
import { UsageList } from './PlatformTenantsView';

function StartSubscription({ plan, price, trialEnds }: { plan: string; price: number; trialEnds: string | null }) {
  const t = useTranslations('saas.sub.start');
  const format = useFormatter();
  const locale = useLocale();
  const trpc = useTRPC();
  const [open, setOpen] = useState(false);
  const start = useMutation(trpc.billing.startSubscription.mutationOptions({ meta: { invalidates: [trpc.billing.pathKey()] }, onSuccess: () => setOpen(false) }));
  return (
    <div className="grid gap-3 border-t pt-4 sm:col-span-2" data-testid="subscription-start">
      <p className="m-0 text-sm text-muted-foreground">{trialEnds ? t('hint', { day: formatDay(trialEnds, locale) }) : t('hint_open')}</p>
      <div>
        <Button onClick={() => setOpen(true)} data-testid="subscription-start-button">
          {t('button')}
        </Button>
      </div>
      <MutationConfirm
        open={open}
        mutation={start}
        onClose={() => setOpen(false)}
        title={t('button')}
        description={t('confirm', { plan, price: format.number(price, 'idr') })}
        confirmLabel={t('confirm_button')}
        busyLabel={t('busy')}
        onConfirm={() => start.mutate({})}
      />
    </div>
  );
}

export function SubscriptionPlanCard() {
  const t = useTranslations('saas.sub');
  const format = useFormatter();
  const locale = useLocale();
  const trpc = useTRPC();
  const { can } = useSessionUser();
  const summary = useQuery({ ...trpc.billing.subscription.queryOptions(), retry: retryUnlessRefused });
  if (summary.isPending) return <Skeleton className="h-40" />;
  if (summary.isError) return <ErrorNotice error={summary.error} />;
  const s = summary.data;
  return (
    <Card titleId="subscription-plan-title" data-testid="subscription-plan" title={t('plan_title')}>
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
        {s.subscription_status === 'trialing' && s.plan_name && can('admin.subscription.manage') && <StartSubscription plan={s.plan_name} price={s.price_monthly} trialEnds={s.current_period_end} />}
      </CardContent>
    </Card>
  );
}
