'use client';
/**
 * On the platform's ISP detail: whether the ISP has granted RRNet support access, and while
 * it has, the ISP's latest audit events (read through the support grant; each read is
 * recorded in the ISP's own trail). Without a grant the platform sees nothing of it.
 */
import { useQuery } from '@tanstack/react-query';
import { useFormatter, useTranslations } from 'next-intl';
import { retryUnlessRefused } from '~/hooks/useTrpcError';
import { useTRPC } from '~/trpc/TrpcProvider';
import { ErrorNotice } from './ErrorNotice';

const LATEST = 10;

export function PlatformSupportAudit({ tenantId, until }: { tenantId: string; until: Date | null }) {
  const t = useTranslations('saas.tenants.support');
  const format = useFormatter();
  const trpc = useTRPC();
  const events = useQuery({ ...trpc.platform.audit.ispEvents.queryOptions({ id: tenantId, limit: LATEST }), enabled: until !== null, retry: retryUnlessRefused });
  return (
    <section className="grid gap-2" aria-labelledby="tenant-support-title" data-testid="tenant-support">
      <h3 id="tenant-support-title" className="m-0 text-sm font-semibold">
        {t('title')}
      </h3>
      {until === null ? (
        <p className="m-0 text-sm text-muted-foreground" data-testid="tenant-support-none">
          {t('none')}
        </p>
      ) : (
        <>
          <p className="m-0 text-sm" data-testid="tenant-support-until">
            {t('until', { until: format.dateTime(until, 'datetime') })}
          </p>
          {events.isError && <ErrorNotice error={events.error} />}
          {events.data && (
            <ol className="m-0 grid list-none gap-1 p-0 text-sm" aria-label={t('events')}>
              {events.data.items.length === 0 && <li className="text-muted-foreground">{t('empty')}</li>}
              {events.data.items.map((e) => (
                <li key={e.id} className="flex flex-wrap gap-x-2 border-b py-1 last:border-b-0" data-testid="tenant-support-event">
                  <span className="tabular-nums text-muted-foreground">{format.dateTime(new Date(e.occurred_at), 'datetime')}</span>
                  <span className="font-medium">{e.action}</span>
                  {e.table_name && <span className="text-muted-foreground">{e.table_name}</span>}
                  <span className="text-muted-foreground">{e.actor_name ?? e.actor_email ?? '—'}</span>
                </li>
              ))}
            </ol>
          )}
        </>
      )}
    </section>
  );
}
