'use client';
/**
 * The platform's own metrics page (issue #18), for an operator without Grafana: the same
 * figures the Prometheus endpoints export, read live every 15 s — readiness, this web
 * instance's API p95 and error rate, database connections, Redis memory, job queues and
 * dead letters, the business rates, outages, and the busiest SQL statements. The API
 * figures of each refresh are kept while the page is open and drawn as a trend.
 */
import { useQuery } from '@tanstack/react-query';
import dynamic from 'next/dynamic';
import { useFormatter, useLocale, useTranslations } from 'next-intl';
import { useState } from 'react';
import { HEALTH_COMPONENTS } from '@rrnet/contracts/constants';
import type { PlatformMetrics, TopStatement } from '@rrnet/contracts';
import { Alert, AlertDescription, AlertTitle } from '@rrnet/ui/Alert';
import { Badge } from '@rrnet/ui/Badge';
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from '@rrnet/ui/Card';
import { DataTable } from '@rrnet/ui/DataTable';
import type { ColumnDef } from '@rrnet/ui/DataTable';
import { Skeleton } from '@rrnet/ui/Skeleton';
import { StatCard } from '@rrnet/ui/StatCard';
import { cn } from '@rrnet/ui/cn';
import { retryUnlessRefused } from '~/hooks/useTrpcError';
import { formatClock } from '~/lib/throughput';
import { METRICS_SAMPLES_KEPT, addSample, formatBytes } from '~/lib/platform_metrics';
import type { MetricsSample } from '~/lib/platform_metrics';
import { useTRPC } from '~/trpc/TrpcProvider';
import { ErrorNotice } from './ErrorNotice';

// the chart (visx) only where one is drawn: its own chunk, loaded after the page
const ApiTrendChart = dynamic(() => import('./PlatformMetricsCharts').then((m) => m.ApiTrendChart), { ssr: false, loading: () => <Skeleton className="h-56 w-full" /> });
const BusinessRatesChart = dynamic(() => import('./PlatformMetricsCharts').then((m) => m.BusinessRatesChart), { ssr: false, loading: () => <Skeleton className="h-56 w-full" /> });

const METRICS_REFRESH_MS = 15_000;

function Readiness({ readiness }: { readiness: PlatformMetrics['readiness'] }) {
  const t = useTranslations('metrics');
  if (!readiness) return null;
  return (
    <ul className="m-0 flex list-none flex-wrap gap-2 p-0" data-testid="metrics-readiness" aria-label={t('readiness')}>
      {HEALTH_COMPONENTS.map((c) => (
        <li key={c}>
          <Badge tone={readiness.checks[c].ok ? 'success' : 'danger'} data-testid={`dependency-${c}`} title={readiness.checks[c].detail}>
            {t(`dependency.${c}`)}: {readiness.checks[c].ok ? t('up') : t('down')}
          </Badge>
        </li>
      ))}
    </ul>
  );
}

function useStatementColumns(): ColumnDef<TopStatement>[] {
  const t = useTranslations('metrics.statements');
  const format = useFormatter();
  const ms = (v: number) => format.number(v, { maximumFractionDigits: v < 10 ? 2 : 0 });
  return [
    {
      id: 'query',
      header: t('query'),
      cell: ({ row }) => (
        <code className="line-clamp-3 block max-w-[40rem] text-xs break-all whitespace-pre-wrap" title={row.original.query}>
          {row.original.query}
        </code>
      ),
    },
    { id: 'calls', header: t('calls'), cell: ({ row }) => <span className="tabular-nums">{format.number(row.original.calls)}</span> },
    { id: 'total', header: t('total_ms'), cell: ({ row }) => <span className="tabular-nums">{ms(row.original.total_ms)}</span> },
    { id: 'mean', header: t('mean_ms'), cell: ({ row }) => <span className="tabular-nums">{ms(row.original.mean_ms)}</span> },
    {
      id: 'share',
      header: t('share'),
      cell: ({ row }) => (
        <span className="flex items-center gap-2">
          <span className="h-2 w-16 overflow-hidden rounded-full bg-muted" aria-hidden>
            <span className="block h-full bg-chart-1" style={{ width: `${Math.round(row.original.share * 100)}%` }} />
          </span>
          <span className="tabular-nums">{format.number(row.original.share, 'percent')}</span>
        </span>
      ),
    },
  ];
}

function SlowQueries({ slow }: { slow: PlatformMetrics['slow_queries'] }) {
  const t = useTranslations('metrics.statements');
  const columns = useStatementColumns();
  return (
    <Card titleId="statements-title" data-testid="metrics-statements" title={t('title')} description={t('hint')}>
      <CardContent>
        {slow.available ? (
          <DataTable columns={columns} data={slow.statements} getRowId={(s) => s.query_id} empty={t('empty')} caption={t('title')} />
        ) : (
          <p className="m-0 text-sm text-muted-foreground" data-testid="statements-unavailable">
            {t(`unavailable.${slow.reason}`)}
          </p>
        )}
      </CardContent>
    </Card>
  );
}

