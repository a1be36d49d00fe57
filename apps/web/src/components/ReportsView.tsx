'use client';
/**
 * Reports (reports.reports.read, the reports feature): a period of the ISP's calendar —
 * this month, last month, the last 3 or 12 months, or custom days — and its figures
 * beside the previous period's (the change on each stat card), the monthly charts and
 * the breakdowns by plan and ODP (reports.overview); then the background exports.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { ArrowDownRight, ArrowUpRight, Minus } from 'lucide-react';
import dynamic from 'next/dynamic';
import { useFormatter, useLocale, useTranslations } from 'next-intl';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { REPORT_PERIOD_PRESETS } from '@rrnet/contracts';
import type { Locale, ReportOverview, ReportPeriodPreset } from '@rrnet/contracts';
import { Button } from '@rrnet/ui/Button';
import { Card, CardContent } from '@rrnet/ui/Card';
import { DataTable } from '@rrnet/ui/DataTable';
import type { ColumnDef } from '@rrnet/ui/DataTable';
import { Field, FieldLabel } from '@rrnet/ui/Field';
import { FilterBar, FilterSelect } from '@rrnet/ui/FilterBar';
import { Input } from '@rrnet/ui/Input';
import { Skeleton } from '@rrnet/ui/Skeleton';
import { StatCard } from '@rrnet/ui/StatCard';
import { cn } from '@rrnet/ui/cn';
import { retryUnlessRefused } from '~/hooks/useTrpcError';
import { formatDay, formatDayRange } from '~/lib/billing';
import { useTRPC } from '~/trpc/TrpcProvider';
import { ErrorNotice } from './ErrorNotice';
import { ReportExportsCard } from './ReportExportsCard';
import { choices } from '@rrnet/ui/choices';

// the chart (visx) only where one is drawn: its own chunk, loaded after the page
const chartLoading = () => <Skeleton className="h-56 w-full" />;
const RevenueByMonthChart = dynamic(() => import('./ReportCharts').then((m) => m.RevenueByMonthChart), { ssr: false, loading: chartLoading });
const AgeingChart = dynamic(() => import('./ReportCharts').then((m) => m.AgeingChart), { ssr: false, loading: chartLoading });
const GrowthChart = dynamic(() => import('./ReportCharts').then((m) => m.GrowthChart), { ssr: false, loading: chartLoading });
const DailyChart = dynamic(() => import('./ReportCharts').then((m) => m.DailyChart), { ssr: false, loading: chartLoading });

type Period = { preset: ReportPeriodPreset; from?: string; to?: string };
type Change = ReportOverview['changes'][keyof ReportOverview['changes']];
type Figures = ReportOverview['current'];

/** How a change reads: money and days by share, counts by number, rates in points; `good` says which way is good news. */
function Delta({ change, kind, good, testId }: { change: Change | undefined; kind: 'money' | 'count' | 'rate' | 'days'; good: 'up' | 'down'; testId: string }) {
  const t = useTranslations('reports.delta');
  const format = useFormatter();
  if (!change || change.change === null) return <span className="text-xs text-muted-foreground" data-testid={testId} data-change="">{t('unknown')}</span>;
  const c = change.change;
  if (c === 0) {
    return (
      <span className="inline-flex items-center gap-1 text-xs text-muted-foreground" data-testid={testId} data-change="0">
        <Minus className="size-3" aria-hidden />
        {t('same')}
      </span>
    );
  }
  const magnitude =
    kind === 'rate'
      ? t('points', { value: format.number(Math.abs(c) * 100, { maximumFractionDigits: 1 }) })
      : change.pct !== null && kind !== 'count'
        ? format.number(Math.abs(change.pct), 'percent')
        : kind === 'money'
          ? format.number(Math.abs(c), 'idr')
          : format.number(Math.abs(c), { maximumFractionDigits: 1 });
  const up = c > 0;
  const Icon = up ? ArrowUpRight : ArrowDownRight;
  return (
    <span
      className={cn('inline-flex items-center gap-1 text-xs font-medium', up === (good === 'up') ? 'text-success' : 'text-destructive')}
      data-testid={testId}
      data-change={String(c)}
    >
      <Icon className="size-3.5" aria-hidden />
      {up ? t('up', { value: magnitude }) : t('down', { value: magnitude })}
    </span>
  );
}

