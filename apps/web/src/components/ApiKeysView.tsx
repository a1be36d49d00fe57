'use client';
/**
 * API keys of the ISP: list, create (name, validity, permissions the user has) with the
 * key shown once, revoke. Plans without `api_access` get a plain "not in your plan".
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { formatDate } from '@rrnet/contracts';
import type { Permission } from '@rrnet/contracts';
import { useSessionUser } from '~/hooks/useSessionUser';
import { useLocale, useTranslations } from 'next-intl';
import { errorCodeOf, fieldErrorsOf, retryUnlessRefused } from '~/hooks/useTrpcError';
import type { MessageKey } from '~/i18n/catalog';
import { useTRPC } from '~/trpc/TrpcProvider';
import { CopyButton } from './CopyButton';
import { ErrorNotice } from './ErrorNotice';
import { FormField } from './FormField';

const EXPIRY_CHOICES = [0, 30, 90, 365] as const;

type PermissionModule = Permission extends `${infer M}.${string}` ? M : never;

function moduleLabel(permission: Permission): MessageKey {
  return `permission.module.${permission.split('.')[0] as PermissionModule}`;
}

function CreateKeyForm({ onCreated }: { onCreated: (name: string, key: string) => void }) {
  const t = useTranslations();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { permissions } = useSessionUser();
  const [name, setName] = useState('');
  const [expiry, setExpiry] = useState<number>(90);
  const [chosen, setChosen] = useState<Set<Permission>>(new Set());
  const create = useMutation(
    trpc.admin.apiKeys.create.mutationOptions({
      onSuccess: async (created) => {
        onCreated(created.name, created.key);
        setName('');
        setChosen(new Set());
        await queryClient.invalidateQueries({ queryKey: trpc.admin.apiKeys.list.queryKey() });
      },
    }),
  );
  const fields = fieldErrorsOf(create.error);
  const groups = new Map<MessageKey, Permission[]>();
  for (const p of permissions) groups.set(moduleLabel(p), [...(groups.get(moduleLabel(p)) ?? []), p]);

  const toggle = (p: Permission, on: boolean) =>
    setChosen((prev) => {
      const next = new Set(prev);
      if (on) next.add(p);
      else next.delete(p);
      return next;
    });

  return (
    <section className="card" aria-labelledby="create-key-title">
      <div className="card-header">
        <h2 id="create-key-title">{t('api_keys.create.title')}</h2>
      </div>
      {create.error && <ErrorNotice error={create.error} />}
      <form
        className="form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate({ name, permissions: [...chosen], ...(expiry ? { expires_in_days: expiry } : {}) });
        }}
      >
        <div className="form-row">
          <FormField label={t('api_keys.name')} error={fields.name}>
            {(props) => <input {...props} name="name" value={name} onChange={(e) => setName(e.target.value)} />}
          </FormField>
          <FormField label={t('api_keys.create.expiry')}>
            {(props) => (
              <select {...props} value={expiry} onChange={(e) => setExpiry(Number(e.target.value))}>
                {EXPIRY_CHOICES.map((days) => (
                  <option key={days} value={days}>
                    {days ? t('api_keys.create.expiry_days', { days }) : t('api_keys.create.expiry_none')}
                  </option>
                ))}
              </select>
            )}
          </FormField>
        </div>
        <fieldset className="permissions">
          <legend>{t('api_keys.permissions')}</legend>
          <p className="muted">{t('api_keys.create.permissions_hint')}</p>
          <div className="actions">
            <button type="button" className="link-button" onClick={() => setChosen(new Set(permissions))}>
              {t('api_keys.create.select_all')}
            </button>
            <button type="button" className="link-button" onClick={() => setChosen(new Set())}>
              {t('api_keys.create.select_none')}
            </button>
          </div>
          {[...groups.entries()].map(([group, list]) => (
            <div key={group} className="permission-group">
              <div className="permission-group-title">{t(group)}</div>
              {list.map((p) => (
                <label key={p} className="checkbox">
                  <input type="checkbox" checked={chosen.has(p)} onChange={(e) => toggle(p, e.target.checked)} />
                  <span>
                    {t(`permission.${p}`)} <code className="muted">{p}</code>
                  </span>
                </label>
              ))}
            </div>
          ))}
          {fields.permissions && <span className="field-error">{fields.permissions}</span>}
        </fieldset>
        <div>
          <button type="submit" className="button" disabled={create.isPending}>
            {create.isPending ? t('api_keys.create.submitting') : t('api_keys.create.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}

function keyStatus(key: { revoked_at: Date | null; expires_at: Date | null }, now: number): 'revoked' | 'expired' | 'active' {
  if (key.revoked_at) return 'revoked';
  return key.expires_at && key.expires_at.getTime() <= now ? 'expired' : 'active';
}

export function ApiKeysView() {
  const t = useTranslations();
  const locale = useLocale();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { can } = useSessionUser();
  const canManage = can('admin.api_keys.manage');
  const keys = useQuery({ ...trpc.admin.apiKeys.list.queryOptions(), retry: retryUnlessRefused });
  const [created, setCreated] = useState<{ name: string; key: string } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const revoke = useMutation(
    trpc.admin.apiKeys.revoke.mutationOptions({
      onSuccess: async (key) => {
        setNotice(t('api_keys.revoked', { name: key.name }));
        await queryClient.invalidateQueries({ queryKey: trpc.admin.apiKeys.list.queryKey() });
      },
    }),
  );

  const header = (
    <>
      <h1>{t('api_keys.title')}</h1>
      <p className="muted">{t('api_keys.subtitle')}</p>
    </>
  );

  if (keys.isError && errorCodeOf(keys.error) === 'FEATURE_DISABLED') {
    return (
      <>
        {header}
        <section className="card notice" data-testid="api-keys-not-in-plan">
          <h2>{t('api_keys.not_in_plan.title')}</h2>
          <p>{t('api_keys.not_in_plan.text')}</p>
        </section>
      </>
    );
  }

  const now = keys.dataUpdatedAt; // expiry as of the last fetch (render stays pure)
  return (
    <>
      {header}
      {keys.isPending && <p className="muted">{t('common.loading')}</p>}
      {keys.isError && <ErrorNotice error={keys.error} page />}
      {created && (
        <div className="alert ok" role="status" data-testid="api-key-created">
          <p>{t('api_keys.created_key')}: {created.name}</p>
          <div className="secret">
            <code data-testid="api-key-value">{created.key}</code>
            <CopyButton value={created.key} />
          </div>
          <p className="alert-detail">{t('api_keys.created_key_hint')}</p>
          <button type="button" className="link-button" onClick={() => setCreated(null)}>
            {t('common.close')}
          </button>
        </div>
      )}
      {notice && (
        <p className="alert ok" role="status">
          {notice}
        </p>
      )}
      {revoke.error && <ErrorNotice error={revoke.error} onDismiss={() => revoke.reset()} />}
      {keys.data && (
        <section className="card">
          {keys.data.length === 0 ? (
            <p className="muted">{t('api_keys.empty')}</p>
          ) : (
            <div className="table-wrap">
              <table className="table" data-testid="api-keys">
                <thead>
                  <tr>
                    <th scope="col">{t('api_keys.name')}</th>
                    <th scope="col">{t('api_keys.prefix')}</th>
                    <th scope="col">{t('api_keys.permissions')}</th>
                    <th scope="col">{t('api_keys.created')}</th>
                    <th scope="col">{t('api_keys.last_used')}</th>
                    <th scope="col">{t('api_keys.expires')}</th>
                    <th scope="col">{t('api_keys.status.label')}</th>
                    {canManage && (
                      <th scope="col">
                        <span className="sr-only">{t('users.actions')}</span>
                      </th>
                    )}
                  </tr>
                </thead>
                <tbody>
                  {keys.data.map((key) => {
                    const status = keyStatus(key, now);
                    return (
                      <tr key={key.id}>
                        <td>{key.name}</td>
                        <td>
                          <code>{key.prefix}</code>
                        </td>
                        <td title={key.permissions.join('\n')}>{t('api_keys.permissions_count', { count: key.permissions.length })}</td>
                        <td>{formatDate(key.created_at, locale)}</td>
                        <td>{key.last_used_at ? formatDate(key.last_used_at, locale) : t('common.never')}</td>
                        <td>{key.expires_at ? formatDate(key.expires_at, locale) : t('api_keys.no_expiry')}</td>
                        <td>
                          <span className={status === 'active' ? 'badge ok' : 'badge down'}>{t(`api_keys.status.${status}`)}</span>
                        </td>
                        {canManage && (
                          <td className="cell-actions">
                            {status === 'active' && (
                              <button
                                type="button"
                                className="button secondary small"
                                disabled={revoke.isPending}
                                onClick={() => {
                                  setNotice(null);
                                  revoke.mutate({ id: key.id });
                                }}
                              >
                                {t('api_keys.revoke')}
                              </button>
                            )}
                          </td>
                        )}
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
        </section>
      )}
      {keys.data && canManage && (
        <CreateKeyForm
          onCreated={(name, key) => {
            setNotice(null);
            setCreated({ name, key });
          }}
        />
      )}
    </>
  );
}
