'use client';
/**
 * Isolir: the queue (requests not yet on the router, with the router's last error) and
 * the history (applied / failed), plus "Run sweep now" (isolir.actions.execute): the
 * hourly sweep for this ISP at once — unpaid past due → overdue, customers overdue beyond
 * the grace days → isolation requests for the worker. The queue refreshes while it is
 * not empty. Manual isolate / restore is on the customer's page.
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useEffect, useRef, useState } from 'react';
import { formatDateTime } from '@rrnet/contracts';
import type { IsolationEvent } from '@rrnet/contracts';
import { useSessionUser } from '~/hooks/useSessionUser';
import { useLocale, useTranslations } from 'next-intl';
import { retryUnlessRefused } from '~/hooks/useTrpcError';
import { useTRPC } from '~/trpc/TrpcProvider';
import { ErrorNotice } from './ErrorNotice';
import { FormField } from './FormField';
import { RequirePermission } from './NoPermission';
import { IsolirText } from './IsolirText';
import { IsolationStatusBadge } from './StatusBadges';

const QUEUE_POLL_MS = 3_000;
type HistoryFilter = 'all' | 'applied' | 'failed';

function EventsTable({ events, testId }: { events: readonly IsolationEvent[]; testId: string }) {
  const t = useTranslations();
  const locale = useLocale();
  return (
    <div className="table-wrap">
      <table className="table" data-testid={testId}>
        <thead>
          <tr>
            <th scope="col">{t('isolir.requested_at')}</th>
            <th scope="col">{t('invoices.customer')}</th>
            <th scope="col">{t('isolir.action.label')}</th>
            <th scope="col">{t('isolir.trigger.label')}</th>
            <th scope="col">{t('common.reason')}</th>
            <th scope="col">{t('isolir.status.label')}</th>
          </tr>
        </thead>
        <tbody>
          {events.map((e) => (
            <tr key={e.id} data-testid="isolation-event" data-customer-id={e.customer_id} data-action={e.action} data-status={e.status}>
              <td className="nowrap">
                {formatDateTime(e.created_at, locale)}
                {e.applied_at && (
                  <div className="cell-sub muted">
                    {t('isolir.applied_at')}: {formatDateTime(e.applied_at, locale)}
                  </div>
                )}
              </td>
              <td>
                <Link href={`/customers/${e.customer_id}`} className="cell-main">
                  {e.customer_name}
                </Link>
                <div className="cell-sub muted">
                  <code>{e.customer_code}</code>
                </div>
              </td>
              <td className="nowrap">
                <span className={e.action === 'isolate' ? 'badge down' : 'badge ok'}>{t(`isolir.action.${e.action}`)}</span>
              </td>
              <td className="nowrap">{t(`isolir.trigger.${e.trigger}`)}</td>
              <td>{e.reason ? <IsolirText text={e.reason} /> : <span className="muted">—</span>}</td>
              <td>
                <IsolationStatusBadge status={e.status} />
                {e.error && (
                  <div className="cell-sub error" data-testid="isolation-error">
                    <IsolirText text={e.error} />
                  </div>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Sweep() {
  const t = useTranslations();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const sweep = useMutation(
    trpc.isolir.sweep.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.isolir.pathKey() });
        await queryClient.invalidateQueries({ queryKey: trpc.billing.pathKey() });
        await queryClient.invalidateQueries({ queryKey: trpc.customers.customers.pathKey() });
      },
    }),
  );
  return (
    <section className="card" aria-labelledby="sweep-title" data-testid="isolir-sweep">
      <div className="card-header">
        <h2 id="sweep-title">{t('isolir.sweep.title')}</h2>
      </div>
      <p className="muted small">{t('isolir.sweep.hint')}</p>
      <div className="actions">
        <button type="button" className="button" disabled={sweep.isPending} onClick={() => sweep.mutate({})}>
          {sweep.isPending ? t('isolir.sweep.running') : t('isolir.sweep.run')}
        </button>
      </div>
      {sweep.error && <ErrorNotice error={sweep.error} onDismiss={() => sweep.reset()} />}
      {sweep.data && (
        <p className="alert ok" role="status" data-testid="sweep-result" data-overdue={sweep.data.overdue} data-requested={sweep.data.requested}>
          {t('isolir.sweep.done', { overdue: sweep.data.overdue, requested: sweep.data.requested })}
        </p>
      )}
    </section>
  );
}

function IsolirContent() {
  const t = useTranslations();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { can } = useSessionUser();
  const [filter, setFilter] = useState<HistoryFilter>('all');
  const queue = useQuery({
    ...trpc.isolir.events.queryOptions({ status: 'pending', limit: 200 }),
    retry: retryUnlessRefused,
    refetchInterval: (query) => ((query.state.data?.length ?? 0) > 0 ? QUEUE_POLL_MS : false),
  });
  const history = useQuery({
    ...trpc.isolir.events.queryOptions(filter === 'all' ? { limit: 100 } : { status: filter, limit: 100 }),
    retry: retryUnlessRefused,
    placeholderData: keepPreviousData,
  });

  // a request left the queue: the history and the customers' statuses changed
  const pendingKey = queue.data?.map((e) => e.id).join(',') ?? null;
  const previous = useRef<string | null>(null);
  useEffect(() => {
    if (pendingKey === null) return;
    if (previous.current !== null && previous.current !== pendingKey) {
      void queryClient.invalidateQueries({ queryKey: trpc.isolir.events.queryKey(filter === 'all' ? { limit: 100 } : { status: filter, limit: 100 }) });
      void queryClient.invalidateQueries({ queryKey: trpc.customers.customers.pathKey() });
      void queryClient.invalidateQueries({ queryKey: trpc.billing.pathKey() });
    }
    previous.current = pendingKey;
  }, [pendingKey, filter, queryClient, trpc]);

  if (queue.isError && !queue.data) return <ErrorNotice error={queue.error} page />;
  const done = (history.data ?? []).filter((e) => e.status !== 'pending');
  return (
    <>
      {can('isolir.actions.execute') && <Sweep />}
      <section className="card" aria-labelledby="queue-title" data-testid="isolir-queue">
        <div className="card-header">
          <h2 id="queue-title">{t('isolir.queue.title', { count: queue.data?.length ?? 0 })}</h2>
          {(queue.data?.length ?? 0) > 0 && (
            <span className="refresh-line muted">
              <span className="dot pulse" aria-hidden /> {t('isolir.queue.refreshing')}
            </span>
          )}
        </div>
        <p className="muted small">{t('isolir.queue.hint')}</p>
        {queue.isPending && <p className="muted">{t('common.loading')}</p>}
        {queue.data && queue.data.length === 0 && (
          <p className="empty-state" data-testid="isolir-queue-empty">
            {t('isolir.queue.empty')}
          </p>
        )}
        {queue.data && queue.data.length > 0 && <EventsTable events={queue.data} testId="isolir-queue-table" />}
      </section>
      <section className="card" aria-labelledby="history-title" data-testid="isolir-history">
        <div className="card-header">
          <h2 id="history-title">{t('isolir.history.title')}</h2>
          {history.isFetching && <span className="muted small">{t('common.loading')}</span>}
        </div>
        <div className="form form-row filters">
          <FormField label={t('isolir.status.label')}>
            {(props) => (
              <select {...props} name="history-status" value={filter} onChange={(e) => setFilter(e.target.value as HistoryFilter)}>
                <option value="all">{t('isolir.history.all')}</option>
                <option value="applied">{t('isolir.status.applied')}</option>
                <option value="failed">{t('isolir.status.failed')}</option>
              </select>
            )}
          </FormField>
        </div>
        {history.isError && <ErrorNotice error={history.error} />}
        {history.data && done.length === 0 && <p className="empty-state">{t('isolir.history.empty')}</p>}
        {done.length > 0 && <EventsTable events={done} testId="isolir-history-table" />}
      </section>
    </>
  );
}

export function IsolirView() {
  const t = useTranslations();
  return (
    <>
      <h1>{t('isolir.title')}</h1>
      <p className="muted">{t('isolir.subtitle')}</p>
      <RequirePermission permission="isolir.history.read">
        <IsolirContent />
      </RequirePermission>
    </>
  );
}
