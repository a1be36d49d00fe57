'use client';
/**
 * One router: what RRNet knows about it (status, identity, counts, circuit breaker, last
 * error), its drift against RRNet's customers with "Sync now" / "Apply fixes", the live
 * PPPoE sessions with a kick button, the tunnel (routers behind NAT), the edit form and removal.
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import { Loader2 } from 'lucide-react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useFormatter, useTranslations } from 'next-intl';
import { useMemo, useState } from 'react';
import type { DriftItem, RouterDetail } from '@rrnet/contracts';
import { Badge } from '@rrnet/ui/Badge';
import type { BadgeTone } from '@rrnet/ui/Badge';
import { Button, SubmitButton } from '@rrnet/ui/Button';
import { Card, CardAction, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from '@rrnet/ui/Card';
import { MutationConfirm } from './MutationConfirm';
import { DataTable } from '@rrnet/ui/DataTable';
import type { ColumnDef } from '@rrnet/ui/DataTable';
import { DescriptionItem, DescriptionList } from '@rrnet/ui/DescriptionList';
import { Form, useServerErrors } from '@rrnet/ui/Form';
import { PageShell } from '@rrnet/ui/PageShell';
import { Skeleton } from '@rrnet/ui/Skeleton';
import { StatusBadge } from '@rrnet/ui/StatusBadge';
import { useZodForm } from '~/hooks/useZodForm';
import { useRouterSync } from '~/hooks/useRouterSync';
import { useSessionUser } from '~/hooks/useSessionUser';
import { fieldErrorsOf, retryUnlessRefused } from '~/hooks/useTrpcError';
import { routerEditForm, routerFormValues } from '~/lib/router_form';
import { useTRPC } from '~/trpc/TrpcProvider';
import { ErrorNotice } from './ErrorNotice';
import { NoPermission } from './NoPermission';
import { RouterFormFields } from './RouterFormFields';
import { RouterStatusBadge } from './StatusBadges';
import { RouterTunnelCard } from './RouterTunnelCard';
import { DoneNotice } from './DoneNotice';
import { EmptyState } from '@rrnet/ui/EmptyState';
import { StatusCell } from '@rrnet/ui/StatusCell';

type Session = { id: string; name: string; address: string | null; caller_id: string | null; uptime: string };

const BREAKER: Record<NonNullable<RouterDetail['breaker_state']>, BadgeTone> = { closed: 'success', half_open: 'warning', open: 'danger' };

function SecretState({ state }: { state: DriftItem['expected'] }) {
  const t = useTranslations('drift');
  if (!state) return <span className="text-muted-foreground">{t('none')}</span>;
  return (
    <span>
      <code>{state.profile}</code> · {state.disabled ? t('disabled') : t('enabled')}
    </span>
  );
}

function SyncControls({ router }: { router: RouterDetail }) {
  const t = useTranslations();
  const sync = useRouterSync(router.id);
  return (
    <div className="grid gap-3">
      <div className="flex flex-wrap items-center gap-2">
        <Button disabled={sync.syncing} onClick={() => sync.start(router)}>
          {sync.syncing && !sync.applied ? t('routers.syncing') : t('routers.sync_now')}
        </Button>
        <Button
          variant="secondary"
          disabled={sync.syncing || router.drift.length === 0}
          title={router.drift.length === 0 ? t('drift.nothing_to_fix') : undefined}
          onClick={() => sync.start(router, true)}
        >
          {sync.syncing && sync.applied ? t('routers.applying') : t('routers.apply_fixes')}
        </Button>
        {sync.syncing && (
          <span className="inline-flex items-center gap-1.5 text-sm text-muted-foreground" data-testid="router-syncing">
            <Loader2 className="size-4 animate-spin" aria-hidden /> {t('routers.sync_waiting')}
          </span>
        )}
      </div>
      {sync.error && <ErrorNotice error={sync.error} onDismiss={sync.reset} />}
      {sync.finished && (
        <DoneNotice data-testid="sync-finished">
          {sync.applied ? t('routers.fixes_applied') : t('routers.sync_finished')}
        </DoneNotice>
      )}
      {sync.gaveUp && <p className="m-0 text-sm text-muted-foreground">{t('routers.sync_background')}</p>}
    </div>
  );
}

function useDriftColumns(): ColumnDef<DriftItem>[] {
  const t = useTranslations('drift');
  return [
    {
      id: 'kind',
      header: t('kind.label'),
      cell: ({ row: { original: item } }) => <StatusCell badge={<Badge tone={item.kind === 'extra' ? 'neutral' : 'warning'}>{t(`kind.${item.kind}`)}</Badge>} note={t(`kind_hint.${item.kind}`)} tone="muted" />,
    },
    { id: 'user', header: t('pppoe_username'), cell: ({ row }) => <code>{row.original.pppoe_username}</code> },
    {
      id: 'customer',
      header: t('customer'),
      cell: ({ row }) =>
        row.original.customer_id ? (
          <Link href={`/customers/${row.original.customer_id}`} className="text-primary hover:underline">
            {t('open_customer')}
          </Link>
        ) : (
          <span className="text-muted-foreground">{t('no_customer')}</span>
        ),
    },
    { id: 'expected', header: t('expected'), cell: ({ row }) => <SecretState state={row.original.expected} /> },
    { id: 'actual', header: t('actual'), cell: ({ row }) => <SecretState state={row.original.actual} /> },
  ];
}

function DriftCard({ router, canSync }: { router: RouterDetail; canSync: boolean }) {
  const t = useTranslations('drift');
  const format = useFormatter();
  const columns = useDriftColumns();
  return (
    <Card aria-labelledby="drift-title">
      <CardHeader>
        <CardTitle id="drift-title">{t('title', { count: router.drift.length })}</CardTitle>
        <CardDescription>{t('hint')}</CardDescription>
        {router.drift_checked_at && (
          <CardAction className="text-xs text-muted-foreground">{t('checked_at', { time: format.dateTime(router.drift_checked_at, 'datetime') })}</CardAction>
        )}
      </CardHeader>
      <CardContent className="grid gap-4">
        {canSync && <SyncControls router={router} />}
        {router.drift.length === 0 ? (
          <EmptyState className="py-6" data-testid="drift-empty">
            {router.drift_checked_at ? t('empty') : t('never_checked')}
          </EmptyState>
        ) : (
          <DataTable
            testId="drift"
            columns={columns}
            data={router.drift}
            getRowId={(item) => `${item.kind}-${item.pppoe_username}`}
            empty={t('empty')}
            rowProps={(item) => ({ 'data-testid': 'drift-row', 'data-kind': item.kind })}
          />
        )}
      </CardContent>
    </Card>
  );
}

function SessionsCard({ routerId, canKick }: { routerId: string; canKick: boolean }) {
  const t = useTranslations('sessions');
  const tc = useTranslations('common');
  const trpc = useTRPC();
  const sessions = useQuery({ ...trpc.network.routers.sessions.queryOptions({ id: routerId }), retry: retryUnlessRefused, staleTime: 0 });
  const [kicked, setKicked] = useState<string | null>(null);
  const kick = useMutation(
    trpc.network.routers.kick.mutationOptions({
      meta: { invalidates: [trpc.network.routers.sessions.queryKey({ id: routerId })] },
      onSuccess: (_result, input) => setKicked(input.pppoe_username),
    }),
  );
  const none = <span className="text-muted-foreground">—</span>;
  const columns: ColumnDef<Session>[] = [
    { id: 'name', header: t('name'), cell: ({ row }) => <code>{row.original.name}</code> },
    { id: 'address', header: t('address'), cell: ({ row }) => row.original.address ?? none },
    { id: 'caller_id', header: t('caller_id'), cell: ({ row }) => row.original.caller_id ?? none },
    { id: 'uptime', header: t('uptime'), meta: { className: 'whitespace-nowrap' }, cell: ({ row }) => row.original.uptime },
    ...(canKick
      ? [
          {
            id: 'kick',
            header: () => <span className="sr-only">{t('kick')}</span>,
            meta: { label: '', interactive: true },
            cell: ({ row }) => (
              <Button
                variant="secondary"
                size="sm"
                className="text-destructive"
                disabled={kick.isPending}
                aria-label={t('kick_for', { name: row.original.name })}
                onClick={() => {
                  setKicked(null);
                  kick.mutate({ id: routerId, pppoe_username: row.original.name });
                }}
              >
                {t('kick')}
              </Button>
            ),
          } satisfies ColumnDef<Session>,
        ]
      : []),
  ];
  return (
    <Card title={sessions.data ? t('title_count', { count: sessions.data.length }) : t('title')} titleId="sessions-title" action={
      <Button variant="secondary" size="sm" disabled={sessions.isFetching} onClick={() => void sessions.refetch()}>
        {sessions.isFetching ? tc('loading') : t('refresh')}
      </Button>
    }>
      <CardContent className="grid gap-3">
        {kicked && <DoneNotice>{t('kicked', { name: kicked })}</DoneNotice>}
        {kick.error && <ErrorNotice error={kick.error} onDismiss={() => kick.reset()} />}
        <DataTable
          testId="router-sessions"
          columns={columns}
          query={sessions}
          error={<ErrorNotice error={sessions.error} />}
          empty={t('empty')}
          rowProps={(s) => ({ 'data-testid': 'session-row', 'data-name': s.name })}
        />
      </CardContent>
    </Card>
  );
}

function EditRouterCard({ router }: { router: RouterDetail }) {
  const t = useTranslations('routers');
  const tc = useTranslations('common');
  const trpc = useTRPC();
  const navigation = useRouter();
  const schema = useMemo(() => routerEditForm(router.id), [router.id]);
  const form = useZodForm(schema, { defaultValues: routerFormValues(router) });
  const [saved, setSaved] = useState(false);
  const [confirmRemove, setConfirmRemove] = useState(false);
  const update = useMutation(
    trpc.network.routers.update.mutationOptions({
      meta: { invalidates: [trpc.network.routers.pathKey()] },
      onSuccess: (r) => {
        setSaved(true);
        form.reset(routerFormValues(r));
      },
    }),
  );
  const remove = useMutation(trpc.network.routers.remove.mutationOptions({ meta: { invalidates: [trpc.network.routers.list.queryKey()] }, onSuccess: () => navigation.push('/network/routers') }));
  useServerErrors(form, fieldErrorsOf(update.error));
  return (
    <Card titleId="edit-router-title" title={t('edit.title')}>
      <CardContent>
        <Form
          form={form}
          data-testid="edit-router-form"
          onSubmit={(input) => {
            setSaved(false);
            update.mutate(input);
          }}
        >
          {update.error && <ErrorNotice error={update.error} />}
          {saved && !update.error && <DoneNotice data-testid="router-saved">{t('edit.saved')}</DoneNotice>}
          <RouterFormFields passwordOptional />
          <div>
            <SubmitButton pending={update.isPending} pendingLabel={tc('saving')}>
              {tc('save')}
            </SubmitButton>
          </div>
        </Form>
      </CardContent>
      <CardFooter className="grid gap-2 border-t pt-4 sm:pt-5">
        <Button variant="secondary" className="justify-self-start text-destructive" onClick={() => setConfirmRemove(true)}>
          {t('remove.label')}
        </Button>
        <p className="m-0 text-sm text-muted-foreground">{t('remove.hint')}</p>
      </CardFooter>
      <MutationConfirm
        open={confirmRemove}
        mutation={remove}
        onClose={() => setConfirmRemove(false)}
        danger
        title={t('remove.label')}
        description={t('remove.confirm', { name: router.name, count: router.customer_count })}
        confirmLabel={t('remove.confirm_button')}
        busyLabel={t('remove.removing')}
        onConfirm={() => remove.mutate({ id: router.id })}
      />
    </Card>
  );
}

function Facts({ router }: { router: RouterDetail }) {
  const t = useTranslations();
  const format = useFormatter();
  const none = <span className="text-muted-foreground">—</span>;
  const when = (value: Date | null) => (value ? format.dateTime(value, 'datetime') : t('common.never'));
  return (
    <Card titleId="router-facts-title" data-testid="router-overview" title={t('routers.overview')} action={<RouterStatusBadge status={router.status} />}>
      <CardContent>
        <DescriptionList data-testid="router-facts">
          <DescriptionItem term={t('routers.host_port')}>
            <code>
              {router.host}:{router.port}
            </code>{' '}
            {router.use_tls ? t('routers.tls_on') : t('routers.tls_off')}
            <span className="block text-xs text-muted-foreground break-all" data-testid="router-tls">
              {!router.use_tls ? t('routers.tls_plain') : router.tls_ca_fingerprint ? t('routers.tls_pinned', { fingerprint: router.tls_ca_fingerprint }) : t('routers.tls_public')}
            </span>
          </DescriptionItem>
          <DescriptionItem term={t('routers.username')}>
            <code>{router.username}</code>
          </DescriptionItem>
          <DescriptionItem term={t('routers.identity')} data-testid="router-identity">
            {router.identity ?? none}
          </DescriptionItem>
          <DescriptionItem term={t('routers.board')}>{router.board_name ?? none}</DescriptionItem>
          <DescriptionItem term={t('routers.ros_version')} data-testid="router-version">
            {router.ros_version ?? none}
          </DescriptionItem>
          <DescriptionItem term={t('routers.uptime')}>{router.uptime ?? none}</DescriptionItem>
          <DescriptionItem term={t('routers.secret_count')}>{router.secret_count ?? none}</DescriptionItem>
          <DescriptionItem term={t('routers.active_count')}>{router.active_count ?? none}</DescriptionItem>
          <DescriptionItem term={t('routers.customers')}>{router.customer_count}</DescriptionItem>
          <DescriptionItem term={t('routers.last_seen')}>{when(router.last_seen_at)}</DescriptionItem>
          <DescriptionItem term={t('routers.last_sync')} data-testid="router-last-sync">
            {when(router.last_sync_at)}
          </DescriptionItem>
          <DescriptionItem term={t('routers.breaker.label')} data-testid="router-breaker">
            {router.breaker_state ? (
              <StatusBadge status={router.breaker_state} tones={BREAKER} label={t(`routers.breaker.${router.breaker_state}`)} />
            ) : (
              <span className="text-muted-foreground">{t('routers.breaker.none')}</span>
            )}
          </DescriptionItem>
          {router.last_error && (
            <DescriptionItem term={t('routers.last_error')}>
              <span className="text-destructive" data-testid="router-last-error">
                {router.last_error}
              </span>
            </DescriptionItem>
          )}
          {router.address && <DescriptionItem term={t('routers.address')}>{router.address}</DescriptionItem>}
          {router.location && (
            <DescriptionItem term={t('location.title')}>{t('location.value', { lat: String(router.location.lat), lng: String(router.location.lng) })}</DescriptionItem>
          )}
        </DescriptionList>
      </CardContent>
    </Card>
  );
}

function RouterDetailContent({ id, back }: { id: string; back: React.ReactNode }) {
  const t = useTranslations('routers');
  const trpc = useTRPC();
  const { can } = useSessionUser();
  const detail = useQuery({ ...trpc.network.routers.get.queryOptions({ id }), retry: retryUnlessRefused });

  if (!detail.data) {
    return (
      <PageShell title={t('detail.title')} breadcrumb={back}>
        {detail.isPending && <Skeleton className="h-64" />}
        {detail.isError && <ErrorNotice error={detail.error} page />}
      </PageShell>
    );
  }
  const router = detail.data;
  return (
    <PageShell title={<span data-testid="router-name">{router.name}</span>} subtitle={t('detail.subtitle')} breadcrumb={back}>
      <Facts router={router} />
      <DriftCard router={router} canSync={can('network.routers.sync')} />
      <SessionsCard routerId={router.id} canKick={can('network.routers.manage')} />
      {can('network.routers.manage') && <RouterTunnelCard routerId={router.id} />}
      {can('network.routers.manage') && <EditRouterCard key={router.id} router={router} />}
    </PageShell>
  );
}

export function RouterDetailView({ id }: { id: string }) {
  const t = useTranslations('routers');
  const { can } = useSessionUser();
  const back = <Link href="/network/routers">← {t('title')}</Link>;
  if (!can('network.routers.read')) {
    return (
      <PageShell title={t('detail.title')} breadcrumb={back}>
        <NoPermission />
      </PageShell>
    );
  }
  return <RouterDetailContent id={id} back={back} />;
}
