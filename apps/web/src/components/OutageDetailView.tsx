'use client';
/**
 * One outage: where, cause, since when, expected restoration, notes; its timeline; the
 * WhatsApp notices by delivery status; the affected customers with their own notices.
 * Staff confirm or dismiss a suspected outage and resolve an open one (one tap and a
 * confirmation). While customers are still being found or notices are on their way, the
 * page refreshes itself.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useFormatter, useLocale, useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';
import type { OutageCustomer, OutageDetail, WaMessageStatus } from '@rrnet/contracts';
import { Alert } from '@rrnet/ui/Alert';
import { Button } from '@rrnet/ui/Button';
import { Card, CardContent } from '@rrnet/ui/Card';
import { MutationConfirm } from './MutationConfirm';
import { DataTable } from '@rrnet/ui/DataTable';
import type { ColumnDef } from '@rrnet/ui/DataTable';
import { DescriptionItem, DescriptionList } from '@rrnet/ui/DescriptionList';
import { Skeleton } from '@rrnet/ui/Skeleton';
import { cn } from '@rrnet/ui/cn';
import { useKeysetPages } from '~/hooks/useKeysetPages';
import { formatIdr } from '~/lib/billing';
import { useSessionUser } from '~/hooks/useSessionUser';
import { retryUnlessRefused } from '~/hooks/useTrpcError';
import { useTRPC, useTRPCClient } from '~/trpc/TrpcProvider';
import { ErrorNotice } from './ErrorNotice';
import { OutageStatusBadge, useOutageDuration, useOutageSource } from './OutageBadges';
import { WaMessageStatusBadge } from './WaMessageStatusBadge';
import { DoneNotice } from './DoneNotice';
import { customerColumn } from '~/lib/customer_column';
import { ListCard } from './ListCard';

const REFRESH_MS = 3_000;
const IN_FLIGHT = ['queued', 'sending', 'sent'];
type Action = 'confirm' | 'dismiss' | 'resolve';

const inFlight = (o: OutageDetail) =>
  (o.status !== 'dismissed' && o.propagated_at === null) || o.notices_pending > 0 || [...Object.entries(o.notices.started), ...Object.entries(o.notices.resolved)].some(([s, n]) => n > 0 && IN_FLIGHT.includes(s));

function Timeline({ outage }: { outage: OutageDetail }) {
  const t = useTranslations('outages.event');
  const format = useFormatter();
  return (
    <ol className="m-0 grid list-none gap-3 border-l-2 border-border p-0 pl-4" data-testid="outage-timeline">
      {outage.timeline.map((e) => (
        <li key={`${e.kind}:${e.at}`} className="relative grid gap-0.5" data-testid="outage-event" data-kind={e.kind}>
          <span
            aria-hidden
            className={cn(
              'absolute top-1.5 -left-[1.4rem] size-2.5 rounded-full bg-muted-foreground',
              e.kind === 'resolved' && 'bg-success',
              (e.kind === 'declared' || e.kind === 'detected' || e.kind === 'confirmed') && 'bg-destructive',
            )}
          />
          <span className="text-sm font-medium">{t(e.kind)}</span>
          <span className="text-xs text-muted-foreground">{format.dateTime(new Date(e.at), 'datetime')}</span>
        </li>
      ))}
    </ol>
  );
}

function NoticeCounts({ counts, testId }: { counts: Record<string, number>; testId: string }) {
  const t = useTranslations('outages.detail');
  const format = useFormatter();
  const entries = Object.entries(counts).filter(([, n]) => n > 0);
  if (entries.length === 0) return <span className="text-sm text-muted-foreground" data-testid={testId}>{t('no_notices')}</span>;
  return (
    <span className="flex flex-wrap gap-2" data-testid={testId}>
      {entries.map(([status, n]) => (
        <span key={status} className="inline-flex items-center gap-1 text-sm" data-status={status} data-count={n}>
          <WaMessageStatusBadge status={status as WaMessageStatus} /> {format.number(n)}
        </span>
      ))}
    </span>
  );
}

function NoticeCell({ notice }: { notice: OutageCustomer['started_notice'] }) {
  if (!notice) return <span className="text-muted-foreground">—</span>;
  return (
    <Link href={`/notifications/messages/${notice.id}`} className="relative z-10">
      <WaMessageStatusBadge status={notice.status as WaMessageStatus} />
    </Link>
  );
}

function AffectedCustomers({ id }: { id: string }) {
  const t = useTranslations('outages.detail');
  const locale = useLocale();
  const trpc = useTRPC();
  const client = useTRPCClient();
  const input = { id, limit: 50 };
  const { query, items } = useKeysetPages(trpc.outages.customers.infiniteQueryKey(input), input, (page, signal) => client.outages.customers.query(page, { signal }));
  const columns: ColumnDef<OutageCustomer>[] = [
    customerColumn(t('customer'), (c) => ({ id: c.customer_id, name: c.name, code: c.code }), { rowLinked: true }),
    { id: 'odp', header: t('odp'), cell: ({ row }) => row.original.odp_name ?? '—' },
    { id: 'started', header: t('started_notice'), meta: { interactive: true }, cell: ({ row }) => <NoticeCell notice={row.original.started_notice} /> },
    { id: 'resolved', header: t('resolved_notice'), meta: { interactive: true }, cell: ({ row }) => <NoticeCell notice={row.original.resolved_notice} /> },
    {
      id: 'credit',
      header: t('credit'),
      meta: { interactive: true },
      cell: ({ row: { original: c } }) =>
        c.credit ? (
          <Link href={`/billing/invoices/${c.credit.invoice_id}`} data-testid="outage-customer-credit" className="relative z-10 grid text-primary hover:underline">
            <span className="tabular-nums">{formatIdr(c.credit.amount, locale, { credit: true })}</span>
            <span className="text-xs">{c.credit.invoice_number}</span>
          </Link>
        ) : (
          '—'
        ),
    },
  ];
  return (
    <ListCard query={query} titleId="outage-customers-title" title={t('customers')}>
      <DataTable
        testId="outage-customers"
        columns={columns}
        data={query.data ? items : undefined}
        getRowId={(c) => c.customer_id}
        status={query}
        empty={t('no_customers')}
        rowProps={(c) => ({ 'data-testid': 'outage-customer-row', 'data-id': c.customer_id, 'data-notice': c.started_notice?.status ?? '' })}
        pages={query}
        loadMoreLabel={t('more_customers')}
      />
    </ListCard>
  );
}

function Actions({ outage }: { outage: OutageDetail }) {
  const t = useTranslations('outages.detail');
  const trpc = useTRPC();
  const [action, setAction] = useState<Action | null>(null);
  const [done, setDone] = useState<number | null>(null);
  const meta = { invalidates: [trpc.outages.pathKey()] };
  const onSuccess = () => setAction(null);
  const confirm = useMutation(trpc.outages.confirm.mutationOptions({ meta, onSuccess }));
  const dismiss = useMutation(trpc.outages.dismiss.mutationOptions({ meta, onSuccess }));
  const resolve = useMutation(
    trpc.outages.resolve.mutationOptions({
      meta,
      onSuccess: (r) => {
        setDone(r.notices_queued);
        onSuccess();
      },
    }),
  );
  const mutation = action === 'confirm' ? confirm : action === 'dismiss' ? dismiss : resolve;
  const available: Action[] = outage.status === 'suspected' ? ['confirm', 'dismiss'] : outage.status === 'open' ? ['resolve'] : [];
  return (
    <div className="grid gap-3">
      {done !== null && <DoneNotice data-testid="outage-resolved-done">{t('resolved_done', { count: done })}</DoneNotice>}
      {available.length > 0 && (
        <div className="flex flex-wrap gap-2">
          {available.map((a) => (
            <Button key={a} variant={a === 'dismiss' ? 'secondary' : 'default'} size="lg" className="min-w-32 grow sm:grow-0" onClick={() => setAction(a)} data-testid={`outage-${a}`}>
              {t(a)}
            </Button>
          ))}
        </div>
      )}
      <MutationConfirm
        open={action !== null}
        mutation={mutation}
        onClose={() => setAction(null)}
        danger={action === 'dismiss'}
        title={action ? t(action) : ''}
        description={action ? t(`${action}_question`) : undefined}
        confirmLabel={action ? t(action) : ''}
        onConfirm={() => action && mutation.mutate({ id: outage.id })}
      />
    </div>
  );
}

/** Once resolved: the linked tickets still open, resolved in one tap (each gets a visible note). */
function LinkedTickets({ outage }: { outage: OutageDetail }) {
  const t = useTranslations('outages.detail');
  const trpc = useTRPC();
  const [done, setDone] = useState<number | null>(null);
  const resolve = useMutation(trpc.outages.resolveTickets.mutationOptions({ meta: { invalidates: [trpc.outages.pathKey(), trpc.tickets.pathKey()] }, onSuccess: (r) => setDone(r.resolved) }));
  if (done !== null) {
    return (
      <Alert tone="success" role="status" data-testid="outage-tickets-done">
        {t('tickets_done', { count: done })}
      </Alert>
    );
  }
  if (outage.status !== 'resolved' || outage.open_tickets === 0) return null;
  return (
    <Alert tone="info" data-testid="outage-open-tickets" data-count={outage.open_tickets}>
      <div className="flex flex-wrap items-center gap-3">
        <span>{t('tickets_open', { count: outage.open_tickets })}</span>
        <Button size="sm" disabled={resolve.isPending} onClick={() => resolve.mutate({ id: outage.id, note: t('tickets_note') })} data-testid="outage-resolve-tickets">
          {t('tickets_resolve', { count: outage.open_tickets })}
        </Button>
      </div>
      {resolve.error && <ErrorNotice error={resolve.error} />}
    </Alert>
  );
}

