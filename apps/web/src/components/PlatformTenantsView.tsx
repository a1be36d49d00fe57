'use client';
/**
 * The platform's ISPs: MRR, paying ISPs, ARPU and churn on top with MRR by month as a chart; each ISP with its plan, status,
 * usage against the plan's limits (counts, never subscribers' data), MRR and last
 * activity; the one picked with its plan change (upgrade now, downgrade on the 1st —
 * refused with each exceeded limit shown), feature overrides with a reason, and suspend /
 * reactivate with a reason, and the ISP's audit trail while it grants support access.
 * Super admins only; the API audits every change.
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import { useFormatter, useTranslations } from 'next-intl';
import dynamic from 'next/dynamic';
import { useState } from 'react';
import { FEATURES, PLAN_LIMITS } from '@rrnet/contracts';
import type { Feature, PlanLimit, PlatformTenant, TenantUsage } from '@rrnet/contracts';
import { parseFieldMessage } from '@rrnet/contracts/field_messages';
import { Alert } from '@rrnet/ui/Alert';
import type { BadgeTone } from '@rrnet/ui/Badge';
import { Button } from '@rrnet/ui/Button';
import { Card, CardContent } from '@rrnet/ui/Card';
import { actionsColumn } from '@rrnet/ui/columns';
import { DataTable } from '@rrnet/ui/DataTable';
import type { ColumnDef } from '@rrnet/ui/DataTable';
import { DescriptionItem, DescriptionList } from '@rrnet/ui/DescriptionList';
import { Field, FieldGroup, FieldLabel } from '@rrnet/ui/Field';
import { Input } from '@rrnet/ui/Input';
import { Select } from '@rrnet/ui/Select';
import { Skeleton } from '@rrnet/ui/Skeleton';
import { StatCard } from '@rrnet/ui/StatCard';
import { StatusBadge } from '@rrnet/ui/StatusBadge';
import { CellLines } from '@rrnet/ui/CellLines';
import { fieldErrorsOf, retryUnlessRefused } from '~/hooks/useTrpcError';
import { useTRPC } from '~/trpc/TrpcProvider';
import { ErrorNotice } from './ErrorNotice';
import { PlatformSupportAudit } from './PlatformSupportAudit';
import { DoneNotice } from './DoneNotice';
import { ListCard } from './ListCard';
import { PickOneCard } from './PickOneCard';

const STATUS_TONE: Record<PlatformTenant['status'], BadgeTone> = { active: 'success', suspended: 'danger', terminated: 'neutral' };
/** a plan limit the ISP exceeds, as the refusal's details name it (FIELD_MESSAGES.plan_allows) */
const excessOf = (text: string) => {
  const parsed = parseFieldMessage(text);
  return parsed?.key === 'plan_allows' ? { used: Number(parsed.values.used), max: Number(parsed.values.max) } : null;
};

function TenantStatus({ status }: { status: PlatformTenant['status'] }) {
  const t = useTranslations('saas.tenants.status');
  return <StatusBadge status={status} tones={STATUS_TONE} label={t(status)} data-testid="tenant-status" />;
}

/** "used / limit" per plan limit; over the limit in the danger colour. */
export function UsageList({ usage, limits }: { usage: TenantUsage; limits: Record<PlanLimit, number> }) {
  const t = useTranslations('saas.limit');
  const format = useFormatter();
  return (
    <ul className="m-0 grid list-none gap-1 p-0 text-sm" data-testid="usage">
      {PLAN_LIMITS.map((l) => (
        <li key={l} className="flex justify-between gap-3" data-limit={l}>
          <span className="text-muted-foreground">{t(l)}</span>
          <span className={usage[l] > limits[l] ? 'font-semibold text-destructive tabular-nums' : 'tabular-nums'}>
            {t('of', { used: format.number(usage[l]), max: format.number(limits[l]) })}
          </span>
        </li>
      ))}
    </ul>
  );
}

