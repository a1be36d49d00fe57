'use client';
/**
 * The ISP's MikroTik routers: status, RouterOS version, last sync, drift and customers,
 * "Sync now" per row (the result arrives when the background sync job has run), and
 * "Add router" (a dialog).
 */
import { useQuery } from '@tanstack/react-query';
import { Loader2, Plus, RefreshCw } from 'lucide-react';
import dynamic from 'next/dynamic';
import { useFormatter, useTranslations } from 'next-intl';
import { useState } from 'react';
import type { Router } from '@rrnet/contracts';
import { Badge } from '@rrnet/ui/Badge';
import { Button } from '@rrnet/ui/Button';
import { cn } from '@rrnet/ui/cn';
import { DataTable } from '@rrnet/ui/DataTable';
import type { ColumnDef } from '@rrnet/ui/DataTable';
import { PageShell } from '@rrnet/ui/PageShell';
import { StatusCell } from '@rrnet/ui/StatusCell';
import { useRouterSync } from '~/hooks/useRouterSync';
import { useSessionUser } from '~/hooks/useSessionUser';
import { retryUnlessRefused } from '~/hooks/useTrpcError';
import { useTRPC } from '~/trpc/TrpcProvider';
import { ErrorNotice } from './ErrorNotice';
import { NoPermission } from './NoPermission';
import { RouterStatusBadge } from './StatusBadges';
import { DoneNotice } from './DoneNotice';
import { ListCard } from './ListCard';

// the add form (react-hook-form, zod, the router schema) loads when its dialog opens
const RouterAddDialog = dynamic(() => import('./RouterAddDialog').then((m) => m.RouterAddDialog), { ssr: false });

/** "Sync now" of one row, with what the sync is doing under it. */
function SyncCell({ router }: { router: Router }) {
  const t = useTranslations('routers');
  const sync = useRouterSync(router.id);
  return (
    <div className="grid justify-items-end gap-1 sm:justify-items-start">
      <Button variant="secondary" size="sm" disabled={sync.syncing} title={t('sync_now')} onClick={() => sync.start(router)}>
        <RefreshCw className={cn(sync.syncing && 'animate-spin')} aria-hidden />
        {/* the table keeps to the page's width: from sm to 2xl the button is its icon (the name stays for assistive tech) */}
        <span className="sm:max-2xl:sr-only">{sync.syncing ? t('syncing') : t('sync_now')}</span>
      </Button>
      {sync.syncing && (
        <span className="inline-flex items-center gap-1 text-xs whitespace-nowrap text-muted-foreground" data-testid="router-syncing">
          <Loader2 className="size-3 animate-spin" aria-hidden /> {t('syncing')}
        </span>
      )}
      {sync.gaveUp && <span className="max-w-64 text-xs text-muted-foreground">{t('sync_background')}</span>}
      {sync.error && <ErrorNotice error={sync.error} onDismiss={sync.reset} />}
    </div>
  );
}

function useRouterColumns(canSync: boolean): ColumnDef<Router>[] {
  const t = useTranslations('routers');
  const tc = useTranslations('common');
  const format = useFormatter();
  const none = <span className="text-muted-foreground">—</span>;
  return [
    {
      id: 'name',
      header: t('name'),
      cell: ({ row: { original: r } }) => (
        <span className="grid">
          <span>{r.name}</span>
          <code className="text-xs font-normal text-muted-foreground">
            {r.host}:{r.port}
            {r.use_tls && ` ${t('tls_on')}`}
          </code>
        </span>
      ),
    },
    {
      id: 'status',
      header: t('status.label'),
      cell: ({ row: { original: r } }) => <StatusCell badge={<RouterStatusBadge status={r.status} />} note={r.status === 'offline' && r.last_error} noteTestId="router-last-error" />,
    },
    { id: 'version', header: t('ros_version'), cell: ({ row }) => row.original.ros_version ?? none },
    {
      id: 'last_sync',
      header: t('last_sync'),
      meta: { className: 'whitespace-nowrap' },
      cell: ({ row }) => (row.original.last_sync_at ? format.dateTime(row.original.last_sync_at, 'datetime') : tc('never')),
    },
    {
      id: 'drift',
      header: t('drift'),
      meta: { numeric: true },
      cell: ({ row }) => <span data-testid="router-drift">{row.original.drift_count > 0 ? <Badge tone="warning">{row.original.drift_count}</Badge> : 0}</span>,
    },
    { id: 'customers', header: t('customers'), meta: { numeric: true }, cell: ({ row }) => row.original.customer_count },
    ...(canSync
      ? [
          {
            id: 'sync',
            header: () => <span className="sr-only">{t('actions')}</span>,
            meta: { interactive: true, label: '' },
            cell: ({ row }) => <SyncCell router={row.original} />,
          } satisfies ColumnDef<Router>,
        ]
      : []),
  ];
}

function RoutersList({ added, onDismissAdded }: { added: string | null; onDismissAdded: () => void }) {
  const t = useTranslations();
  const trpc = useTRPC();
  const { can } = useSessionUser();
  const canSync = can('network.routers.sync');
  const routers = useQuery({ ...trpc.network.routers.list.queryOptions(), retry: retryUnlessRefused });
  const columns = useRouterColumns(canSync);

  if (routers.isError && !routers.data) return <ErrorNotice error={routers.error} page />;
  return (
    <>
      {added && <DoneNotice data-testid="router-added" onDismiss={onDismissAdded}>{t('routers.added', { name: added })}</DoneNotice>}
      <ListCard query={routers} title={routers.data ? t('routers.count', { count: routers.data.length }) : t('routers.title')}>
        <DataTable
          testId="routers"
          columns={columns}
          query={routers}
          empty={t('routers.empty')}
          rowHref={(r) => `/network/routers/${r.id}`}
          rowProps={(r) => ({ 'data-testid': 'router-row', 'data-name': r.name })}
        />
      </ListCard>
    </>
  );
}

export function RoutersView() {
  const t = useTranslations('routers');
  const { can } = useSessionUser();
  const [adding, setAdding] = useState(false);
  const [added, setAdded] = useState<string | null>(null);
  const actions = can('network.routers.manage') && (
    <Button onClick={() => setAdding(true)} data-testid="add-router">
      <Plus aria-hidden />
      {t('add.title')}
    </Button>
  );
  return (
    <PageShell title={t('title')} subtitle={t('subtitle')} actions={actions} allowed={can('network.routers.read')} denied={<NoPermission />}>
      <RoutersList added={added} onDismissAdded={() => setAdded(null)} />
      {adding && (
        <RouterAddDialog
          onClose={() => setAdding(false)}
          onAdded={(name) => {
            setAdding(false);
            setAdded(name);
          }}
        />
      )}
    </PageShell>
  );
}