export function OutageDetailView({ id }: { id: string }) {
  const t = useTranslations('outages');
  const format = useFormatter();
  const { can } = useSessionUser();
  const trpc = useTRPC();
  const duration = useOutageDuration();
  const source = useOutageSource();
  const detail = useQuery({
    ...trpc.outages.get.queryOptions({ id }),
    retry: retryUnlessRefused,
    refetchInterval: (q) => (q.state.data && inFlight(q.state.data) ? REFRESH_MS : false),
  });
  // the customers' rows follow the outage: refreshed whenever its counts move
  const queryClient = useQueryClient();
  const signature = detail.data ? JSON.stringify([detail.data.affected_count, detail.data.notices, detail.data.status]) : '';
  useEffect(() => {
    if (signature) void queryClient.invalidateQueries({ queryKey: trpc.outages.customers.pathKey() });
  }, [signature, queryClient, trpc]);
  if (detail.isError && !detail.data) return <ErrorNotice error={detail.error} page />;
  const o = detail.data;
  if (!o) return <Skeleton className="h-64 w-full" />;
  const at = (v: string) => format.dateTime(new Date(v), 'datetime');
  return (
    <div className="grid gap-4">
      {o.status === 'suspected' && <Alert tone="warning">{t('detail.suspected_alert')}</Alert>}
      {o.status === 'open' && o.resolution_proposed_at && <Alert tone="info" data-testid="outage-proposed">{t('detail.proposed_alert')}</Alert>}
      {can('tickets.tickets.handle') && <LinkedTickets outage={o} />}
      <div className="grid gap-4 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <Card titleId="outage-overview-title" data-testid="outage" data-status={o.status} title={o.title} action={<OutageStatusBadge status={o.status} />}>
          <CardContent className="grid gap-5">
            <DescriptionList>
              <DescriptionItem term={t('detail.where')}>{source(o)}</DescriptionItem>
              <DescriptionItem term={t('cause.label')}>{t(`cause.${o.cause}`)}</DescriptionItem>
              <DescriptionItem term={t('detail.started')}>{at(o.started_at)}</DescriptionItem>
              {o.expected_restoration_at && <DescriptionItem term={t('detail.expected')}>{at(o.expected_restoration_at)}</DescriptionItem>}
              {o.resolved_at && <DescriptionItem term={t('detail.resolved')}>{at(o.resolved_at)}</DescriptionItem>}
              <DescriptionItem term={t('detail.duration')}>
                <span data-testid="outage-duration">{duration(o.duration_seconds)}</span>
              </DescriptionItem>
              <DescriptionItem term={t('col.affected')}>
                <span data-testid="outage-affected-count" data-count={o.affected_count}>
                  {o.propagated_at === null && o.status !== 'dismissed' ? t('detail.propagating') : t('affected', { count: o.affected_count })}
                </span>
              </DescriptionItem>
              {o.notes && <DescriptionItem term={t('detail.notes')}>{o.notes}</DescriptionItem>}
              <DescriptionItem term="">{t(o.detected_by === 'router_sync' ? 'detail.detected' : 'detail.declared')}</DescriptionItem>
            </DescriptionList>
            {can('outages.outages.manage') && <Actions outage={o} />}
          </CardContent>
        </Card>
        <div className="grid content-start gap-4">
          <Card titleId="outage-notices-title" title={t('detail.notices')}>
            <CardContent className="grid gap-3">
              <DescriptionList>
                <DescriptionItem term={t('detail.started_notices')}>
                  <NoticeCounts counts={o.notices.started} testId="outage-notices-started" />
                </DescriptionItem>
                <DescriptionItem term={t('detail.resolved_notices')}>
                  <NoticeCounts counts={o.notices.resolved} testId="outage-notices-resolved" />
                </DescriptionItem>
              </DescriptionList>
              {o.notices_pending > 0 && (
                <p className="m-0 text-sm text-muted-foreground" data-testid="outage-notices-pending" data-count={o.notices_pending}>
                  {t('detail.pending', { count: o.notices_pending })}
                </p>
              )}
              {o.covered_elsewhere > 0 && <p className="m-0 text-sm text-muted-foreground">{t('detail.covered', { count: o.covered_elsewhere })}</p>}
            </CardContent>
          </Card>
          <Card titleId="outage-timeline-title" title={t('detail.timeline')}>
            <CardContent>
              <Timeline outage={o} />
            </CardContent>
          </Card>
        </div>
      </div>
      <AffectedCustomers id={id} />
    </div>
  );
}
