'use client';
/**
 * Job platform monitoring for platform admins: queue depth per job class, the
 * dead-letter counts with the alert state, and the last hour's throughput. Refreshes
 * itself every 10 s; the API refuses everyone but super admins (shown as "no permission").
 */
import dynamic from 'next/dynamic';
import Link from 'next/link';
import { useFormatter, useLocale, useTranslations } from 'next-intl';
import { JOB_CLASS_LIST } from '@rrnet/contracts';
import { Badge } from '@rrnet/ui/Badge';
import { Button } from '@rrnet/ui/Button';
import { Card, CardContent, CardDescription, CardFooter, CardHeader } from '@rrnet/ui/Card';
import { Skeleton } from '@rrnet/ui/Skeleton';
import { cn } from '@rrnet/ui/cn';
import { useJobStats } from '~/hooks/useJobStats';
import { JOB_CLASS_COLOR, formatClock } from '~/lib/throughput';
import type { JobClassName } from '~/lib/throughput';
import { ErrorNotice } from './ErrorNotice';

// the chart (visx) only where one is drawn: its own chunk, loaded after the page
const ThroughputChart = dynamic(() => import('./ThroughputChart').then((m) => m.ThroughputChart), { ssr: false, loading: () => <Skeleton className="h-72 w-full" /> });

const JOBS_REFRESH_MS = 10_000;

interface ClassStats {
  job_class: JobClassName;
  waiting: number;
  scheduled: number;
  running: number;
}

const QUEUE_STATES = ['waiting', 'scheduled', 'running'] as const;
const DEAD_LETTER_STATES = ['dead', 'retried', 'discarded'] as const;

/** Figures side by side, each a label over its number. */
function Figures({ items, className }: { items: { key: string; label: string; value: number; testId: string; alarm?: boolean }[]; className?: string }) {
  const format = useFormatter();
  return (
    <dl className={cn('m-0 grid grid-cols-3 gap-3', className)}>
      {items.map((item) => (
        <div key={item.key} data-testid={item.testId} className="grid min-w-0 gap-0.5">
          <dt className="text-xs text-muted-foreground">{item.label}</dt>
          <dd className={cn('m-0 text-xl font-semibold tabular-nums', item.alarm && 'text-destructive')}>{format.number(item.value)}</dd>
        </div>
      ))}
    </dl>
  );
}

function ClassCard({ stats }: { stats: ClassStats }) {
  const t = useTranslations('jobs');
  const c = stats.job_class;
  return (
    <Card data-testid={`class-card-${c}`} aria-labelledby={`class-${c}-title`} className="border-t-4" style={{ borderTopColor: JOB_CLASS_COLOR[c] }}>
      <CardHeader>
        <h3 id={`class-${c}-title`} className="m-0 text-base font-semibold">
          {t(`class.${c}`)}
        </h3>
        <CardDescription>{t(`class_hint.${c}`)}</CardDescription>
      </CardHeader>
      <CardContent>
        <Figures items={QUEUE_STATES.map((k) => ({ key: k, label: t(k), value: stats[k], testId: `${c}-${k}` }))} />
      </CardContent>
    </Card>
  );
}

export function PlatformJobsView() {
  const t = useTranslations();
  const locale = useLocale();
  const format = useFormatter();
  const stats = useJobStats({ refetchInterval: JOBS_REFRESH_MS });
  const data = stats.data;

  if (stats.isError && !data) return <ErrorNotice error={stats.error} page />;
  if (!data) return <Skeleton className="h-96" />;
  return (
    <>
      <p className="m-0 flex items-center gap-2 text-sm text-muted-foreground" data-testid="jobs-updated">
        <span className={cn('size-2 rounded-full', stats.isFetching ? 'animate-pulse bg-warning' : 'bg-success')} aria-hidden />
        {t('jobs.auto_refresh', { seconds: JOBS_REFRESH_MS / 1000, time: formatClock(stats.dataUpdatedAt, locale, true) })}
      </p>
      {stats.isError && <ErrorNotice error={stats.error} />}

      <section className="grid gap-3" aria-labelledby="job-classes-title">
        <h2 id="job-classes-title" className="m-0 text-base font-semibold">
          {t('jobs.classes')}
        </h2>
        <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4" data-testid="class-cards">
          {JOB_CLASS_LIST.map((c) => {
            const entry = data.classes.find((x) => x.job_class === c) ?? { job_class: c, waiting: 0, scheduled: 0, running: 0 };
            return <ClassCard key={c} stats={entry} />;
          })}
        </div>
      </section>

      <Card titleId="dead-letters-title" data-testid="dead-letter-counts" title={t('jobs.dead_letters.title')} action={
        <Badge tone={data.alert.active ? 'danger' : 'success'} data-testid="alert-state">
          {data.alert.active ? t('jobs.alert_active') : t('jobs.alert_ok')}
        </Badge>
      }>
        <CardContent>
          <Figures
            className="max-w-xl"
            items={DEAD_LETTER_STATES.map((k) => ({
              key: k,
              label: t(`dead_letters.status.${k}`),
              value: data.dead_letters[k],
              testId: `dead-letters-${k}`,
              alarm: k === 'dead' && data.dead_letters.dead > 0,
            }))}
          />
        </CardContent>
        <CardFooter>
          <Button variant="secondary" size="sm" asChild>
            <Link href="/platform/dead-letters">{t('jobs.dead_letters.open')}</Link>
          </Button>
          <span className="text-sm text-muted-foreground">{t('jobs.dead_letters.threshold', { threshold: format.number(data.alert.threshold) })}</span>
        </CardFooter>
      </Card>

      <Card titleId="throughput-title" title={t('jobs.throughput.title')} description={t('jobs.throughput.hint')}>
        <CardContent>
          <ThroughputChart rows={data.throughput} now={stats.dataUpdatedAt} />
        </CardContent>
      </Card>
    </>
  );
}