function useColumns(selected: string | null, onSelect: (id: string) => void): ColumnDef<PlatformTenant>[] {
  const t = useTranslations('saas.tenants');
  const ts = useTranslations('saas.sub');
  const format = useFormatter();
  return [
    {
      id: 'name',
      header: t('isp'),
      cell: ({ row: { original: r } }) => <CellLines main={r.name} mainClassName="font-medium" sub={r.slug} />,
    },
    {
      id: 'plan',
      header: t('plan'),
      cell: ({ row: { original: r } }) => (
        <div className="grid min-w-0">
          <span>{r.plan_name ?? '—'}</span>
          {r.subscription_status && (
            <span className="text-xs whitespace-nowrap text-muted-foreground" data-testid="tenant-subscription" data-status={r.subscription_status}>
              {ts(`status.${r.subscription_status}`)}
            </span>
          )}
        </div>
      ),
    },
    { id: 'status', header: t('status.label'), cell: ({ row }) => <TenantStatus status={row.original.status} /> },
    {
      id: 'usage',
      header: t('usage'),
      cell: ({ row: { original: r } }) => (
        <span className="text-sm whitespace-nowrap tabular-nums">
          {t('usage_short', { customers: r.usage.customers, max_customers: r.limits.customers, routers: r.usage.routers, max_routers: r.limits.routers })}
        </span>
      ),
    },
    { id: 'mrr', header: t('mrr'), cell: ({ row }) => <span className="whitespace-nowrap tabular-nums">{format.number(row.original.mrr, 'idr')}</span> },
    {
      id: 'activity',
      header: t('last_activity'),
      cell: ({ row }) => <span className="whitespace-nowrap">{row.original.last_activity_at ? format.dateTime(row.original.last_activity_at, 'datetime') : '—'}</span>,
    },
    actionsColumn(t('actions'), (r) => (
      <Button variant="secondary" size="sm" aria-pressed={r.id === selected} aria-label={t('show_for', { name: r.name })} onClick={() => onSelect(r.id)}>
        {t('show')}
      </Button>
    )),
  ];
}