export function PlatformMetricsView() {
  const t = useTranslations('metrics');
  const locale = useLocale();
  const format = useFormatter();
  const trpc = useTRPC();
  const query = useQuery({ ...trpc.platform.metrics.queryOptions(), refetchInterval: METRICS_REFRESH_MS, staleTime: 5_000, retry: retryUnlessRefused });
  const data = query.data;
  // each new reading joins the trend once (state adjusted while rendering, not in an effect)
  const [samples, setSamples] = useState<MetricsSample[]>([]);
  const [seen, setSeen] = useState<PlatformMetrics | undefined>(undefined);
  if (data && data !== seen) {
    setSeen(data);
    setSamples((s) => addSample(s, data));
  }

  if (query.isError && !data) return <ErrorNotice error={query.error} page />;
  if (!data) return <Skeleton className="h-96" />;
  const api = data.api;
  const seconds = (v: number | null) => (v === null ? '—' : t('ms', { value: format.number(v * 1000, { maximumFractionDigits: 0 }) }));
  const percent = (v: number | null) => (v === null ? '—' : format.number(v, { style: 'percent', maximumFractionDigits: 2 }));
  const waiting = data.queues ? data.queues.classes.reduce((a, c) => a + c.waiting, 0) : null;
  const running = data.queues ? data.queues.classes.reduce((a, c) => a + c.running, 0) : null;
  const db = data.database;
  const redis = data.redis;

  return (
    <>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <Readiness readiness={data.readiness} />
        <p className="m-0 flex items-center gap-2 text-sm text-muted-foreground" data-testid="metrics-updated">
          <span className={cn('size-2 rounded-full', query.isFetching ? 'animate-pulse bg-warning' : 'bg-success')} aria-hidden />
          {t('auto_refresh', { seconds: METRICS_REFRESH_MS / 1000, time: formatClock(query.dataUpdatedAt, locale, true) })}
        </p>
      </div>
      {query.isError && <ErrorNotice error={query.error} />}
      {data.errors.length > 0 && (
        <Alert tone="warning" data-testid="metrics-errors">
          <AlertTitle>{t('partial')}</AlertTitle>
          <AlertDescription>
            <ul className="m-0 pl-4">
              {data.errors.map((e) => (
                <li key={e.section}>
                  {t(`section.${e.section}` as 'section.api')}: {e.message}
                </li>
              ))}
            </ul>
          </AlertDescription>
        </Alert>
      )}

      <section className="grid gap-4 sm:grid-cols-2 xl:grid-cols-3" aria-label={t('figures')} data-testid="metrics-figures">
        <StatCard
          label={t('p95')}
          value={seconds(api?.window_p95_seconds ?? null)}
          hint={api ? t('p95_hint', { minutes: Math.max(1, Math.round(api.window_seconds / 60)), lifetime: seconds(api.p95_seconds), requests: format.number(api.window_requests) }) : t('no_api')}
          data-testid="metric-p95"
        />
        <StatCard
          label={t('error_rate')}
          value={percent(api?.window_error_rate ?? null)}
          tone={(api?.window_error_rate ?? 0) > 0.05 ? 'danger' : 'default'}
          hint={api ? t('error_rate_hint', { errors: format.number(api.errors), requests: format.number(api.requests), top: api.errors_by_code[0]?.code ?? '—' }) : t('no_api')}
          data-testid="metric-error-rate"
        />
        <StatCard
          label={t('db_connections')}
          value={db ? t('of', { value: format.number(db.total), max: format.number(db.max_connections) }) : '—'}
          tone={db && db.total / Math.max(1, db.max_connections) > 0.8 ? 'warning' : 'default'}
          hint={db ? db.by_state.map((s) => `${t(`db_state.${s.state}` as 'db_state.idle')} ${format.number(s.connections)}`).join(' · ') : undefined}
          data-testid="metric-db"
        />
        <StatCard
          label={t('redis_memory')}
          value={redis ? formatBytes(redis.used_bytes, locale) : '—'}
          hint={redis ? (redis.max_bytes > 0 ? t('redis_max', { max: formatBytes(redis.max_bytes, locale) }) : t('redis_no_max')) : undefined}
          data-testid="metric-redis"
        />
        <StatCard
          label={t('queue')}
          value={waiting === null ? '—' : format.number(waiting)}
          hint={running === null ? undefined : t('queue_hint', { running: format.number(running) })}
          link={{ href: '/platform/jobs', label: t('open_jobs') }}
          data-testid="metric-queue"
        />
        <StatCard
          label={t('dead_letters')}
          value={data.queues ? format.number(data.queues.dead_letters) : '—'}
          tone={(data.queues?.dead_letters ?? 0) > 0 ? 'danger' : 'success'}
          link={{ href: '/platform/dead-letters', label: t('open_dead_letters') }}
          data-testid="metric-dead-letters"
        />
      </section>

      <Card titleId="api-trend-title" title={t('trend.title')} description={t('trend.hint', { kept: METRICS_SAMPLES_KEPT, seconds: METRICS_REFRESH_MS / 1000 })}>
        <CardContent>
          <ApiTrendChart samples={samples} />
        </CardContent>
      </Card>

      {data.business && (
        <Card aria-labelledby="business-title" data-testid="metrics-business">
          <CardHeader>
            <CardTitle id="business-title">{t('business.title')}</CardTitle>
            <CardDescription>
              {t('business.outages', {
                open: data.business.outages.open,
                resolved: data.business.outages.resolved_30d,
                mean: data.business.outages.mean_resolution_seconds === null ? '—' : format.number(data.business.outages.mean_resolution_seconds / 60, { maximumFractionDigits: 0 }),
              })}
            </CardDescription>
          </CardHeader>
          <CardContent>
            <BusinessRatesChart rates={data.business.rates} />
          </CardContent>
        </Card>
      )}

      <SlowQueries slow={data.slow_queries} />
    </>
  );
}