function StatCards({ r }: { r: ReportOverview }) {
  const t = useTranslations('reports.stat');
  const locale = useLocale() as Locale;
  const format = useFormatter();
  const c = r.current;
  const rate = (v: number | null) => (v === null ? t('none') : format.number(v, 'percent'));
  const left = c.whatsapp.sent + c.whatsapp.delivered + c.whatsapp.read + c.whatsapp.failed;
  return (
    <div className="grid gap-3 sm:grid-cols-2 xl:grid-cols-4">
      <StatCard
        data-testid="report-stat-revenue"
        data-amount={c.revenue}
        label={t('revenue')}
        value={format.number(c.revenue, 'idr')}
        hint={t('revenue_hint', { count: c.payments_count })}
        footer={<Delta change={r.changes.revenue} kind="money" good="up" testId="report-delta-revenue" />}
      />
      <StatCard
        data-testid="report-stat-collection"
        data-rate={c.collection_rate ?? ''}
        label={t('collection_rate')}
        value={rate(c.collection_rate)}
        hint={t('collection_hint', { invoiced: format.number(c.invoiced, 'idr') })}
        footer={<Delta change={r.changes.collection_rate} kind="rate" good="up" testId="report-delta-collection" />}
      />
      <StatCard
        data-testid="report-stat-arrears"
        data-amount={c.arrears.total}
        tone={c.arrears.total > 0 ? 'warning' : 'default'}
        label={t('arrears')}
        value={format.number(c.arrears.total, 'idr')}
        hint={t('arrears_hint', { count: c.arrears.invoices, day: formatDay(c.arrears.as_of, locale) })}
        footer={<Delta change={r.changes.arrears_total} kind="money" good="down" testId="report-delta-arrears" />}
      />
      <StatCard
        data-testid="report-stat-growth"
        data-net={c.growth.net}
        label={t('net_growth')}
        value={format.number(c.growth.net, { signDisplay: 'exceptZero' })}
        hint={t('net_growth_hint', { added: c.growth.new, churned: c.growth.churned, active: c.growth.active_at_end })}
        footer={<Delta change={r.changes.net_growth} kind="count" good="up" testId="report-delta-growth" />}
      />
      <StatCard
        data-testid="report-stat-isolations"
        data-count={c.isolir.isolations}
        label={t('isolations')}
        value={format.number(c.isolir.isolations)}
        hint={t('isolations_hint', { restores: c.isolir.restores, failed: c.isolir.failed })}
        footer={<Delta change={r.changes.isolations} kind="count" good="down" testId="report-delta-isolations" />}
      />
      <StatCard
        data-testid="report-stat-days-to-pay"
        data-days={c.avg_days_to_pay ?? ''}
        label={t('avg_days_to_pay')}
        value={c.avg_days_to_pay === null ? t('none') : t('avg_days_value', { days: c.avg_days_to_pay })}
        hint={t('avg_days_hint')}
        footer={<Delta change={r.changes.avg_days_to_pay} kind="days" good="down" testId="report-delta-days-to-pay" />}
      />
      <StatCard
        data-testid="report-stat-wa"
        data-rate={c.whatsapp.delivery_rate ?? ''}
        label={t('wa_delivery')}
        value={rate(c.whatsapp.delivery_rate)}
        hint={t('wa_delivery_hint', { delivered: c.whatsapp.delivered + c.whatsapp.read, left, failed: c.whatsapp.failed })}
        footer={<Delta change={r.changes.wa_delivery_rate} kind="rate" good="up" testId="report-delta-wa" />}
      />
      <StatCard
        data-testid="report-stat-routers"
        data-rate={r.routers.sync_success_rate ?? ''}
        label={t('router_sync')}
        value={rate(r.routers.sync_success_rate)}
        hint={
          r.routers.synced === 0
            ? t('router_sync_none', { total: r.routers.total })
            : t('router_sync_hint', { online: r.routers.online, synced: r.routers.synced, period: rate(r.routers.period.sync_success_rate), days: r.routers.period.days })
        }
      />
      <StatCard
        data-testid="report-stat-outages"
        data-minutes={c.outage_minutes}
        tone={c.outage_minutes > 0 ? 'warning' : 'default'}
        label={t('outage_minutes')}
        value={t('outage_minutes_value', { hours: Math.floor(c.outage_minutes / 60), minutes: c.outage_minutes % 60 })}
        hint={t('outage_minutes_hint')}
        footer={<Delta change={r.changes.outage_minutes} kind="count" good="down" testId="report-delta-outages" />}
      />
    </div>
  );
}

