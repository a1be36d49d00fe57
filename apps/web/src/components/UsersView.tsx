'use client';
/**
 * Users of the ISP: the list, role changes, disable/enable, and adding a user. The add
 * form is checked by the API alone (an address already known to RRNet is added as it
 * is): its field messages come back in `details` and land on the fields.
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import { useFormatter, useTranslations } from 'next-intl';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { TENANT_ROLES } from '@rrnet/contracts';
import type { CustomRole, TenantRole, TenantUser } from '@rrnet/contracts';
import { Alert } from '@rrnet/ui/Alert';
import { Badge } from '@rrnet/ui/Badge';
import { Button, SubmitButton } from '@rrnet/ui/Button';
import { Card, CardContent } from '@rrnet/ui/Card';
import { actionsColumn } from '@rrnet/ui/columns';
import { DataTable } from '@rrnet/ui/DataTable';
import type { ColumnDef } from '@rrnet/ui/DataTable';
import { FieldGroup } from '@rrnet/ui/Field';
import { Form, InputField, SelectField, useServerErrors } from '@rrnet/ui/Form';
import { Select } from '@rrnet/ui/Select';
import { choices } from '@rrnet/ui/choices';
import { useSessionUser } from '~/hooks/useSessionUser';
import { fieldErrorsOf, retryUnlessRefused } from '~/hooks/useTrpcError';
import { useTRPC } from '~/trpc/TrpcProvider';
import { CopyableValue } from './CopyButton';
import { ErrorNotice } from './ErrorNotice';
import { DoneNotice } from './DoneNotice';
import { ListCard } from './ListCard';

interface Created {
  name: string;
  role: TenantRole;
  temporaryPassword: string | null;
}

interface AddUserValues {
  email: string;
  name: string;
  role: TenantRole;
}

const NEW_USER: AddUserValues = { email: '', name: '', role: 'viewer' };

function AddUserForm({ onAdded }: { onAdded: (created: Created) => void }) {
  const t = useTranslations('users');
  const tr = useTranslations('role');
  const trpc = useTRPC();
  const form = useForm<AddUserValues>({ defaultValues: NEW_USER });
  const create = useMutation(
    trpc.admin.users.create.mutationOptions({
      meta: { invalidates: [trpc.admin.users.list.queryKey()] },
      onSuccess: (user) => {
        onAdded({ name: user.name, role: user.role, temporaryPassword: user.temporary_password });
        form.reset(NEW_USER);
      },
    }),
  );
  useServerErrors(form, fieldErrorsOf(create.error));
  return (
    <Card titleId="add-user-title" title={t('add.title')} description={t('add.hint')}>
      <CardContent className="grid gap-4">
        {create.error && <ErrorNotice error={create.error} />}
        <Form form={form} onSubmit={(values) => create.mutate(values)}>
          <FieldGroup cols={3}>
            <InputField name="email" label={t('email')} type="email" autoComplete="off" />
            <InputField name="name" label={t('name')} autoComplete="off" />
            <SelectField name="role" label={t('role')} options={choices(TENANT_ROLES, (r) => tr(r))} />
          </FieldGroup>
          <div>
            <SubmitButton pending={create.isPending} pendingLabel={t('add.submitting')}>
              {t('add.submit')}
            </SubmitButton>
          </div>
        </Form>
      </CardContent>
    </Card>
  );
}

type Update = { user_id: string; role?: TenantRole; custom_role_id?: string; status?: TenantUser['status'] };

/** The role select's value: a built-in role, or `custom:<id>` for one of the ISP's own. */
const CUSTOM = 'custom:';

