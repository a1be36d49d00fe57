'use client';
/**
 * The ISP's MikroTik routers: status, RouterOS version, last sync, drift and customers,
 * "Sync now" per row (the result arrives when the background sync job has run), and the
 * form to add a router.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Loader2, RefreshCw } from 'lucide-react';
import { useFormatter, useTranslations } from 'next-intl';
import { useState } from 'react';
import type { Router } from '@rrnet/contracts';
import { Alert } from '@rrnet/ui/Alert';
import { Badge } from '@rrnet/ui/Badge';
import { Button } from '@rrnet/ui/Button';
import { Card, CardAction, CardContent, CardDescription, CardHeader, CardTitle } from '@rrnet/ui/Card';
import { cn } from '@rrnet/ui/cn';
import { DataTable } from '@rrnet/ui/DataTable';
import type { ColumnDef } from '@rrnet/ui/DataTable';
import { Form, useServerErrors } from '@rrnet/ui/Form';
import { PageShell } from '@rrnet/ui/PageShell';
import { useZodForm } from '~/hooks/useZodForm';
import { useRouterSync } from '~/hooks/useRouterSync';
import { useSessionUser } from '~/hooks/useSessionUser';
import { fieldErrorsOf, retryUnlessRefused } from '~/hooks/useTrpcError';
import { EMPTY_ROUTER, routerCreateForm } from '~/lib/router_form';
import { useTRPC } from '~/trpc/TrpcProvider';
import { ErrorNotice } from './ErrorNotice';
import { NoPermission } from './NoPermission';
import { RouterFormFields } from './RouterFormFields';
import { RouterStatusBadge } from './StatusBadges';

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
      cell: ({ row: { original: r } }) => (
        <span className="grid justify-items-end gap-1 sm:justify-items-start">
          <RouterStatusBadge status={r.status} />
          {r.last_error && r.status === 'offline' && (
            <span className="max-w-64 text-xs break-words text-destructive" data-testid="router-last-error">
              {r.last_error}
            </span>
          )}
        </span>
      ),
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

function AddRouterForm({ onAdded }: { onAdded: (name: string) => void }) {
  const t = useTranslations('routers.add');
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const form = useZodForm(routerCreateForm, { defaultValues: EMPTY_ROUTER });
  const create = useMutation(
    trpc.network.routers.create.mutationOptions({
      onSuccess: async (router) => {
        onAdded(router.name);
        form.reset(EMPTY_ROUTER);
        await queryClient.invalidateQueries({ queryKey: trpc.network.routers.list.queryKey() });
      },
    }),
  );
  useServerErrors(form, fieldErrorsOf(create.error));
  return (
    <Card aria-labelledby="add-router-title">
      <CardHeader>
        <CardTitle id="add-router-title">{t('title')}</CardTitle>
        <CardDescription>{t('hint')}</CardDescription>
      </CardHeader>
      <CardContent>
        <Form form={form} data-testid="add-router-form" onSubmit={(input) => create.mutate(input)}>
          {create.error && <ErrorNotice error={create.error} />}
          <RouterFormFields />
          <div>
            <Button type="submit" disabled={create.isPending}>
              {create.isPending ? t('submitting') : t('submit')}
            </Button>
          </div>
        </Form>
      </CardContent>
    </Card>
  );
}

function RoutersList() {
  const t = useTranslations();
  const trpc = useTRPC();
  const { can } = useSessionUser();
  const canSync = can('network.routers.sync');
  const routers = useQuery({ ...trpc.network.routers.list.queryOptions(), retry: retryUnlessRefused });
  const columns = useRouterColumns(canSync);
  const [added, setAdded] = useState<string | null>(null);

  if (routers.isError && !routers.data) return <ErrorNotice error={routers.error} page />;
  return (
    <>
      {added && (
        <Alert tone="success" role="status" data-testid="router-added">
          <p>{t('routers.added', { name: added })}</p>
          <Button variant="link" size="sm" className="justify-self-start" onClick={() => setAdded(null)}>
            {t('common.close')}
          </Button>
        </Alert>
      )}
      <Card>
        <CardHeader>
          <CardTitle>{routers.data ? t('routers.count', { count: routers.data.length }) : t('routers.title')}</CardTitle>
          {routers.isFetching && <CardAction className="text-sm text-muted-foreground">{t('common.loading')}</CardAction>}
        </CardHeader>
        <CardContent>
          <DataTable
            testId="routers"
            columns={columns}
            data={routers.data}
            getRowId={(r) => r.id}
            status={routers}
            empty={t('routers.empty')}
            rowHref={(r) => `/network/routers/${r.id}`}
            rowProps={(r) => ({ 'data-testid': 'router-row', 'data-name': r.name })}
          />
        </CardContent>
      </Card>
      {can('network.routers.manage') && <AddRouterForm onAdded={setAdded} />}
    </>
  );
}

export function RoutersView() {
  const t = useTranslations('routers');
  const { can } = useSessionUser();
  return (
    <PageShell title={t('title')} subtitle={t('subtitle')} allowed={can('network.routers.read')} denied={<NoPermission />}>
      <RoutersList />
    </PageShell>
  );
}
