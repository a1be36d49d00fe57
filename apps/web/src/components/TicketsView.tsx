'use client';
/**
 * Trouble tickets (and "my tickets"): open ones by default, newest first in keyset pages,
 * overdue ones highlighted; filters for scope, mine and overdue; a new ticket dialog.
 */
import dynamic from 'next/dynamic';
import Link from 'next/link';
import { useFormatter, useTranslations } from 'next-intl';
import { useState } from 'react';
import type { Ticket } from '@rrnet/contracts';
import { Badge } from '@rrnet/ui/Badge';
import { Button } from '@rrnet/ui/Button';
import { Checkbox } from '@rrnet/ui/Checkbox';
import { DataTable } from '@rrnet/ui/DataTable';
import type { ColumnDef } from '@rrnet/ui/DataTable';
import { FilterBar, FilterSelect } from '@rrnet/ui/FilterBar';
import { PageShell } from '@rrnet/ui/PageShell';
import { cn } from '@rrnet/ui/cn';
import { CellLines } from '@rrnet/ui/CellLines';
import { useKeysetPages } from '~/hooks/useKeysetPages';
import { useSessionUser } from '~/hooks/useSessionUser';
import { useTRPC, useTRPCClient } from '~/trpc/TrpcProvider';
import { ErrorNotice } from './ErrorNotice';
import { NoPermission } from './NoPermission';
import { TicketPriorityBadge, TicketStatusBadge } from './TicketBadges';
import { ListCard } from './ListCard';

// the form (react-hook-form, zod) loads when its dialog opens
const TicketCreateDialog = dynamic(() => import('./TicketCreateDialog').then((m) => m.TicketCreateDialog), { ssr: false });

const PAGE_SIZE = 50;
type Scope = 'open' | 'done' | 'all';

function useTicketColumns(): ColumnDef<Ticket>[] {
  const t = useTranslations('tickets');
  const format = useFormatter();
  return [
    {
      id: 'ticket',
      header: t('col.ticket'),
      meta: { interactive: true },
      cell: ({ row: { original: k } }) => (
        <CellLines
          main={
            <Link href={`/tickets/${k.id}`} className="relative z-10 font-medium text-foreground hover:underline">
              {k.subject}
            </Link>
          }
          sub={
            <>
              {k.number} · {t(`category.${k.category}`)}
            </>
          }
          subClassName="tabular-nums"
        />
      ),
    },
    { id: 'customer', header: t('col.customer'), cell: ({ row }) => row.original.customer_name ?? t('no_customer') },
    { id: 'priority', header: t('col.priority'), cell: ({ row }) => <TicketPriorityBadge priority={row.original.priority} /> },
    { id: 'status', header: t('col.status'), cell: ({ row }) => <TicketStatusBadge status={row.original.status} /> },
    { id: 'assignee', header: t('col.assignee'), cell: ({ row }) => row.original.assignee_name ?? <span className="text-muted-foreground">{t('unassigned')}</span> },
    {
      id: 'due',
      header: t('col.due'),
      meta: { className: 'whitespace-nowrap' },
      cell: ({ row: { original: k } }) => (
        <span className={cn('inline-flex flex-wrap items-center justify-end gap-1 sm:justify-start', k.overdue && 'font-semibold text-destructive')} data-testid="ticket-due">
          <span>{format.dateTime(new Date(k.due_at), 'datetime')}</span>
          {k.overdue && <Badge tone="danger">{t('overdue')}</Badge>}
        </span>
      ),
    },
  ];
}

function TicketList({ mine }: { mine: boolean }) {
  const t = useTranslations('tickets');
  const trpc = useTRPC();
  const client = useTRPCClient();
  const columns = useTicketColumns();
  const [scope, setScope] = useState<Scope>('open');
  const [overdue, setOverdue] = useState(false);
  const [onlyMine, setOnlyMine] = useState(mine);
  const input = { scope, limit: PAGE_SIZE, ...(onlyMine ? { mine: true } : {}), ...(overdue ? { overdue: true } : {}) };
  const { query: list, items } = useKeysetPages(trpc.tickets.list.infiniteQueryKey(input), input, (page, signal) => client.tickets.list.query(page, { signal }));
  if (list.isError && !list.data) return <ErrorNotice error={list.error} page />;
  return (
    <>
      <FilterBar label={t('scope.label')}>
        <FilterSelect id="ticket-scope" name="scope" label={t('scope.label')} value={scope} options={(['open', 'done', 'all'] as const).map((s) => ({ value: s, label: t(`scope.${s}`) }))} onChange={(v) => setScope(v as Scope)} />
        <div className="grid content-end gap-1">
          <Checkbox label={t('mine')} checked={onlyMine} onChange={(e) => setOnlyMine(e.target.checked)} data-testid="ticket-mine" />
          <Checkbox label={t('overdue_only')} checked={overdue} onChange={(e) => setOverdue(e.target.checked)} data-testid="ticket-overdue" />
        </div>
      </FilterBar>
      <ListCard query={list} title={list.data ? t('count', { count: items.length }) : t('title')}>
        <DataTable
          testId="tickets"
          columns={columns}
          data={list.data ? items : undefined}
          status={list}
          empty={t('empty')}
          rowHref={(k) => `/tickets/${k.id}`}
          rowProps={(k) => ({ 'data-testid': 'ticket-row', 'data-id': k.id, 'data-status': k.status, 'data-overdue': String(k.overdue), className: k.overdue ? 'bg-destructive/5' : undefined })}
          pages={list}
          loadMoreLabel={t('load_more')}
        />
      </ListCard>
    </>
  );
}

export function TicketsView({ mine = false }: { mine?: boolean }) {
  const t = useTranslations('tickets');
  const { can } = useSessionUser();
  const [creating, setCreating] = useState(false);
  return (
    <PageShell
      title={mine ? t('mine_title') : t('title')}
      subtitle={t('subtitle')}
      allowed={can('tickets.tickets.read')}
      denied={<NoPermission />}
      actions={
        can('tickets.tickets.handle') && (
          <Button onClick={() => setCreating(true)} data-testid="ticket-new">
            {t('new')}
          </Button>
        )
      }
    >
      <TicketList mine={mine} />
      {creating && can('tickets.tickets.handle') && <TicketCreateDialog open onOpenChange={setCreating} />}
    </PageShell>
  );
}