function useBreakdownColumns() {
  const t = useTranslations('reports.table');
  const format = useFormatter();
  const plan: ColumnDef<Figures['revenue_by_plan'][number]>[] = [
    { id: 'plan', header: t('plan'), cell: ({ row: { original: p } }) => p.plan_name ?? t('no_plan') },
    { id: 'payments', header: t('payments'), meta: { numeric: true }, cell: ({ row: { original: p } }) => format.number(p.payments) },
    { id: 'amount', header: t('amount'), meta: { numeric: true }, cell: ({ row: { original: p } }) => <strong>{format.number(p.amount, 'idr')}</strong> },
  ];
  const growthCells = <T extends { new: number; churned: number; net: number }>(): ColumnDef<T>[] => [
    { id: 'new', header: t('new'), meta: { numeric: true }, cell: ({ row: { original: g } }) => format.number(g.new) },
    { id: 'churned', header: t('churned'), meta: { numeric: true }, cell: ({ row: { original: g } }) => format.number(g.churned) },
    { id: 'net', header: t('net'), meta: { numeric: true }, cell: ({ row: { original: g } }) => <strong>{format.number(g.net, { signDisplay: 'exceptZero' })}</strong> },
  ];
  const growthPlan: ColumnDef<Figures['growth']['by_plan'][number]>[] = [{ id: 'plan', header: t('plan'), cell: ({ row: { original: g } }) => g.plan_name }, ...growthCells<Figures['growth']['by_plan'][number]>()];
  const growthOdp: ColumnDef<Figures['growth']['by_odp'][number]>[] = [{ id: 'odp', header: t('odp'), cell: ({ row: { original: g } }) => g.odp_name ?? t('no_odp') }, ...growthCells<Figures['growth']['by_odp'][number]>()];
  return { plan, growthPlan, growthOdp };
}

function ReportFiguresView({ r }: { r: ReportOverview }) {
  const t = useTranslations('reports');
  const columns = useBreakdownColumns();
  const c = r.current;
  return (
    <>
      <StatCards r={r} />
      <div className="grid gap-3 lg:grid-cols-2">
        <Card className="lg:col-span-2" title={t('chart.revenue_title')}>
          <CardContent>
            <RevenueByMonthChart current={c.revenue_by_month} previous={r.previous.revenue_by_month} />
          </CardContent>
        </Card>
        <Card className="lg:col-span-2" title={t('chart.daily_title')}>
          <CardContent>
            <DailyChart days={r.daily} />
          </CardContent>
        </Card>
        <Card title={t('chart.ageing_title')}>
          <CardContent>
            <AgeingChart buckets={c.arrears.buckets} />
          </CardContent>
        </Card>
        <Card title={t('chart.growth_title')}>
          <CardContent>
            <GrowthChart months={c.growth.by_month} />
          </CardContent>
        </Card>
        <Card title={t('table.by_plan_title')}>
          <CardContent>
            <DataTable
              testId="report-revenue-plans"
              columns={columns.plan}
              data={c.revenue_by_plan}
              getRowId={(p) => p.plan_id ?? 'none'}
              empty={t('table.empty')}
              rowProps={(p) => ({ 'data-testid': 'report-revenue-plan', 'data-plan': p.plan_name ?? '', 'data-amount': String(p.amount) })}
            />
          </CardContent>
        </Card>
        <Card title={t('table.growth_plan_title')}>
          <CardContent>
            <DataTable
              testId="report-growth-plans"
              columns={columns.growthPlan}
              data={c.growth.by_plan}
              getRowId={(g) => g.plan_id}
              empty={t('table.empty')}
              rowProps={(g) => ({ 'data-testid': 'report-growth-plan', 'data-plan': g.plan_name, 'data-net': String(g.net) })}
            />
          </CardContent>
        </Card>
        <Card className="lg:col-span-2" title={t('table.growth_odp_title')}>
          <CardContent>
            <DataTable
              testId="report-growth-odps"
              columns={columns.growthOdp}
              data={c.growth.by_odp}
              getRowId={(g) => g.odp_id ?? 'none'}
              empty={t('table.empty')}
              rowProps={(g) => ({ 'data-testid': 'report-growth-odp', 'data-odp': g.odp_name ?? '', 'data-net': String(g.net) })}
            />
          </CardContent>
        </Card>
      </div>
    </>
  );
}

