'use client';
/** Users of the ISP: the list, role changes, disable/enable, and adding a user. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { TENANT_ROLES, formatDateTime } from '@rrnet/contracts';
import type { TenantRole, TenantUser } from '@rrnet/contracts';
import { useSessionUser } from '~/hooks/useSessionUser';
import { useLocale, useTranslations } from 'next-intl';
import { fieldErrorsOf, retryUnlessRefused } from '~/hooks/useTrpcError';
import { useTRPC } from '~/trpc/TrpcProvider';
import { ErrorNotice } from './ErrorNotice';
import { CopyButton } from './CopyButton';
import { FormField } from './FormField';

interface Created {
  name: string;
  role: TenantRole;
  temporaryPassword: string | null;
}

function AddUserForm({ onAdded }: { onAdded: (created: Created) => void }) {
  const t = useTranslations();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [role, setRole] = useState<TenantRole>('viewer');
  const create = useMutation(
    trpc.admin.users.create.mutationOptions({
      onSuccess: async (user) => {
        onAdded({ name: user.name, role: user.role, temporaryPassword: user.temporary_password });
        setEmail('');
        setName('');
        setRole('viewer');
        await queryClient.invalidateQueries({ queryKey: trpc.admin.users.list.queryKey() });
      },
    }),
  );
  const fields = fieldErrorsOf(create.error);

  return (
    <section className="card" aria-labelledby="add-user-title">
      <div className="card-header">
        <h2 id="add-user-title">{t('users.add.title')}</h2>
      </div>
      <p className="muted">{t('users.add.hint')}</p>
      {create.error && <ErrorNotice error={create.error} />}
      <form
        className="form form-row"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate({ email, name, role });
        }}
      >
        <FormField label={t('users.email')} error={fields.email}>
          {(props) => <input {...props} name="email" type="email" autoComplete="off" value={email} onChange={(e) => setEmail(e.target.value)} />}
        </FormField>
        <FormField label={t('users.name')} error={fields.name}>
          {(props) => <input {...props} name="name" autoComplete="off" value={name} onChange={(e) => setName(e.target.value)} />}
        </FormField>
        <FormField label={t('users.role')} error={fields.role}>
          {(props) => (
            <select {...props} name="role" value={role} onChange={(e) => setRole(e.target.value as TenantRole)}>
              {TENANT_ROLES.map((r) => (
                <option key={r} value={r}>
                  {t(`role.${r}`)}
                </option>
              ))}
            </select>
          )}
        </FormField>
        <div className="field field-submit">
          <button type="submit" className="button" disabled={create.isPending}>
            {create.isPending ? t('users.add.submitting') : t('users.add.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}

function UserRow({ user, canManage, onSaved }: { user: TenantUser; canManage: boolean; onSaved: (name: string) => void }) {
  const t = useTranslations();
  const locale = useLocale();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const me = useSessionUser();
  const update = useMutation(
    trpc.admin.users.update.mutationOptions({
      onSuccess: async (saved) => {
        onSaved(saved.name);
        await queryClient.invalidateQueries({ queryKey: trpc.admin.users.list.queryKey() });
      },
    }),
  );
  const isMe = user.user_id === me.user_id;

  return (
    <>
      <tr data-testid="user-row" data-email={user.email}>
        <td>
          {user.name}
          {isMe && <span className="badge neutral inline">{t('users.you')}</span>}
        </td>
        <td>{user.email}</td>
        <td>
          {canManage ? (
            <select
              aria-label={t('users.role_for', { name: user.name })}
              value={user.role}
              disabled={update.isPending}
              onChange={(e) => update.mutate({ user_id: user.user_id, role: e.target.value as TenantRole })}
            >
              {TENANT_ROLES.map((r) => (
                <option key={r} value={r}>
                  {t(`role.${r}`)}
                </option>
              ))}
            </select>
          ) : (
            t(`role.${user.role}`)
          )}
        </td>
        <td>
          <span className={user.status === 'active' ? 'badge ok' : 'badge down'}>{t(`users.status.${user.status}`)}</span>
        </td>
        <td>{user.last_login_at ? formatDateTime(user.last_login_at, locale) : t('common.never')}</td>
        {canManage && (
          <td className="cell-actions">
            {!isMe && (
              <button
                type="button"
                className={user.status === 'active' ? 'button secondary small' : 'button small'}
                disabled={update.isPending}
                onClick={() =>
                  update.mutate({ user_id: user.user_id, status: user.status === 'active' ? 'disabled' : 'active' })
                }
              >
                {user.status === 'active' ? t('users.disable') : t('users.enable')}
              </button>
            )}
          </td>
        )}
      </tr>
      {update.error && (
        <tr className="row-error">
          <td colSpan={canManage ? 6 : 5}>
            <ErrorNotice error={update.error} onDismiss={() => update.reset()} />
          </td>
        </tr>
      )}
    </>
  );
}

export function UsersView() {
  const t = useTranslations();
  const trpc = useTRPC();
  const { can } = useSessionUser();
  const canManage = can('admin.users.manage');
  const users = useQuery({ ...trpc.admin.users.list.queryOptions(), retry: retryUnlessRefused });
  const [created, setCreated] = useState<Created | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  return (
    <>
      <h1>{t('users.title')}</h1>
      <p className="muted">{t('users.subtitle')}</p>
      {users.isPending && <p className="muted">{t('common.loading')}</p>}
      {users.isError && <ErrorNotice error={users.error} page />}
      {users.data && (
        <>
          {created && (
            <div className="alert ok" role="status" data-testid="user-added">
              <p>
                {created.temporaryPassword
                  ? t('users.added', { name: created.name, role: t(`role.${created.role}`) })
                  : t('users.added_existing', { name: created.name })}
              </p>
              {created.temporaryPassword && (
                <div className="secret">
                  <span>{t('users.temporary_password')}:</span>
                  <code data-testid="temporary-password">{created.temporaryPassword}</code>
                  <CopyButton value={created.temporaryPassword} />
                  <p className="alert-detail">{t('users.temporary_password_hint', { name: created.name })}</p>
                </div>
              )}
              <button type="button" className="link-button" onClick={() => setCreated(null)}>
                {t('common.close')}
              </button>
            </div>
          )}
          {saved && (
            <p className="alert ok" role="status">
              {t('users.updated', { name: saved })}
            </p>
          )}
          <section className="card">
            <div className="card-header">
              <h2>{t('users.count', { count: users.data.length })}</h2>
            </div>
            <div className="table-wrap">
              <table className="table" data-testid="users">
                <thead>
                  <tr>
                    <th scope="col">{t('users.name')}</th>
                    <th scope="col">{t('users.email')}</th>
                    <th scope="col">{t('users.role')}</th>
                    <th scope="col">{t('users.status.label')}</th>
                    <th scope="col">{t('users.last_login')}</th>
                    {canManage && <th scope="col">{t('users.actions')}</th>}
                  </tr>
                </thead>
                <tbody>
                  {users.data.map((user) => (
                    <UserRow
                      key={user.user_id}
                      user={user}
                      canManage={canManage}
                      onSaved={setSaved} // the temporary password stays until closed: it is shown once
                    />
                  ))}
                </tbody>
              </table>
            </div>
          </section>
          {canManage && (
            <AddUserForm
              onAdded={(c) => {
                setSaved(null);
                setCreated(c);
              }}
            />
          )}
        </>
      )}
    </>
  );
}
