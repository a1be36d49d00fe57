'use client';
/**
 * The WhatsApp message log: the last 30 days' delivery rate (figures and a per-day chart),
 * filters (status, template, one customer, date range), the messages newest first in
 * keyset pages behind "Load more" — each with its customer, number (masked without
 * customers.pii.read), template, status with the gateway's error, attempts, gateway and
 * times. While messages are on their way the list refreshes itself.
 */
import { useQuery } from '@tanstack/react-query';
import dynamic from 'next/dynamic';
import Link from 'next/link';
import { useFormatter, useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';
import { WA_MESSAGE_STATUSES, WA_TEMPLATE_CODES } from '@rrnet/contracts';
import type { WaMessage, WaMessageStatus, WaTemplateCode, waMessageListInput } from '@rrnet/contracts';
import { Button } from '@rrnet/ui/Button';
import { Card, CardContent } from '@rrnet/ui/Card';
import { DataTable } from '@rrnet/ui/DataTable';
import type { ColumnDef } from '@rrnet/ui/DataTable';
import { FilterBar, FilterDateRange, FilterSelect } from '@rrnet/ui/FilterBar';
import { Skeleton } from '@rrnet/ui/Skeleton';
import { StatCard } from '@rrnet/ui/StatCard';
import type { z } from 'zod';
import { useKeysetPages } from '~/hooks/useKeysetPages';
import { useSessionUser } from '~/hooks/useSessionUser';
import { retryUnlessRefused } from '~/hooks/useTrpcError';
import { useTRPC, useTRPCClient } from '~/trpc/TrpcProvider';
import { CustomerPicker } from './CustomerPicker';
import type { PickedCustomer } from './CustomerPicker';
import { ErrorNotice } from './ErrorNotice';
import { WaMessageStatusBadge, useTemplateLabel } from './WaMessageStatusBadge';
import { ListCard } from './ListCard';
import { choices } from '@rrnet/ui/choices';
import { StatusCell } from '@rrnet/ui/StatusCell';
import { PiiMaskedNote } from './PiiMaskedNote';

// the chart (visx) only where one is drawn: its own chunk, loaded after the page
const DeliveryRateChart = dynamic(() => import('./DeliveryRateChart').then((m) => m.DeliveryRateChart), { ssr: false, loading: () => <Skeleton className="h-56 w-full" /> });

const PAGE_SIZE = 50;
/** while a message on the page is still on its way: how often the list asks again */
const IN_FLIGHT_REFRESH_MS = 5_000;
const IN_FLIGHT: readonly WaMessageStatus[] = ['queued', 'sending', 'sent'];

type ListInput = Omit<z.input<typeof waMessageListInput>, 'cursor'>;

/** The last thing that happened to a message (its newest timestamp). */
const lastUpdate = (m: WaMessage): string => [m.created_at, m.sent_at, m.delivered_at, m.read_at, m.failed_at].filter((x): x is string => x !== null).sort().at(-1)!;

function DeliveryStats() {
  const t = useTranslations('notifications.stats');
  const format = useFormatter();
  const trpc = useTRPC();
  const stats = useQuery({ ...trpc.notifications.stats.queryOptions(), retry: retryUnlessRefused });
  if (stats.isError) return <ErrorNotice error={stats.error} />;
  const s = stats.data;
  const left = s ? s.sent + s.delivered + s.read + s.failed : 0;
  return (
    <Card titleId="wa-stats-title" data-testid="wa-stats" title={t('title')} description={t('window')}>
      <CardContent className="grid gap-4">
        <div className="grid grid-cols-2 gap-3 lg:grid-cols-4">
          <StatCard
            label={t('rate')}
            value={s ? (s.delivery_rate === null ? '—' : format.number(s.delivery_rate, 'percent')) : <Skeleton className="h-7 w-16" />}
            hint={s ? (left === 0 ? t('no_rate') : t('rate_hint', { count: left })) : null}
            tone={s?.delivery_rate != null && s.delivery_rate < 0.9 ? 'warning' : 'success'}
            data-testid="stat-delivery-rate"
          />
          <StatCard label={t('delivered')} value={s ? format.number(s.delivered + s.read) : <Skeleton className="h-7 w-12" />} data-testid="stat-delivered" />
          <StatCard label={t('failed')} value={s ? format.number(s.failed) : <Skeleton className="h-7 w-12" />} tone={s && s.failed > 0 ? 'danger' : 'default'} data-testid="stat-failed" />
          <StatCard label={t('waiting')} value={s ? format.number(s.queued + s.sending) : <Skeleton className="h-7 w-12" />} data-testid="stat-waiting" />
        </div>
        {s ? <DeliveryRateChart days={s.days} /> : <Skeleton className="h-56 w-full" />}
      </CardContent>
    </Card>
  );
}

function useMessageColumns(): ColumnDef<WaMessage>[] {
  const t = useTranslations('notifications');
  const format = useFormatter();
  const templateLabel = useTemplateLabel();
  const at = (value: string) => format.dateTime(new Date(value), 'datetime');
  return [
    {
      id: 'customer',
      header: t('customer'),
      meta: { interactive: true },
      cell: ({ row: { original: m } }) => (
        <div className="grid">
          {m.customer_id ? (
            <Link href={`/customers/${m.customer_id}`} className="relative z-10 font-medium text-foreground hover:underline">
              {m.customer_name ?? '—'}
            </Link>
          ) : (
            <span className="text-muted-foreground">{t('no_customer')}</span>
          )}
          <span className="text-xs whitespace-nowrap text-muted-foreground tabular-nums" data-testid="wa-phone">
            {m.to_phone}
          </span>
        </div>
      ),
    },
    { id: 'template', header: t('template.label'), cell: ({ row }) => templateLabel(row.original.template_code) },
    {
      id: 'status',
      header: t('status.label'),
      cell: ({ row: { original: m } }) => (
        <StatusCell
          badge={<WaMessageStatusBadge status={m.status} />}
          note={
            m.error && (
              <>
                {m.error_code ? `${m.error_code}: ` : ''}
                {m.error}
              </>
            )
          }
          noteTestId="wa-error"
        />
      ),
    },
    { id: 'attempts', header: t('attempts'), meta: { numeric: true }, cell: ({ row }) => format.number(row.original.attempts) },
    { id: 'gateway', header: t('gateway.label'), cell: ({ row }) => (row.original.provider === 'cloud' || row.original.provider === 'fonnte' ? t(`gateway.${row.original.provider}`) : (row.original.provider ?? t('gateway.none'))) },
    {
      id: 'times',
      header: t('times'),
      meta: { className: 'whitespace-nowrap' },
      cell: ({ row: { original: m } }) => (
        <div className="grid justify-items-end sm:justify-items-start">
          <span>{at(m.created_at)}</span>
          {lastUpdate(m) !== m.created_at && <span className="text-xs text-muted-foreground">{t('updated_at', { time: at(lastUpdate(m)) })}</span>}
        </div>
      ),
    },
  ];
}

export function NotificationsView({ customerId }: { customerId: string | null }) {
  const t = useTranslations('notifications');
  const { can } = useSessionUser();
  const trpc = useTRPC();
  const client = useTRPCClient();
  const columns = useMessageColumns();
  const templateLabel = useTemplateLabel();
  const [status, setStatus] = useState<WaMessageStatus | ''>('');
  const [template, setTemplate] = useState<WaTemplateCode | ''>('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [customer, setCustomer] = useState<PickedCustomer | null>(customerId ? { id: customerId, name: '' } : null);

  const day = /^\d{4}-\d{2}-\d{2}$/;
  const input: ListInput = {
    ...(status ? { status } : {}),
    ...(template ? { template_code: template } : {}),
    ...(customer ? { customer_id: customer.id } : {}),
    ...(day.test(from) ? { from } : {}),
    ...(day.test(to) ? { to } : {}),
    limit: PAGE_SIZE,
  };
  const { query: list, items } = useKeysetPages(trpc.notifications.messages.list.infiniteQueryKey(input), input, (page, signal) =>
    client.notifications.messages.list.query(page, { signal }),
  );
  // a customer arriving by link (?customer_id=): their name, also when they have no messages
  const customerDetail = useQuery({
    ...trpc.customers.customers.get.queryOptions({ id: customer?.id ?? '' }),
    enabled: !!customer && customer.name === '' && can('customers.customers.read'),
    retry: retryUnlessRefused,
  });
  const customerName = customer?.name || customerDetail.data?.name || items[0]?.customer_name || '…';
  const inFlight = items.some((m) => IN_FLIGHT.includes(m.status));
  const { refetch } = list;
  useEffect(() => {
    if (!inFlight) return;
    const timer = setInterval(() => void refetch(), IN_FLIGHT_REFRESH_MS);
    return () => clearInterval(timer);
  }, [inFlight, refetch]);

  const filtered = !!(status || template || customer || input.from || input.to);
  if (list.isError && !list.data) return <ErrorNotice error={list.error} page />;
  return (
    <>
      <DeliveryStats />
      <FilterBar
        label={t('filter.label')}
        resetLabel={t('filter.reset')}
        resetDisabled={!filtered && from === '' && to === ''}
        onReset={() => {
          setStatus('');
          setTemplate('');
          setFrom('');
          setTo('');
          setCustomer(null);
        }}
      >
        <FilterSelect id="wa-status" name="status" label={t('status.label')} all={t('filter.all')} value={status} options={choices(WA_MESSAGE_STATUSES, (s) => t(`status.${s}`))} onChange={(v) => setStatus(v as WaMessageStatus | '')} />
        <FilterSelect id="wa-template" name="template_code" label={t('template.label')} all={t('filter.all')} value={template} options={choices(WA_TEMPLATE_CODES, (c) => templateLabel(c))} onChange={(v) => setTemplate(v as WaTemplateCode | '')} />
        <FilterDateRange idPrefix="wa" labels={{ from: t('filter.from'), to: t('filter.to') }} from={from} to={to} onFrom={setFrom} onTo={setTo} />
        {can('customers.customers.read') && !customer && <CustomerPicker value={null} onChange={setCustomer} className="sm:col-span-2" />}
      </FilterBar>
      {customer && (
        <p className="m-0 flex flex-wrap items-center gap-x-2 text-sm text-muted-foreground" data-testid="wa-customer-filter">
          {t('filter.one_customer', { name: customerName })}
          <Button variant="link" size="sm" onClick={() => setCustomer(null)}>
            {t('filter.all_customers')}
          </Button>
        </p>
      )}

      <ListCard query={list} title={list.data ? t(list.hasNextPage ? 'count_more' : 'count', { count: items.length }) : t('title')}>
        {!can('customers.pii.read') && items.length > 0 && <PiiMaskedNote label={t('masked')} hint={t('masked_hint')} />}
        <DataTable
          testId="wa-messages"
          columns={columns}
          data={list.data ? items : undefined}
          status={list}
          empty={filtered ? t('empty_filtered') : t('empty')}
          rowHref={(m) => `/notifications/messages/${m.id}`}
          rowProps={(m) => ({ 'data-testid': 'wa-message-row', 'data-id': m.id, 'data-status': m.status, 'data-template': m.template_code ?? '' })}
          pages={list}
          loadMoreLabel={t('load_more')}
        />
      </ListCard>
    </>
  );
}