function PeriodPicker({ period, onChange }: { period: Period; onChange: (p: Period) => void }) {
  const t = useTranslations('reports.period');
  const [draft, setDraft] = useState<Period>(period);
  const apply = (e: FormEvent) => {
    e.preventDefault();
    if (draft.preset === 'custom' && draft.from && draft.to) onChange(draft);
  };
  return (
    <FilterBar label={t('filter')} onSubmit={apply}>
      <FilterSelect
        id="report-preset"
        name="preset"
        label={t('label')}
        value={draft.preset}
        options={choices(REPORT_PERIOD_PRESETS, (p) => t(p))}
        onChange={(v) => {
          const next = { ...draft, preset: v as ReportPeriodPreset };
          setDraft(next);
          if (next.preset !== 'custom') onChange({ preset: next.preset });
        }}
      />
      {draft.preset === 'custom' && (
        <>
          <Field>
            <FieldLabel htmlFor="report-from">{t('from')}</FieldLabel>
            <Input id="report-from" name="from" type="date" required value={draft.from ?? ''} onChange={(e) => setDraft({ ...draft, from: e.target.value })} />
          </Field>
          <Field>
            <FieldLabel htmlFor="report-to">{t('to')}</FieldLabel>
            <Input id="report-to" name="to" type="date" required min={draft.from} value={draft.to ?? ''} onChange={(e) => setDraft({ ...draft, to: e.target.value })} />
          </Field>
          <Button type="submit" className="self-end" data-testid="report-apply">
            {t('apply')}
          </Button>
        </>
      )}
    </FilterBar>
  );
}

export function ReportsView() {
  const t = useTranslations('reports');
  const locale = useLocale() as Locale;
  const trpc = useTRPC();
  const [period, setPeriod] = useState<Period>({ preset: 'this_month' });
  const overview = useQuery({ ...trpc.reports.overview.queryOptions(period), retry: retryUnlessRefused, placeholderData: keepPreviousData });
  if (overview.isError && !overview.data) return <ErrorNotice error={overview.error} page />;
  const r = overview.data;
  const range = (span: { from: string; to: string }) => formatDayRange(span.from, addDay(span.to, -1), locale);
  return (
    <div className="grid gap-4" data-testid="reports" data-preset={r?.preset ?? ''} aria-busy={overview.isFetching}>
      <PeriodPicker period={period} onChange={setPeriod} />
      {r && (
        <p className="m-0 text-sm text-muted-foreground" data-testid="report-range" data-from={r.current.span.from} data-to={r.current.span.to}>
          {t('period.range', { current: range(r.current.span), previous: range(r.previous.span) })}
        </p>
      )}
      {overview.isError && <ErrorNotice error={overview.error} />}
      {!r && (
        <div className="grid gap-3 sm:grid-cols-2 xl:grid-cols-4">
          {[0, 1, 2, 3].map((i) => (
            <Skeleton key={i} className="h-32" />
          ))}
        </div>
      )}
      {r && <ReportFiguresView r={r} />}
      <ReportExportsCard period={period} />
    </div>
  );
}

function addDay(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}
