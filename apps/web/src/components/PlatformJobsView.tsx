'use client';
/**
 * Job platform monitoring for platform admins: queue depth per job class, the
 * dead-letter counts with the alert state, and the last hour's throughput. Refreshes
 * itself every 10 s; the API refuses everyone but super admins (shown as "no permission").
 */
import Link from 'next/link';
import { JOB_CLASS_LIST } from '@rrnet/contracts';
import type { Locale } from '@rrnet/contracts';
import { useJobStats } from '~/hooks/useJobStats';
import { useLocale, useTranslations } from 'next-intl';
import { formatClock } from '~/lib/throughput';
import type { JobClassName } from '~/lib/throughput';
import { ErrorNotice } from './ErrorNotice';
import dynamic from 'next/dynamic';
import { Skeleton } from '@rrnet/ui/Skeleton';

// Recharts only where a chart is drawn: its own chunk, loaded after the page
const ThroughputChart = dynamic(() => import('./ThroughputChart').then((m) => m.ThroughputChart), { ssr: false, loading: () => <Skeleton className="h-72 w-full" /> });

const JOBS_REFRESH_MS = 10_000;

interface ClassStats {
  job_class: JobClassName;
  waiting: number;
  scheduled: number;
  running: number;
}

const formatCount = (value: number, locale: Locale) => new Intl.NumberFormat(locale === 'id' ? 'id-ID' : 'en-US').format(value);

const QUEUE_STATES = ['waiting', 'scheduled', 'running'] as const;
const DEAD_LETTER_STATES = ['dead', 'retried', 'discarded'] as const;

function ClassCard({ stats }: { stats: ClassStats }) {
  const t = useTranslations();
  const locale = useLocale();
  const c = stats.job_class;
  return (
    <section className={`card stat-card series-${c}`} data-testid={`class-card-${c}`} aria-labelledby={`class-${c}-title`}>
      <h3 id={`class-${c}-title`}>{t(`jobs.class.${c}`)}</h3>
      <p className="muted stat-hint">{t(`jobs.class_hint.${c}`)}</p>
      <dl className="stat-numbers">
        {QUEUE_STATES.map((k) => (
          <div key={k} data-testid={`${c}-${k}`}>
            <dt>{t(`jobs.${k}`)}</dt>
            <dd>{formatCount(stats[k], locale)}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

export function PlatformJobsView() {
  const t = useTranslations();
  const locale = useLocale();
  const stats = useJobStats({ refetchInterval: JOBS_REFRESH_MS });
  const data = stats.data;

  return (
    <>
      <h1>{t('jobs.title')}</h1>
      <p className="muted">{t('jobs.subtitle')}</p>
      {stats.isPending && <p className="muted">{t('common.loading')}</p>}
      {stats.isError && !data && <ErrorNotice error={stats.error} page />}
      {data && (
        <>
          <p className="muted refresh-line" data-testid="jobs-updated">
            <span className={stats.isFetching ? 'dot pulse' : 'dot ok'} aria-hidden />
            {t('jobs.auto_refresh', { seconds: JOBS_REFRESH_MS / 1000, time: formatClock(stats.dataUpdatedAt, locale, true) })}
          </p>
          {stats.isError && <ErrorNotice error={stats.error} />}

          <h2 className="section-title">{t('jobs.classes')}</h2>
          <div className="stat-grid" data-testid="class-cards">
            {JOB_CLASS_LIST.map((c) => {
              const entry = data.classes.find((x) => x.job_class === c) ?? { job_class: c, waiting: 0, scheduled: 0, running: 0 };
              return <ClassCard key={c} stats={entry} />;
            })}
          </div>

          <section className="card" data-testid="dead-letter-counts" aria-labelledby="dead-letters-title">
            <div className="card-header">
              <h2 id="dead-letters-title">{t('jobs.dead_letters.title')}</h2>
              <span className={data.alert.active ? 'badge down' : 'badge ok'} data-testid="alert-state">
                {data.alert.active ? t('jobs.alert_active') : t('jobs.alert_ok')}
              </span>
            </div>
            <dl className="stat-numbers wide">
              {DEAD_LETTER_STATES.map((k) => (
                <div key={k} data-testid={`dead-letters-${k}`}>
                  <dt>{t(`dead_letters.status.${k}`)}</dt>
                  <dd className={k === 'dead' && data.dead_letters.dead > 0 ? 'error' : undefined}>{formatCount(data.dead_letters[k], locale)}</dd>
                </div>
              ))}
            </dl>
            <div className="actions card-footer">
              <Link href="/platform/dead-letters" className="button secondary small">
                {t('jobs.dead_letters.open')}
              </Link>
              <span className="muted">{t('jobs.dead_letters.threshold', { threshold: formatCount(data.alert.threshold, locale) })}</span>
            </div>
          </section>

          <section className="card" aria-labelledby="throughput-title">
            <div className="card-header">
              <h2 id="throughput-title">{t('jobs.throughput.title')}</h2>
            </div>
            <p className="muted">{t('jobs.throughput.hint')}</p>
            <ThroughputChart rows={data.throughput} now={stats.dataUpdatedAt} />
          </section>
        </>
      )}
    </>
  );
}
