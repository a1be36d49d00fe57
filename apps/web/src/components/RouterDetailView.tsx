'use client';
/**
 * One router: what RRNet knows about it (status, identity, counts, circuit breaker, last
 * error), its drift against RRNet's customers with "Sync now" / "Apply fixes", the live
 * PPPoE sessions with a kick button, the tunnel (routers behind NAT), the edit form and removal.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { formatDateTime } from '@rrnet/contracts';
import type { DriftItem, RouterDetail } from '@rrnet/contracts';
import { useRouterSync } from '~/hooks/useRouterSync';
import { useSessionUser } from '~/hooks/useSessionUser';
import { useLocale, useTranslations } from 'next-intl';
import { fieldErrorsOf, retryUnlessRefused } from '~/hooks/useTrpcError';
import { routerFields, routerFormValues } from '~/lib/router_form';
import type { RouterFormValues } from '~/lib/router_form';
import { useTRPC } from '~/trpc/TrpcProvider';
import { ConfirmPanel } from './ConfirmPanel';
import { ErrorNotice } from './ErrorNotice';
import { NoPermission } from './NoPermission';
import { RouterFormFields } from './RouterFormFields';
import { RouterStatusBadge } from './StatusBadges';
import { RouterTunnelCard } from './RouterTunnelCard';

const BREAKER_BADGE = { closed: 'badge ok', half_open: 'badge warn', open: 'badge down' } as const;

function SecretState({ state }: { state: DriftItem['expected'] }) {
  const t = useTranslations();
  if (!state) return <span className="muted">{t('drift.none')}</span>;
  return (
    <span>
      <code>{state.profile}</code> · {state.disabled ? t('drift.disabled') : t('drift.enabled')}
    </span>
  );
}

function SyncControls({ router }: { router: RouterDetail }) {
  const t = useTranslations();
  const sync = useRouterSync(router.id);
  return (
    <div className="sync-controls">
      <div className="actions">
        <button type="button" className="button" disabled={sync.syncing} onClick={() => sync.start(router)}>
          {sync.syncing && !sync.applied ? t('routers.syncing') : t('routers.sync_now')}
        </button>
        <button
          type="button"
          className="button secondary"
          disabled={sync.syncing || router.drift.length === 0}
          title={router.drift.length === 0 ? t('drift.nothing_to_fix') : undefined}
          onClick={() => sync.start(router, true)}
        >
          {sync.syncing && sync.applied ? t('routers.applying') : t('routers.apply_fixes')}
        </button>
        {sync.syncing && (
          <span className="refresh-line muted" data-testid="router-syncing">
            <span className="dot pulse" aria-hidden /> {t('routers.sync_waiting')}
          </span>
        )}
      </div>
      {sync.error && <ErrorNotice error={sync.error} onDismiss={sync.reset} />}
      {sync.finished && (
        <p className="alert ok" role="status" data-testid="sync-finished">
          {sync.applied ? t('routers.fixes_applied') : t('routers.sync_finished')}
        </p>
      )}
      {sync.gaveUp && <p className="muted small">{t('routers.sync_background')}</p>}
    </div>
  );
}

function DriftCard({ router, canSync }: { router: RouterDetail; canSync: boolean }) {
  const t = useTranslations();
  const locale = useLocale();
  return (
    <section className="card" aria-labelledby="drift-title">
      <div className="card-header">
        <h2 id="drift-title">{t('drift.title', { count: router.drift.length })}</h2>
        {router.drift_checked_at && (
          <span className="muted small">{t('drift.checked_at', { time: formatDateTime(router.drift_checked_at, locale) })}</span>
        )}
      </div>
      <p className="muted">{t('drift.hint')}</p>
      {canSync && <SyncControls router={router} />}
      {router.drift.length === 0 ? (
        <p className="empty-state" data-testid="drift-empty">
          {router.drift_checked_at ? t('drift.empty') : t('drift.never_checked')}
        </p>
      ) : (
        <div className="table-wrap">
          <table className="table" data-testid="drift">
            <thead>
              <tr>
                <th scope="col">{t('drift.kind.label')}</th>
                <th scope="col">{t('drift.pppoe_username')}</th>
                <th scope="col">{t('drift.customer')}</th>
                <th scope="col">{t('drift.expected')}</th>
                <th scope="col">{t('drift.actual')}</th>
              </tr>
            </thead>
            <tbody>
              {router.drift.map((item) => (
                <tr key={`${item.kind}-${item.pppoe_username}`} data-testid="drift-row" data-kind={item.kind}>
                  <td>
                    <span className={item.kind === 'extra' ? 'badge neutral' : 'badge warn'}>{t(`drift.kind.${item.kind}`)}</span>
                    <div className="cell-sub muted">{t(`drift.kind_hint.${item.kind}`)}</div>
                  </td>
                  <td>
                    <code>{item.pppoe_username}</code>
                  </td>
                  <td>
                    {item.customer_id ? (
                      <Link href={`/customers/${item.customer_id}`}>{t('drift.open_customer')}</Link>
                    ) : (
                      <span className="muted">{t('drift.no_customer')}</span>
                    )}
                  </td>
                  <td>
                    <SecretState state={item.expected} />
                  </td>
                  <td>
                    <SecretState state={item.actual} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function SessionsCard({ routerId, canKick }: { routerId: string; canKick: boolean }) {
  const t = useTranslations();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const sessions = useQuery({ ...trpc.network.routers.sessions.queryOptions({ id: routerId }), retry: retryUnlessRefused, staleTime: 0 });
  const [kicked, setKicked] = useState<string | null>(null);
  const kick = useMutation(
    trpc.network.routers.kick.mutationOptions({
      onSuccess: async (_result, input) => {
        setKicked(input.pppoe_username);
        await queryClient.invalidateQueries({ queryKey: trpc.network.routers.sessions.queryKey({ id: routerId }) });
      },
    }),
  );
  return (
    <section className="card" aria-labelledby="sessions-title">
      <div className="card-header">
        <h2 id="sessions-title">{sessions.data ? t('sessions.title_count', { count: sessions.data.length }) : t('sessions.title')}</h2>
        <button type="button" className="button secondary small" disabled={sessions.isFetching} onClick={() => void sessions.refetch()}>
          {sessions.isFetching ? t('common.loading') : t('sessions.refresh')}
        </button>
      </div>
      {kicked && (
        <p className="alert ok" role="status">
          {t('sessions.kicked', { name: kicked })}
        </p>
      )}
      {kick.error && <ErrorNotice error={kick.error} onDismiss={() => kick.reset()} />}
      {sessions.isError && <ErrorNotice error={sessions.error} />}
      {sessions.isPending && <p className="muted">{t('common.loading')}</p>}
      {sessions.data && sessions.data.length === 0 && <p className="empty-state">{t('sessions.empty')}</p>}
      {sessions.data && sessions.data.length > 0 && (
        <div className="table-wrap">
          <table className="table" data-testid="router-sessions">
            <thead>
              <tr>
                <th scope="col">{t('sessions.name')}</th>
                <th scope="col">{t('sessions.address')}</th>
                <th scope="col">{t('sessions.caller_id')}</th>
                <th scope="col">{t('sessions.uptime')}</th>
                {canKick && (
                  <th scope="col">
                    <span className="sr-only">{t('users.actions')}</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {sessions.data.map((s) => (
                <tr key={s.id} data-testid="session-row" data-name={s.name}>
                  <td>
                    <code>{s.name}</code>
                  </td>
                  <td>{s.address ?? <span className="muted">—</span>}</td>
                  <td>{s.caller_id ?? <span className="muted">—</span>}</td>
                  <td>{s.uptime}</td>
                  {canKick && (
                    <td className="cell-actions">
                      <button
                        type="button"
                        className="button secondary small danger-text"
                        disabled={kick.isPending}
                        aria-label={t('sessions.kick_for', { name: s.name })}
                        onClick={() => {
                          setKicked(null);
                          kick.mutate({ id: routerId, pppoe_username: s.name });
                        }}
                      >
                        {t('sessions.kick')}
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function EditRouterCard({ router }: { router: RouterDetail }) {
  const t = useTranslations();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigation = useRouter();
  const [values, setValues] = useState<RouterFormValues>(() => routerFormValues(router));
  const [saved, setSaved] = useState(false);
  const [confirmRemove, setConfirmRemove] = useState(false);
  const update = useMutation(
    trpc.network.routers.update.mutationOptions({
      onSuccess: async (r) => {
        setSaved(true);
        setValues(routerFormValues(r));
        await queryClient.invalidateQueries({ queryKey: trpc.network.routers.pathKey() });
      },
    }),
  );
  const remove = useMutation(
    trpc.network.routers.remove.mutationOptions({
      onSuccess: async () => {
        await queryClient.invalidateQueries({ queryKey: trpc.network.routers.list.queryKey() });
        navigation.push('/network/routers');
      },
    }),
  );
  return (
    <section className="card" aria-labelledby="edit-router-title">
      <div className="card-header">
        <h2 id="edit-router-title">{t('routers.edit.title')}</h2>
      </div>
      {update.error && <ErrorNotice error={update.error} />}
      {saved && !update.error && (
        <p className="alert ok" role="status" data-testid="router-saved">
          {t('routers.edit.saved')}
        </p>
      )}
      <form
        className="form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          setSaved(false);
          update.mutate({ id: router.id, ...routerFields(values), ...(values.password ? { password: values.password } : {}) });
        }}
      >
        <RouterFormFields values={values} onChange={setValues} errors={fieldErrorsOf(update.error)} passwordOptional />
        <div>
          <button type="submit" className="button" disabled={update.isPending}>
            {update.isPending ? t('common.saving') : t('common.save')}
          </button>
        </div>
      </form>
      <div className="danger-zone">
        {confirmRemove ? (
          <ConfirmPanel
            danger
            question={t('routers.remove.confirm', { name: router.name, count: router.customer_count })}
            confirmLabel={t('routers.remove.confirm_button')}
            busyLabel={t('routers.remove.removing')}
            busy={remove.isPending}
            onConfirm={() => remove.mutate({ id: router.id })}
            onCancel={() => {
              setConfirmRemove(false);
              remove.reset();
            }}
          />
        ) : (
          <>
            <button type="button" className="button secondary danger-text" onClick={() => setConfirmRemove(true)}>
              {t('routers.remove.label')}
            </button>
            <p className="muted">{t('routers.remove.hint')}</p>
          </>
        )}
        {remove.error && <ErrorNotice error={remove.error} />}
      </div>
    </section>
  );
}

function Facts({ router }: { router: RouterDetail }) {
  const t = useTranslations();
  const locale = useLocale();
  const dash = <span className="muted">—</span>;
  return (
    <section className="card" aria-labelledby="router-facts-title" data-testid="router-overview">
      <div className="card-header">
        <h2 id="router-facts-title">{t('routers.overview')}</h2>
        <RouterStatusBadge status={router.status} />
      </div>
      <dl className="facts" data-testid="router-facts">
        <dt>{t('routers.host_port')}</dt>
        <dd>
          <code>
            {router.host}:{router.port}
          </code>{' '}
          {router.use_tls ? t('routers.tls_on') : t('routers.tls_off')}
        </dd>
        <dt>{t('routers.username')}</dt>
        <dd>
          <code>{router.username}</code>
        </dd>
        <dt>{t('routers.identity')}</dt>
        <dd data-testid="router-identity">{router.identity ?? dash}</dd>
        <dt>{t('routers.board')}</dt>
        <dd>{router.board_name ?? dash}</dd>
        <dt>{t('routers.ros_version')}</dt>
        <dd data-testid="router-version">{router.ros_version ?? dash}</dd>
        <dt>{t('routers.uptime')}</dt>
        <dd>{router.uptime ?? dash}</dd>
        <dt>{t('routers.secret_count')}</dt>
        <dd>{router.secret_count ?? dash}</dd>
        <dt>{t('routers.active_count')}</dt>
        <dd>{router.active_count ?? dash}</dd>
        <dt>{t('routers.customers')}</dt>
        <dd>{router.customer_count}</dd>
        <dt>{t('routers.last_seen')}</dt>
        <dd>{router.last_seen_at ? formatDateTime(router.last_seen_at, locale) : t('common.never')}</dd>
        <dt>{t('routers.last_sync')}</dt>
        <dd data-testid="router-last-sync">{router.last_sync_at ? formatDateTime(router.last_sync_at, locale) : t('common.never')}</dd>
        <dt>{t('routers.breaker.label')}</dt>
        <dd data-testid="router-breaker">
          {router.breaker_state ? (
            <span className={BREAKER_BADGE[router.breaker_state]}>{t(`routers.breaker.${router.breaker_state}`)}</span>
          ) : (
            <span className="muted">{t('routers.breaker.none')}</span>
          )}
        </dd>
        {router.last_error && (
          <>
            <dt>{t('routers.last_error')}</dt>
            <dd className="error" data-testid="router-last-error">
              {router.last_error}
            </dd>
          </>
        )}
        {router.address && (
          <>
            <dt>{t('routers.address')}</dt>
            <dd>{router.address}</dd>
          </>
        )}
        {router.location && (
          <>
            <dt>{t('location.title')}</dt>
            <dd>
              {router.location.lat}, {router.location.lng}
            </dd>
          </>
        )}
      </dl>
    </section>
  );
}

function RouterDetailContent({ id }: { id: string }) {
  const t = useTranslations();
  const trpc = useTRPC();
  const { can } = useSessionUser();
  const detail = useQuery({ ...trpc.network.routers.get.queryOptions({ id }), retry: retryUnlessRefused });

  if (!detail.data) {
    return (
      <>
        <h1>{t('routers.detail.title')}</h1>
        {detail.isPending && <p className="muted">{t('common.loading')}</p>}
        {detail.isError && <ErrorNotice error={detail.error} page />}
      </>
    );
  }
  const router = detail.data;
  return (
    <>
      <h1 data-testid="router-name">{router.name}</h1>
      <p className="muted">{t('routers.detail.subtitle')}</p>
      <Facts router={router} />
      <DriftCard router={router} canSync={can('network.routers.sync')} />
      <SessionsCard routerId={router.id} canKick={can('network.routers.manage')} />
      {can('network.routers.manage') && <RouterTunnelCard routerId={router.id} />}
      {can('network.routers.manage') && <EditRouterCard key={router.id} router={router} />}
    </>
  );
}

export function RouterDetailView({ id }: { id: string }) {
  const t = useTranslations();
  const { can } = useSessionUser();
  return (
    <>
      <p className="breadcrumb">
        <Link href="/network/routers">← {t('routers.title')}</Link>
      </p>
      {can('network.routers.read') ? (
        <RouterDetailContent id={id} />
      ) : (
        <>
          <h1>{t('routers.detail.title')}</h1>
          <NoPermission />
        </>
      )}
    </>
  );
}