function ChangePlan({ tenant, onDone }: { tenant: PlatformTenant; onDone: (m: string) => void }) {
  const t = useTranslations('saas.tenants');
  const tl = useTranslations('saas.limit');
  const trpc = useTRPC();
  const plans = useQuery({ ...trpc.platform.plans.list.queryOptions(), retry: retryUnlessRefused });
  const [planId, setPlanId] = useState('');
  const [reason, setReason] = useState('');
  const change = useMutation(
    trpc.platform.tenants.changePlan.mutationOptions({
      meta: { invalidates: [trpc.platform.pathKey()] },
      onSuccess: (r) => {
        onDone(t(r.change.kind === 'upgrade' ? 'upgraded' : 'downgrade_scheduled', { plan: r.change.new_plan_code, day: r.change.effective_on }));
        setPlanId('');
        setReason('');
      },
    }),
  );
  const excesses = Object.entries(fieldErrorsOf(change.error)).flatMap(([limit, text]) => {
    const excess = (PLAN_LIMITS as readonly string[]).includes(limit) ? excessOf(text) : null;
    return excess ? [{ limit: limit as PlanLimit, ...excess }] : [];
  });
  return (
    <form
      className="grid gap-3 border-t pt-4"
      data-testid="change-plan"
      onSubmit={(e) => {
        e.preventDefault();
        if (planId) change.mutate({ id: tenant.id, plan_id: planId, ...(reason.trim().length >= 3 ? { reason: reason.trim() } : {}) });
      }}
    >
      <h3 className="m-0 text-sm font-semibold">{t('change_plan')}</h3>
      <p className="m-0 text-sm text-muted-foreground">{t('change_plan_hint')}</p>
      <FieldGroup cols={2}>
        <Field>
          <FieldLabel htmlFor="change-plan-select">{t('new_plan')}</FieldLabel>
          <Select id="change-plan-select" value={planId} onChange={(e) => setPlanId(e.target.value)}>
            <option value="">{t('choose_plan')}</option>
            {(plans.data ?? [])
              .filter((p) => p.is_active && p.id !== tenant.plan_id)
              .map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
          </Select>
        </Field>
        <Field>
          <FieldLabel htmlFor="change-plan-reason">{t('reason_optional')}</FieldLabel>
          <Input id="change-plan-reason" value={reason} autoComplete="off" onChange={(e) => setReason(e.target.value)} />
        </Field>
      </FieldGroup>
      {change.error &&
        (excesses.length > 0 ? (
          <Alert tone="danger" role="alert" data-testid="downgrade-refused">
            <p className="m-0 font-medium">{t('downgrade_refused')}</p>
            <ul className="m-0 pl-5">
              {excesses.map(({ limit, used, max }) => (
                <li key={limit}>{t('excess', { limit: tl(limit), used, max })}</li>
              ))}
            </ul>
          </Alert>
        ) : (
          <ErrorNotice error={change.error} onDismiss={() => change.reset()} />
        ))}
      <div>
        <Button type="submit" disabled={!planId || change.isPending}>
          {t('change_plan_submit')}
        </Button>
      </div>
    </form>
  );
}

function Overrides({ tenant, onDone }: { tenant: { id: string; overrides: { feature: string; enabled: boolean; reason: string | null }[] }; onDone: (m: string) => void }) {
  const t = useTranslations('saas.tenants');
  const trpc = useTRPC();
  const [feature, setFeature] = useState<Feature>(FEATURES[0]);
  const [state, setState] = useState<'on' | 'off' | 'plan'>('on');
  const [reason, setReason] = useState('');
  const set = useMutation(
    trpc.platform.tenants.setFeature.mutationOptions({
      meta: { invalidates: [trpc.platform.pathKey()] },
      onSuccess: () => {
        onDone(t('override_saved', { feature }));
        setReason('');
      },
    }),
  );
  return (
    <form
      className="grid gap-3 border-t pt-4"
      data-testid="feature-overrides"
      onSubmit={(e) => {
        e.preventDefault();
        set.mutate({ id: tenant.id, feature, enabled: state === 'plan' ? null : state === 'on', reason: reason.trim() });
      }}
    >
      <h3 className="m-0 text-sm font-semibold">{t('overrides')}</h3>
      {tenant.overrides.length === 0 ? (
        <p className="m-0 text-sm text-muted-foreground">{t('no_overrides')}</p>
      ) : (
        <ul className="m-0 grid gap-1 pl-5 text-sm">
          {tenant.overrides.map((o) => (
            <li key={o.feature} data-testid="override">
              {t(o.enabled ? 'override_on' : 'override_off', { feature: o.feature, reason: o.reason ?? '—' })}
            </li>
          ))}
        </ul>
      )}
      <FieldGroup cols={3}>
        <Field>
          <FieldLabel htmlFor="override-feature">{t('feature')}</FieldLabel>
          <Select id="override-feature" value={feature} onChange={(e) => setFeature(e.target.value as Feature)}>
            {FEATURES.map((f) => (
              <option key={f} value={f}>
                {f}
              </option>
            ))}
          </Select>
        </Field>
        <Field>
          <FieldLabel htmlFor="override-state">{t('state')}</FieldLabel>
          <Select id="override-state" value={state} onChange={(e) => setState(e.target.value as 'on' | 'off' | 'plan')}>
            <option value="on">{t('state_on')}</option>
            <option value="off">{t('state_off')}</option>
            <option value="plan">{t('state_plan')}</option>
          </Select>
        </Field>
        <Field>
          <FieldLabel htmlFor="override-reason">{t('reason')}</FieldLabel>
          <Input id="override-reason" value={reason} autoComplete="off" onChange={(e) => setReason(e.target.value)} />
        </Field>
      </FieldGroup>
      {set.error && <ErrorNotice error={set.error} onDismiss={() => set.reset()} />}
      <div>
        <Button type="submit" variant="secondary" disabled={reason.trim().length < 3 || set.isPending}>
          {t('override_submit')}
        </Button>
      </div>
    </form>
  );
}

function Suspension({ tenant, onDone }: { tenant: PlatformTenant; onDone: (m: string) => void }) {
  const t = useTranslations('saas.tenants');
  const trpc = useTRPC();
  const [reason, setReason] = useState('');
  const options = {
    meta: { invalidates: [trpc.platform.pathKey()] },
    onSuccess: (r: { status: string }) => {
      onDone(t(r.status === 'suspended' ? 'suspended_done' : 'reactivated_done', { name: tenant.name }));
      setReason('');
    },
  };
  const suspend = useMutation(trpc.platform.tenants.suspend.mutationOptions(options));
  const reactivate = useMutation(trpc.platform.tenants.reactivate.mutationOptions(options));
  const action = tenant.status === 'suspended' ? reactivate : suspend;
  if (tenant.status === 'terminated') return null;
  return (
    <form
      className="grid gap-3 border-t pt-4"
      data-testid="suspension"
      onSubmit={(e) => {
        e.preventDefault();
        action.mutate({ id: tenant.id, reason: reason.trim() });
      }}
    >
      <h3 className="m-0 text-sm font-semibold">{t(tenant.status === 'suspended' ? 'reactivate' : 'suspend')}</h3>
      <Field>
        <FieldLabel htmlFor="suspension-reason">{t('reason')}</FieldLabel>
        <Input id="suspension-reason" value={reason} autoComplete="off" onChange={(e) => setReason(e.target.value)} />
      </Field>
      {action.error && <ErrorNotice error={action.error} onDismiss={() => action.reset()} />}
      <div>
        <Button type="submit" variant={tenant.status === 'suspended' ? 'default' : 'secondary'} className={tenant.status === 'suspended' ? undefined : 'text-destructive'} disabled={reason.trim().length < 3 || action.isPending}>
          {t(tenant.status === 'suspended' ? 'reactivate' : 'suspend')}
        </Button>
      </div>
    </form>
  );
}

function Detail({ id, onDone }: { id: string; onDone: (m: string) => void }) {
  const t = useTranslations('saas.tenants');
  const ts = useTranslations('saas.sub');
  const tm = useTranslations('saas.method');
  const format = useFormatter();
  const trpc = useTRPC();
  const detail = useQuery({ ...trpc.platform.tenants.get.queryOptions({ id }), retry: retryUnlessRefused });
  if (detail.isPending) return <Skeleton className="h-64" />;
  if (detail.isError) return <ErrorNotice error={detail.error} />;
  const d = detail.data;
  return (
    <Card titleId="tenant-detail-title" data-testid="tenant-detail" title={d.name} action={<TenantStatus status={d.status} />}>
      <CardContent className="grid gap-4">
        <DescriptionList>
          <DescriptionItem term={t('plan')}>
            <span data-testid="tenant-plan">{d.plan_name ?? '—'}</span>
          </DescriptionItem>
          <DescriptionItem term={t('mrr')}>{format.number(d.mrr, 'idr')}</DescriptionItem>
          {d.subscription_status && <DescriptionItem term={ts('status_label')}>{ts(`status.${d.subscription_status}`)}</DescriptionItem>}
          <DescriptionItem term={t('open_invoices')}>
            <span data-testid="tenant-open-invoices">{d.open_invoices}</span>
          </DescriptionItem>
          <DescriptionItem term={t('last_payment')}>
            <span data-testid="tenant-last-payment">
              {d.last_payment
                ? t('last_payment_text', { number: d.last_payment.number, day: format.dateTime(d.last_payment.paid_at, 'date'), method: tm(d.last_payment.payment_method ?? 'bank_transfer') })
                : t('no_payment')}
            </span>
          </DescriptionItem>
          {d.scheduled_change && (
            <DescriptionItem term={t('scheduled')}>
              <span data-testid="scheduled-change">{t('scheduled_text', { plan: d.scheduled_change.new_plan_code, day: d.scheduled_change.effective_on })}</span>
            </DescriptionItem>
          )}
        </DescriptionList>
        <UsageList usage={d.usage} limits={d.limits} />
        <ChangePlan tenant={d} onDone={onDone} />
        <Overrides tenant={d} onDone={onDone} />
        <Suspension tenant={d} onDone={onDone} />
        <PlatformSupportAudit tenantId={d.id} until={d.support_access_until} />
      </CardContent>
    </Card>
  );
}

const PlatformRevenueChart = dynamic(() => import('./ReportCharts').then((m) => m.PlatformRevenueChart), { ssr: false, loading: () => <Skeleton className="h-60 w-full" /> });

/** MRR, paying ISPs, ARPU and this month's churn from the server, and MRR by month as a chart. */
function RevenueOverview({ isps }: { isps: number }) {
  const t = useTranslations('saas.revenue');
  const tt = useTranslations('saas.tenants');
  const format = useFormatter();
  const trpc = useTRPC();
  const revenue = useQuery({ ...trpc.platform.tenants.revenue.queryOptions({ months: 12 }), retry: retryUnlessRefused });
  const c = revenue.data?.current;
  const value = (v: (r: NonNullable<typeof c>) => string) => (c ? v(c) : <Skeleton className="h-7 w-24" />);
  return (
    <>
      <div className="grid gap-3 sm:grid-cols-2 xl:grid-cols-4">
        <StatCard label={tt('mrr_total')} value={value((r) => format.number(r.mrr, 'idr'))} data-testid="mrr-total" />
        <StatCard label={tt('paying')} value={value((r) => tt('paying_value', { paying: r.paying_isps, total: isps }))} />
        <StatCard label={tt('arpu')} value={value((r) => format.number(r.arpu, 'idr'))} data-testid="arpu" />
        <StatCard
          label={t('churn')}
          value={value((r) => (r.churn_rate === null ? t('churn_none') : t('churn_value', { rate: format.number(r.churn_rate, 'percent'), churned: r.churned_isps })))}
          data-testid="churn"
        />
      </div>
      <Card titleId="revenue-title" title={t('title')} description={t('subtitle')}>
        <CardContent>
          {revenue.isError && !revenue.data ? <ErrorNotice error={revenue.error} /> : revenue.data ? <PlatformRevenueChart months={revenue.data.months} /> : <Skeleton className="h-60 w-full" />}
          {c && <p className="mt-2 text-sm text-muted-foreground">{t('new_churned', { fresh: c.new_isps, churned: c.churned_isps })}</p>}
        </CardContent>
      </Card>
    </>
  );
}

export function PlatformTenantsView() {
  const t = useTranslations('saas.tenants');
  const trpc = useTRPC();
  const [selected, setSelected] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const list = useQuery({ ...trpc.platform.tenants.list.queryOptions(), retry: retryUnlessRefused });
  const columns = useColumns(selected, setSelected);
  if (list.isError && !list.data) return <ErrorNotice error={list.error} page />;
  const rows = list.data ?? [];
  return (
    <>
      <RevenueOverview isps={rows.length} />
      <DoneNotice data-testid="tenants-notice" onDismiss={() => setNotice(null)}>{notice}</DoneNotice>
      <div className="grid min-w-0 items-start gap-4 2xl:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <ListCard query={list} titleId="tenants-title" title={t('count', { count: rows.length })}>
          <DataTable
            testId="tenants"
            columns={columns}
            query={list}
            empty={t('empty')}
            rowProps={(r) => ({ 'data-testid': 'tenant-row', 'data-id': r.id })}
            selected={selected}
          />
        </ListCard>
        {selected ? (
          <Detail key={selected} id={selected} onDone={setNotice} />
        ) : (
          <PickOneCard>{t('select_hint')}</PickOneCard>
        )}
      </div>
    </>
  );
}