function useUserColumns({ canManage, busy, onUpdate, customRoles }: { canManage: boolean; busy: string | null; onUpdate: (update: Update) => void; customRoles: CustomRole[] }): ColumnDef<TenantUser>[] {
  const t = useTranslations('users');
  const tr = useTranslations('role');
  const tc = useTranslations('common');
  const format = useFormatter();
  const me = useSessionUser();
  const columns: ColumnDef<TenantUser>[] = [
    {
      id: 'name',
      header: t('name'),
      cell: ({ row: { original: user } }) => (
        <span className="inline-flex flex-wrap items-center gap-2">
          {user.name}
          {user.user_id === me.user_id && <Badge tone="info">{t('you')}</Badge>}
        </span>
      ),
    },
    { id: 'email', header: t('email'), meta: { className: 'break-all' }, cell: ({ row }) => row.original.email },
    {
      id: 'role',
      header: t('role'),
      meta: { interactive: true },
      cell: ({ row: { original: user } }) =>
        canManage ? (
          <Select
            aria-label={t('role_for', { name: user.name })}
            className="min-w-36"
            value={user.custom_role_id ? `${CUSTOM}${user.custom_role_id}` : user.role}
            disabled={busy === user.user_id}
            onChange={(e) =>
              onUpdate(
                e.target.value.startsWith(CUSTOM)
                  ? { user_id: user.user_id, custom_role_id: e.target.value.slice(CUSTOM.length) }
                  : { user_id: user.user_id, role: e.target.value as TenantRole },
              )
            }
          >
            <optgroup label={t('custom_roles.builtin_group')}>
              {TENANT_ROLES.map((r) => (
                <option key={r} value={r}>
                  {tr(r)}
                </option>
              ))}
            </optgroup>
            {/* an owner holds every permission and takes no custom role */}
            {customRoles.length > 0 && user.role !== 'owner' && (
              <optgroup label={t('custom_roles.option_group')}>
                {customRoles.map((r) => (
                  <option key={r.id} value={`${CUSTOM}${r.id}`}>
                    {r.name}
                  </option>
                ))}
              </optgroup>
            )}
          </Select>
        ) : (
          (user.custom_role_name ?? tr(user.role))
        ),
    },
    {
      id: 'status',
      header: t('status.label'),
      cell: ({ row: { original: user } }) => <Badge tone={user.status === 'active' ? 'success' : 'danger'}>{t(`status.${user.status}`)}</Badge>,
    },
    {
      id: 'last_login',
      header: t('last_login'),
      meta: { className: 'whitespace-nowrap' },
      cell: ({ row: { original: user } }) => (user.last_login_at ? format.dateTime(user.last_login_at, 'datetime') : tc('never')),
    },
  ];
  if (!canManage) return columns;
  return [
    ...columns,
    actionsColumn(t('actions'), (user) =>
      user.user_id !== me.user_id && (
        <Button
          variant={user.status === 'active' ? 'secondary' : 'default'}
          size="sm"
          disabled={busy === user.user_id}
          onClick={() => onUpdate({ user_id: user.user_id, status: user.status === 'active' ? 'disabled' : 'active' })}
        >
          {user.status === 'active' ? t('disable') : t('enable')}
        </Button>
      )),
  ];
}

export function UsersView() {
  const t = useTranslations('users');
  const tr = useTranslations('role');
  const tc = useTranslations('common');
  const trpc = useTRPC();
  const { can } = useSessionUser();
  const canManage = can('admin.users.manage');
  const users = useQuery({ ...trpc.admin.users.list.queryOptions(), retry: retryUnlessRefused });
  const customRoles = useQuery({ ...trpc.admin.customRoles.list.queryOptions(), retry: retryUnlessRefused });
  const [created, setCreated] = useState<Created | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const update = useMutation(
    trpc.admin.users.update.mutationOptions({
      // a role's member count changes with its members
      meta: { invalidates: [trpc.admin.users.list.queryKey(), trpc.admin.customRoles.list.queryKey()] },
      onSuccess: (user) => setSaved(user.name), // the temporary password stays until closed: it is shown once
    }),
  );
  const columns = useUserColumns({
    canManage,
    customRoles: customRoles.data ?? [],
    busy: update.isPending ? (update.variables?.user_id ?? null) : null,
    onUpdate: (u) => {
      setSaved(null);
      update.mutate(u);
    },
  });

  if (users.isError && !users.data) return <ErrorNotice error={users.error} page />;
  return (
    <>
      {created && (
        <Alert tone="success" role="status" data-testid="user-added" className="gap-2">
          <p>{created.temporaryPassword ? t('added', { name: created.name, role: tr(created.role) }) : t('added_existing', { name: created.name })}</p>
          {created.temporaryPassword && (
            <>
              <p className="text-muted-foreground">{t('temporary_password')}:</p>
              <CopyableValue value={created.temporaryPassword} testId="temporary-password" />
              <p className="text-muted-foreground">{t('temporary_password_hint', { name: created.name })}</p>
            </>
          )}
          <Button variant="link" size="sm" className="justify-self-start" onClick={() => setCreated(null)}>
            {tc('close')}
          </Button>
        </Alert>
      )}
      {saved && <DoneNotice>{t('updated', { name: saved })}</DoneNotice>}
      {update.error && <ErrorNotice error={update.error} onDismiss={() => update.reset()} />}
      <ListCard query={users} title={users.data ? t('count', { count: users.data.length }) : t('title')}>
        <DataTable
          testId="users"
          columns={columns}
          query={users}
          getRowId={(u) => u.user_id}
          empty={null}
          rowProps={(u) => ({ 'data-testid': 'user-row', 'data-email': u.email })}
        />
      </ListCard>
      {canManage && users.data && (
        <AddUserForm
          onAdded={(c) => {
            setSaved(null);
            setCreated(c);
          }}
        />
      )}
    </>
  );
}
