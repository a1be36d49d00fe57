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
import { Loader2 } from 'lucide-react';
import { useFormatter, useTranslations } from 'next-intl';
import { useEffect, useRef, useState } from 'react';
import type { Customer } from '@rrnet/contracts';
import { Badge } from '@rrnet/ui/Badge';
import { Button } from '@rrnet/ui/Button';
import { Card, CardAction, CardContent, CardDescription, CardHeader, CardTitle } from '@rrnet/ui/Card';
import { MutationConfirm } from './MutationConfirm';
import { Skeleton } from '@rrnet/ui/Skeleton';
import { useSessionUser } from '~/hooks/useSessionUser';
import { errorCodeOf, retryUnlessRefused } from '~/hooks/useTrpcError';
import { useTRPC } from '~/trpc/TrpcProvider';
import { ErrorNotice } from './ErrorNotice';
import { NotInPlan } from './NoPermission';
import { IsolirText } from './IsolirText';
import { IsolationStatusBadge } from './StatusBadges';
import { DoneNotice } from './DoneNotice';

const EVENTS_POLL_MS = 3_000;
const RECENT_EVENTS = 5;

type Action = 'isolate' | 'restore';

export function CustomerIsolirCard({ customer }: { customer: Customer }) {
  const t = useTranslations();
  const format = useFormatter();
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
  const act = useMutation(
    trpc.isolir.act.mutationOptions({
      meta: { invalidates: [trpc.customers.customers.get.queryKey({ id: customer.id }), trpc.isolir.pathKey(), trpc.customers.customers.list.pathKey()] },
      onSuccess: (event) => {
        setAction(null);
        setRequested(event.action);
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
    <Card aria-labelledby="customer-isolir-title" data-testid="customer-isolir">
      <CardHeader>
        <CardTitle id="customer-isolir-title">{t('isolir.card.title')}</CardTitle>
        <CardDescription>{t(customer.isolir_pending ? 'isolir.card.pending_hint' : `isolir.card.state.${customer.status}`)}</CardDescription>
        <CardAction className="text-sm">
          {can('billing.invoices.read') && (
            <Link className="text-primary hover:underline" href={`/billing/invoices?customer_id=${customer.id}`} data-testid="customer-invoices-link">
              {t('isolir.card.invoices')}
            </Link>
          )}
          {can('isolir.history.read') && (
            <Link className="text-primary hover:underline" href="/isolir">
              {t('isolir.card.open_queue')}
            </Link>
          )}
        </CardAction>
      </CardHeader>
      <CardContent className="grid gap-4">
        {requested && <DoneNotice data-testid="isolir-requested">{t(`isolir.card.requested.${requested}`)}</DoneNotice>}
        {canAct &&
          (available.length > 0 ? (
            <div className="flex flex-wrap gap-2">
              {available.map((a) => (
                <Button
                  key={a}
                  variant="secondary"
                  className={a === 'isolate' ? 'text-destructive' : undefined}
                  onClick={() => {
                    setRequested(null);
                    act.reset();
                    setAction(a);
                  }}
                >
                  {t(`isolir.action.${a}`)}
                </Button>
              ))}
            </div>
          ) : (
            <p className="m-0 text-sm text-muted-foreground">{t('isolir.card.nothing')}</p>
          ))}
        {canAct && (
          <MutationConfirm
            open={action !== null}
            mutation={act}
            onClose={() => setAction(null)}
            danger={action === 'isolate'}
            title={action ? t(`isolir.action.${action}`) : ''}
            description={action ? t(`isolir.card.confirm.${action}`, { name: customer.name }) : undefined}
            confirmLabel={action ? t(`isolir.action.${action}`) : ''}
            reasonLabel={t('common.reason')}
            onConfirm={(reason) => action && act.mutate({ customer_id: customer.id, action, reason })}
          />
        )}

        {can('isolir.history.read') && (
          <section aria-labelledby="customer-isolir-recent" className="grid gap-2">
            <h3 id="customer-isolir-recent" className="m-0 flex flex-wrap items-center gap-2 text-sm font-semibold">
              {t('isolir.card.recent')}
              {pending && (
                <span className="inline-flex items-center gap-1 text-xs font-normal text-muted-foreground">
                  <Loader2 className="size-3 animate-spin" aria-hidden /> {t('isolir.queue.refreshing')}
                </span>
              )}
            </h3>
            {events.isError && <ErrorNotice error={events.error} />}
            {events.isPending && <Skeleton className="h-12" />}
            {events.data && events.data.length === 0 && <p className="m-0 text-sm text-muted-foreground">{t('isolir.card.no_events')}</p>}
            {events.data && events.data.length > 0 && (
              <ul className="m-0 grid list-none gap-2 p-0" data-testid="customer-isolir-events">
                {events.data.map((e) => (
                  <li key={e.id} className="grid gap-1 rounded-lg border px-3 py-2" data-testid="isolation-event" data-action={e.action} data-status={e.status}>
                    <span className="flex flex-wrap items-center gap-1.5">
                      <Badge tone={e.action === 'isolate' ? 'danger' : 'success'}>{t(`isolir.action.${e.action}`)}</Badge>
                      <IsolationStatusBadge status={e.status} />
                    </span>
                    <span className="text-xs break-words text-muted-foreground">
                      {format.dateTime(e.created_at, 'datetime')} · {t(`isolir.trigger.${e.trigger}`)}
                      {e.reason && (
                        <>
                          {' · '}
                          <IsolirText text={e.reason} />
                        </>
                      )}
                    </span>
                    {e.error && (
                      <span className="text-xs break-words text-destructive">
                        <IsolirText text={e.error} />
                      </span>
                    )}
                  </li>
                ))}
              </ul>
            )}
          </section>
        )}
      </CardContent>
    </Card>
  );
}
