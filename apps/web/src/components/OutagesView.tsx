'use client';
/**
 * Outages: those going on (suspected and open, with where, since when and how many
 * customers they affect) and the history (resolved and dismissed, with their duration),
 * newest first in keyset pages; staff with outages.outages.manage declare new ones.
 */
import dynamic from 'next/dynamic';
import Link from 'next/link';
import { useFormatter, useTranslations } from 'next-intl';
import { useState } from 'react';
import type { Outage } from '@rrnet/contracts';
import { Button } from '@rrnet/ui/Button';
import { DataTable } from '@rrnet/ui/DataTable';
import type { ColumnDef } from '@rrnet/ui/DataTable';
import { PageShell } from '@rrnet/ui/PageShell';
import { Tabs, TabsContent, TabsList, TabsTrigger } from '@rrnet/ui/Tabs';
import { CellLines } from '@rrnet/ui/CellLines';
import { useKeysetPages } from '~/hooks/useKeysetPages';
import { useSessionUser } from '~/hooks/useSessionUser';
import { useTRPC, useTRPCClient } from '~/trpc/TrpcProvider';
import { ErrorNotice } from './ErrorNotice';
import { NoPermission } from './NoPermission';
import { OutageStatusBadge, useOutageDuration, useOutageSource } from './OutageBadges';
import { ListCard } from './ListCard';

// the form (react-hook-form, zod) loads when its dialog opens
const OutageDeclareDialog = dynamic(() => import('./OutageDeclareDialog').then((m) => m.OutageDeclareDialog), { ssr: false });

const PAGE_SIZE = 50;
type Scope = 'active' | 'history';

function useOutageColumns(scope: Scope): ColumnDef<Outage>[] {
  const t = useTranslations('outages');
  const format = useFormatter();
  const duration = useOutageDuration();
  const source = useOutageSource();
  return [
    {
      id: 'title',
      header: t('col.title'),
      meta: { interactive: true },
      cell: ({ row: { original: o } }) => (
        <CellLines
          main={
            <Link href={`/outages/${o.id}`} className="relative z-10 font-medium text-foreground hover:underline">
              {o.title}
            </Link>
          }
          sub={t(`cause.${o.cause}`)}
        />
      ),
    },
    { id: 'source', header: t('col.source'), cell: ({ row }) => source(row.original) },
    { id: 'status', header: t('col.status'), cell: ({ row }) => <OutageStatusBadge status={row.original.status} /> },
    { id: 'started', header: t('col.started'), meta: { className: 'whitespace-nowrap' }, cell: ({ row }) => format.dateTime(new Date(row.original.started_at), 'datetime') },
    {
      id: 'affected',
      header: t('col.affected'),
      meta: { numeric: true },
      cell: ({ row }) => <span data-testid="outage-affected">{t('affected', { count: row.original.affected_count })}</span>,
    },
    ...(scope === 'history' ? [{ id: 'duration', header: t('col.duration'), meta: { numeric: true }, cell: ({ row }) => duration(row.original.duration_seconds) } satisfies ColumnDef<Outage>] : []),
  ];
}

function OutageList({ scope }: { scope: Scope }) {
  const t = useTranslations('outages');
  const trpc = useTRPC();
  const client = useTRPCClient();
  const columns = useOutageColumns(scope);
  const input = { scope, limit: PAGE_SIZE };
  const { query: list, items } = useKeysetPages(trpc.outages.list.infiniteQueryKey(input), input, (page, signal) => client.outages.list.query(page, { signal }));
  if (list.isError && !list.data) return <ErrorNotice error={list.error} page />;
  return (
    <ListCard query={list} title={list.data ? t(scope === 'active' ? 'count_active' : 'count_history', { count: items.length }) : t('title')}>
      <DataTable
        testId={`outages-${scope}`}
        columns={columns}
        data={list.data ? items : undefined}
        status={list}
        empty={scope === 'active' ? t('empty_active') : t('empty_history')}
        rowHref={(o) => `/outages/${o.id}`}
        rowProps={(o) => ({ 'data-testid': 'outage-row', 'data-id': o.id, 'data-status': o.status })}
        pages={list}
        loadMoreLabel={t('load_more')}
      />
    </ListCard>
  );
}

export function OutagesView() {
  const t = useTranslations('outages');
  const { can } = useSessionUser();
  const [declaring, setDeclaring] = useState(false);
  return (
    <PageShell
      title={t('title')}
      subtitle={t('subtitle')}
      allowed={can('outages.outages.read')}
      denied={<NoPermission />}
      actions={
        can('outages.outages.manage') && (
          <Button onClick={() => setDeclaring(true)} data-testid="outage-declare-button">
            {t('declare.button')}
          </Button>
        )
      }
    >
      <Tabs defaultValue="active">
        <TabsList>
          <TabsTrigger value="active">{t('tab.active')}</TabsTrigger>
          <TabsTrigger value="history">{t('tab.history')}</TabsTrigger>
        </TabsList>
        <TabsContent value="active">
          <OutageList scope="active" />
        </TabsContent>
        <TabsContent value="history">
          <OutageList scope="history" />
        </TabsContent>
      </Tabs>
      {declaring && can('outages.outages.manage') && <OutageDeclareDialog open onOpenChange={setDeclaring} />}
    </PageShell>
  );
}
