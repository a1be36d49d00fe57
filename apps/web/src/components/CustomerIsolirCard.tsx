'use client';
/**
 * The customer page's "Isolir" card: manual isolate (active, nothing on its way) and
 * restore (isolated, or an isolation still pending) with a reason for the audit trail,
 * and the customer's latest isolation events. The router is changed by the worker; while
 * a request is pending the events refresh, and the customer is reloaded when it leaves
 * the queue, so the status badge follows without a page reload.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useEffect, useRef, useState } from 'react';
import { formatDateTime } from '@rrnet/contracts';
import type { Customer } from '@rrnet/contracts';
import { useSessionUser } from '~/hooks/useSessionUser';
import { useLocale, useTranslations } from 'next-intl';
import { errorCodeOf, fieldErrorsOf, retryUnlessRefused } from '~/hooks/useTrpcError';
import { useTRPC } from '~/trpc/TrpcProvider';
import { ConfirmPanel } from './ConfirmPanel';
import { ErrorNotice } from './ErrorNotice';
import { NotInPlan } from './NoPermission';
import { IsolirText } from './IsolirText';
import { IsolationStatusBadge } from './StatusBadges';

const EVENTS_POLL_MS = 3_000;
const RECENT_EVENTS = 5;

type Action = 'isolate' | 'restore';

export function CustomerIsolirCard({ customer }: { customer: Customer }) {
  const t = useTranslations();
  const locale = useLocale();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { can } = useSessionUser();
  const [action, setAction] = useState<Action | null>(null);
  const [requested, setRequested] = useState<Action | null>(null);
  const eventsInput = { customer_id: customer.id, limit: RECENT_EVENTS };
  const events = useQuery({
    ...trpc.isolir.events.queryOptions(eventsInput),
    enabled: can('isolir.history.read'),
    retry: retryUnlessRefused,
    refetchInterval: (query) => (query.state.data?.some((e) => e.status === 'pending') ? EVENTS_POLL_MS : false),
  });
  const refreshCustomer = () => queryClient.invalidateQueries({ queryKey: trpc.customers.customers.get.queryKey({ id: customer.id }) });
  const act = useMutation(
    trpc.isolir.act.mutationOptions({
      onSuccess: async (event) => {
        setAction(null);
        setRequested(event.action);
        await Promise.all([
          refreshCustomer(),
          queryClient.invalidateQueries({ queryKey: trpc.isolir.pathKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.customers.customers.list.pathKey() }),
        ]);
      },
    }),
  );

  // The customer's status changed when a request left the queue (applied or failed) while
  // we watched, or before the events were first read: the customer was loaded still
  // pending, but its events already show nothing pending (the worker finished between the
  // two reads). Deps are primitives, so a customer that stays flagged (a failed event) is
  // reloaded once, not in a loop.
  const pendingKey = events.data ? events.data.filter((e) => e.status === 'pending').map((e) => e.id).join(',') : null;
  const previous = useRef<string | null>(null);
  useEffect(() => {
    if (pendingKey === null) return;
    const leftQueue = previous.current !== null && previous.current !== pendingKey;
    const loadedStale = previous.current === null && customer.isolir_pending && pendingKey === '';
    if (leftQueue || loadedStale) {
      void queryClient.invalidateQueries({ queryKey: trpc.customers.customers.get.queryKey({ id: customer.id }) });
      void queryClient.invalidateQueries({ queryKey: trpc.customers.customers.list.pathKey() });
    }
    previous.current = pendingKey;
  }, [pendingKey, customer.id, customer.isolir_pending, queryClient, trpc]);

  if (errorCodeOf(events.error) === 'FEATURE_DISABLED' || errorCodeOf(act.error) === 'FEATURE_DISABLED') {
    return (
      <div data-testid="customer-isolir">
        <NotInPlan title={t('isolir.card.not_in_plan.title')} text={t('isolir.card.not_in_plan.text')} />
      </div>
    );
  }

  const canAct = can('isolir.actions.execute');
  const available: Action[] = [
    ...(customer.status === 'active' && !customer.isolir_pending ? (['isolate'] as const) : []),
    ...(customer.status === 'isolated' || customer.isolir_pending ? (['restore'] as const) : []),
  ];
  const pending = events.data?.some((e) => e.status === 'pending') ?? false;
  return (
    <section className="card" aria-labelledby="customer-isolir-title" data-testid="customer-isolir">
      <div className="card-header">
        <h2 id="customer-isolir-title">{t('isolir.card.title')}</h2>
        <span className="actions">
          {can('billing.invoices.read') && (
            <Link className="small" href={`/billing/invoices?customer_id=${customer.id}`} data-testid="customer-invoices-link">
              {t('isolir.card.invoices')}
            </Link>
          )}
          {can('isolir.history.read') && (
            <Link className="small" href="/isolir">
              {t('isolir.card.open_queue')}
            </Link>
          )}
        </span>
      </div>
      <p className="muted small">{t(customer.isolir_pending ? 'isolir.card.pending_hint' : `isolir.card.state.${customer.status}`)}</p>
      {requested && (
        <p className="alert ok" role="status" data-testid="isolir-requested">
          {t(`isolir.card.requested.${requested}`)}
        </p>
      )}
      {canAct &&
        (action ? (
          <ConfirmPanel
            key={action}
            withReason
            danger={action === 'isolate'}
            question={t(`isolir.card.confirm.${action}`, { name: customer.name })}
            confirmLabel={t(`isolir.action.${action}`)}
            busyLabel={t('common.saving')}
            busy={act.isPending}
            errors={fieldErrorsOf(act.error)}
            onConfirm={(reason) => act.mutate({ customer_id: customer.id, action, reason })}
            onCancel={() => {
              setAction(null);
              act.reset();
            }}
          />
        ) : available.length > 0 ? (
          <div className="actions">
            {available.map((a) => (
              <button
                key={a}
                type="button"
                className={a === 'isolate' ? 'button secondary danger-text' : 'button secondary'}
                onClick={() => {
                  setRequested(null);
                  setAction(a);
                }}
              >
                {t(`isolir.action.${a}`)}
              </button>
            ))}
          </div>
        ) : (
          <p className="muted">{t('isolir.card.nothing')}</p>
        ))}
      {act.error && action && !fieldErrorsOf(act.error).reason && <ErrorNotice error={act.error} />}

      {can('isolir.history.read') && (
        <div className="detail-block">
          <h3 className="detail-heading">
            {t('isolir.card.recent')}
            {pending && (
              <span className="refresh-line muted small inline-status">
                <span className="dot pulse" aria-hidden /> {t('isolir.queue.refreshing')}
              </span>
            )}
          </h3>
          {events.isError && <ErrorNotice error={events.error} />}
          {events.data && events.data.length === 0 && <p className="muted">{t('isolir.card.no_events')}</p>}
          {events.data && events.data.length > 0 && (
            <ul className="event-list" data-testid="customer-isolir-events">
              {events.data.map((e) => (
                <li key={e.id} data-testid="isolation-event" data-action={e.action} data-status={e.status}>
                  <span className={e.action === 'isolate' ? 'badge down' : 'badge ok'}>{t(`isolir.action.${e.action}`)}</span>
                  <IsolationStatusBadge status={e.status} />
                  <span className="muted small">
                    {formatDateTime(e.created_at, locale)} · {t(`isolir.trigger.${e.trigger}`)}
                    {e.reason && (
                      <>
                        {' · '}
                        <IsolirText text={e.reason} />
                      </>
                    )}
                  </span>
                  {e.error && (
                    <span className="cell-sub error">
                      <IsolirText text={e.error} />
                    </span>
                  )}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}
