'use client';
/** Live readiness of Postgres, Redis and the worker, from `system.health`. */
import { useQuery } from '@tanstack/react-query';
import { HEALTH_COMPONENTS } from '@rrnet/contracts';
import { useTranslations } from 'next-intl';
import { useTRPC } from '~/trpc/TrpcProvider';

export function SystemStatus({ compact = false }: { compact?: boolean }) {
  const t = useTranslations();
  const trpc = useTRPC();
  const health = useQuery({ ...trpc.system.health.queryOptions(), refetchInterval: 15_000 });

  if (health.isPending) return <p className="muted">{t('status.loading')}</p>;
  if (health.isError) return <p className="error">{t('status.error')}</p>;
  const data = health.data;
  return (
    <section className="card" aria-label={t('status.title')}>
      <div className="card-header">
        <h2>{t('status.title')}</h2>
        <span className={data.ready ? 'badge ok' : 'badge down'} data-testid="readiness">
          {data.ready ? t('status.ready') : t('status.not_ready')}
        </span>
      </div>
      <ul className="status-list">
        {HEALTH_COMPONENTS.map((name) => {
          const check = data.checks[name];
          return (
            <li key={name} data-testid={`status-${name}`}>
              <span className={check.ok ? 'dot ok' : 'dot down'} aria-hidden />
              <span className="status-name">{t(`status.component.${name}`)}</span>
              <span className="status-value">{check.ok ? t('status.ok') : t('status.down')}</span>
              {!compact && (
                <span className="muted status-detail">
                  {check.ok ? `${t('status.latency')} ${check.latency_ms} ms` : check.detail}
                </span>
              )}
            </li>
          );
        })}
      </ul>
      {!compact && (
        <button type="button" className="button" onClick={() => void health.refetch()}>
          {t('status.refresh')}
        </button>
      )}
    </section>
  );
}
