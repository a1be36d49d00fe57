'use client';
/**
 * The ISP's MikroTik routers: status, RouterOS version, last sync, drift and customers,
 * "Sync now" per row (the result arrives when the background sync job has run), and the
 * form to add a router.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { formatDateTime } from '@rrnet/contracts';
import type { Router } from '@rrnet/contracts';
import { useRouterSync } from '~/hooks/useRouterSync';
import { useSessionUser } from '~/hooks/useSessionUser';
import { useLocale, useTranslations } from 'next-intl';
import { fieldErrorsOf, retryUnlessRefused } from '~/hooks/useTrpcError';
import { EMPTY_ROUTER, routerFields } from '~/lib/router_form';
import type { RouterFormValues } from '~/lib/router_form';
import { useTRPC } from '~/trpc/TrpcProvider';
import { ErrorNotice } from './ErrorNotice';
import { RequirePermission } from './NoPermission';
import { RouterFormFields } from './RouterFormFields';
import { RouterStatusBadge } from './StatusBadges';

function RouterRow({ router, canSync }: { router: Router; canSync: boolean }) {
  const t = useTranslations();
  const locale = useLocale();
  const sync = useRouterSync(router.id);
  const columns = canSync ? 7 : 6;
  return (
    <>
      <tr data-testid="router-row" data-name={router.name}>
        <td>
          <Link href={`/network/routers/${router.id}`} className="cell-main">
            {router.name}
          </Link>
          <div className="cell-sub muted">
            <code>
              {router.host}:{router.port}
            </code>
            {router.use_tls && <> · {'TLS'}</>}
          </div>
        </td>
        <td>
          <RouterStatusBadge status={router.status} />
          {sync.syncing && (
            <div className="cell-sub muted nowrap" data-testid="router-syncing">
              <span className="dot pulse" aria-hidden /> {t('routers.syncing')}
            </div>
          )}
        </td>
        <td>{router.ros_version ?? <span className="muted">—</span>}</td>
        <td>{router.last_sync_at ? formatDateTime(router.last_sync_at, locale) : t('common.never')}</td>
        <td data-testid="router-drift">
          {router.drift_count > 0 ? <span className="badge warn">{router.drift_count}</span> : <span className="muted">0</span>}
        </td>
        <td>{router.customer_count}</td>
        {canSync && (
          <td className="cell-actions">
            <button type="button" className="button secondary small" disabled={sync.syncing} onClick={() => sync.start(router)}>
              {sync.syncing ? t('routers.syncing') : t('routers.sync_now')}
            </button>
          </td>
        )}
      </tr>
      {(sync.error || sync.gaveUp || (router.last_error && router.status === 'offline')) && (
        <tr className="row-error">
          <td colSpan={columns}>
            {sync.error ? (
              <ErrorNotice error={sync.error} onDismiss={sync.reset} />
            ) : sync.gaveUp ? (
              <p className="muted small">{t('routers.sync_background')}</p>
            ) : (
              <p className="error small" data-testid="router-last-error">
                {router.last_error}
              </p>
            )}
          </td>
        </tr>
      )}
    </>
  );
}

function AddRouterForm({ onAdded }: { onAdded: (name: string) => void }) {
  const t = useTranslations();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [values, setValues] = useState<RouterFormValues>(EMPTY_ROUTER);
  const create = useMutation(
    trpc.network.routers.create.mutationOptions({
      onSuccess: async (router) => {
        onAdded(router.name);
        setValues(EMPTY_ROUTER);
        await queryClient.invalidateQueries({ queryKey: trpc.network.routers.list.queryKey() });
      },
    }),
  );
  return (
    <section className="card" aria-labelledby="add-router-title">
      <div className="card-header">
        <h2 id="add-router-title">{t('routers.add.title')}</h2>
      </div>
      <p className="muted">{t('routers.add.hint')}</p>
      {create.error && <ErrorNotice error={create.error} />}
      <form
        className="form"
        noValidate
        data-testid="add-router-form"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate({ ...routerFields(values), password: values.password });
        }}
      >
        <RouterFormFields values={values} onChange={setValues} errors={fieldErrorsOf(create.error)} />
        <div>
          <button type="submit" className="button" disabled={create.isPending}>
            {create.isPending ? t('routers.add.submitting') : t('routers.add.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}

function RoutersList() {
  const t = useTranslations();
  const trpc = useTRPC();
  const { can } = useSessionUser();
  const routers = useQuery({ ...trpc.network.routers.list.queryOptions(), retry: retryUnlessRefused });
  const [added, setAdded] = useState<string | null>(null);
  const canSync = can('network.routers.sync');

  if (routers.isError) return <ErrorNotice error={routers.error} page />;
  return (
    <>
      {added && (
        <div className="alert ok" role="status" data-testid="router-added">
          <p>{t('routers.added', { name: added })}</p>
          <button type="button" className="link-button" onClick={() => setAdded(null)}>
            {t('common.close')}
          </button>
        </div>
      )}
      <section className="card">
        <div className="card-header">
          <h2>{routers.data ? t('routers.count', { count: routers.data.length }) : t('routers.title')}</h2>
          {routers.isFetching && <span className="muted small">{t('common.loading')}</span>}
        </div>
        {routers.isPending && <p className="muted">{t('common.loading')}</p>}
        {routers.data && routers.data.length === 0 && <p className="empty-state">{t('routers.empty')}</p>}
        {routers.data && routers.data.length > 0 && (
          <div className="table-wrap">
            <table className="table" data-testid="routers">
              <thead>
                <tr>
                  <th scope="col">{t('routers.name')}</th>
                  <th scope="col">{t('routers.status.label')}</th>
                  <th scope="col">{t('routers.ros_version')}</th>
                  <th scope="col">{t('routers.last_sync')}</th>
                  <th scope="col">{t('routers.drift')}</th>
                  <th scope="col">{t('routers.customers')}</th>
                  {canSync && (
                    <th scope="col">
                      <span className="sr-only">{t('users.actions')}</span>
                    </th>
                  )}
                </tr>
              </thead>
              <tbody>
                {routers.data.map((router) => (
                  <RouterRow key={router.id} router={router} canSync={canSync} />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      {can('network.routers.manage') && (
        <AddRouterForm
          onAdded={(name) => {
            setAdded(name);
          }}
        />
      )}
    </>
  );
}

export function RoutersView() {
  const t = useTranslations();
  return (
    <>
      <h1>{t('routers.title')}</h1>
      <p className="muted">{t('routers.subtitle')}</p>
      <RequirePermission permission="network.routers.read">
        <RoutersList />
      </RequirePermission>
    </>
  );
}
