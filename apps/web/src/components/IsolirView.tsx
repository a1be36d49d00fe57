'use client';
/**
 * Isolir: the queue (requests not yet on the router, with the router's last error) and
 * the history (applied / failed), plus "Run sweep now" (isolir.actions.execute): the
 * hourly sweep for this ISP at once — unpaid past due → overdue, customers overdue beyond
 * the grace days → isolation requests for the worker. The queue refreshes while it is
 * not empty. Manual isolate / restore is on the customer's page.
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useFormatter, useTranslations } from 'next-intl';
import { useEffect, useRef, useState } from 'react';
import type { IsolationEvent } from '@rrnet/contracts';
import { Badge } from '@rrnet/ui/Badge';
import { Button } from '@rrnet/ui/Button';
import { Card, CardAction, CardContent, CardDescription, CardHeader, CardTitle } from '@rrnet/ui/Card';
import { DataTable } from '@rrnet/ui/DataTable';
import type { ColumnDef } from '@rrnet/ui/DataTable';
import { FilterSelect } from '@rrnet/ui/FilterBar';
import { useSessionUser } from '~/hooks/useSessionUser';
import { retryUnlessRefused } from '~/hooks/useTrpcError';
import { useTRPC } from '~/trpc/TrpcProvider';
import { ErrorNotice } from './ErrorNotice';
import { IsolirText } from './IsolirText';
import { IsolationStatusBadge } from './StatusBadges';
import { DoneNotice } from './DoneNotice';
import { customerColumn } from '~/lib/customer_column';
import { ListCard } from './ListCard';
import { choices } from '@rrnet/ui/choices';
import { CellLines } from '@rrnet/ui/CellLines';
import { StatusCell } from '@rrnet/ui/StatusCell';

const QUEUE_POLL_MS = 3_000;
const HISTORY_FILTERS = ['all', 'applied', 'failed'] as const;
type HistoryFilter = (typeof HISTORY_FILTERS)[number];

function useEventColumns(): ColumnDef<IsolationEvent>[] {
  const t = useTranslations();
  const format = useFormatter();
  const at = (value: Date | string) => format.dateTime(new Date(value), 'datetime');
  return [
    {
      id: 'requested_at',
      header: t('isolir.requested_at'),
      meta: { className: 'whitespace-nowrap' },
      cell: ({ row: { original: e } }) => (
        <CellLines main={at(e.created_at)} sub={e.applied_at ? <>{t('isolir.applied_at')}: {at(e.applied_at)}</> : null} subClassName="font-normal" />
      ),
    },
    customerColumn(t('invoices.customer'), (e) => ({ id: e.customer_id, name: e.customer_name, code: e.customer_code })),
    {
      id: 'action',
      header: t('isolir.action.label'),
      cell: ({ row: { original: e } }) => <Badge tone={e.action === 'isolate' ? 'danger' : 'success'}>{t(`isolir.action.${e.action}`)}</Badge>,
    },
    { id: 'trigger', header: t('isolir.trigger.label'), meta: { className: 'whitespace-nowrap' }, cell: ({ row }) => t(`isolir.trigger.${row.original.trigger}`) },
    {
      id: 'reason',
      header: t('common.reason'),
      cell: ({ row: { original: e } }) => (e.reason ? <IsolirText text={e.reason} /> : <span className="text-muted-foreground">—</span>),
    },
    {
      id: 'status',
      header: t('isolir.status.label'),
      cell: ({ row: { original: e } }) => <StatusCell badge={<IsolationStatusBadge status={e.status} />} note={e.error && <IsolirText text={e.error} />} noteTestId="isolation-error" />,
    },
  ];
}

function EventsTable({
  events,
  status,
  testId,
  empty,
  emptyTestId,
}: {
  events: readonly IsolationEvent[] | undefined;
  status: { isPending: boolean; isError: boolean };
  testId: string;
  empty: string;
  emptyTestId?: string;
}) {
  const columns = useEventColumns();
  return (
    <DataTable
      testId={testId}
      columns={columns}
      data={events}
      status={status}
      empty={<span data-testid={emptyTestId}>{empty}</span>}
      rowProps={(e) => ({ 'data-testid': 'isolation-event', 'data-customer-id': e.customer_id, 'data-action': e.action, 'data-status': e.status })}
    />
  );
}

function Sweep() {
  const t = useTranslations('isolir.sweep');
  const trpc = useTRPC();
  const sweep = useMutation(trpc.isolir.sweep.mutationOptions({ meta: { invalidates: [trpc.isolir.pathKey(), trpc.billing.pathKey(), trpc.customers.customers.pathKey()] } }));
  return (
    <Card titleId="sweep-title" data-testid="isolir-sweep" title={t('title')} description={t('hint')}>
      <CardContent className="grid gap-3">
        <div>
          <Button disabled={sweep.isPending} onClick={() => sweep.mutate({})}>
            {sweep.isPending ? t('running') : t('run')}
          </Button>
        </div>
        {sweep.error && <ErrorNotice error={sweep.error} onDismiss={() => sweep.reset()} />}
        {sweep.data && (
          <DoneNotice data-testid="sweep-result" data-overdue={sweep.data.overdue} data-requested={sweep.data.requested}>
            {t('done', { overdue: sweep.data.overdue, requested: sweep.data.requested })}
          </DoneNotice>
        )}
      </CardContent>
    </Card>
  );
}

export function IsolirView() {
  const t = useTranslations('isolir');
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { can } = useSessionUser();
  const [filter, setFilter] = useState<HistoryFilter>('all');
  const historyInput = filter === 'all' ? { limit: 100 } : { status: filter, limit: 100 };
  const queue = useQuery({
    ...trpc.isolir.events.queryOptions({ status: 'pending', limit: 200 }),
    retry: retryUnlessRefused,
    refetchInterval: (query) => ((query.state.data?.length ?? 0) > 0 ? QUEUE_POLL_MS : false),
  });
  const history = useQuery({ ...trpc.isolir.events.queryOptions(historyInput), retry: retryUnlessRefused, placeholderData: keepPreviousData });

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
  const done = history.data?.filter((e) => e.status !== 'pending');
  return (
    <>
      {can('isolir.actions.execute') && <Sweep />}
      <Card aria-labelledby="queue-title" data-testid="isolir-queue">
        <CardHeader>
          <CardTitle id="queue-title">{t('queue.title', { count: queue.data?.length ?? 0 })}</CardTitle>
          <CardDescription>{t('queue.hint')}</CardDescription>
          {(queue.data?.length ?? 0) > 0 && (
            <CardAction className="text-sm text-muted-foreground">
              <span className="size-2 animate-pulse rounded-full bg-success" aria-hidden /> {t('queue.refreshing')}
            </CardAction>
          )}
        </CardHeader>
        <CardContent>
          <EventsTable events={queue.data} status={queue} testId="isolir-queue-table" empty={t('queue.empty')} emptyTestId="isolir-queue-empty" />
        </CardContent>
      </Card>
      <ListCard query={history} titleId="history-title" data-testid="isolir-history" title={t('history.title')}>
        <div className="sm:max-w-60">
          <FilterSelect
            id="isolir-history-status"
            name="history-status"
            label={t('status.label')}
            value={filter}
            options={choices(HISTORY_FILTERS, (f) => f === 'all' ? t('history.all') : t(`status.${f}`))}
            onChange={(v) => setFilter(v as HistoryFilter)}
          />
        </div>
        <EventsTable events={done} status={history} testId="isolir-history-table" empty={t('history.empty')} />
      </ListCard>
    </>
  );
}
