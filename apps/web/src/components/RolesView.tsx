'use client';
/**
 * The ISP's own roles (issue #17): the list (template, permissions, members), a form that
 * makes one from a built-in role's permissions or edits one (permissions by module,
 * checkboxes), and deleting one nobody holds. The API decides (a platform or unknown
 * permission, a name in use, a role still held); its field messages land on the fields.
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { z } from 'zod';
import { CUSTOM_ROLE_TEMPLATES, ROLE_PERMISSIONS, TENANT_PERMISSIONS, customRoleCreateInput, customRolePermissions } from '@rrnet/contracts';
import type { CustomRole, CustomRoleTemplate } from '@rrnet/contracts';
import { Button } from '@rrnet/ui/Button';
import { Card, CardContent } from '@rrnet/ui/Card';
import { actionsColumn } from '@rrnet/ui/columns';
import { DataTable } from '@rrnet/ui/DataTable';
import type { ColumnDef } from '@rrnet/ui/DataTable';
import { FieldGroup } from '@rrnet/ui/Field';
import { Form, FormField, InputField, useServerErrors } from '@rrnet/ui/Form';
import { Select } from '@rrnet/ui/Select';
import { useZodForm } from '~/hooks/useZodForm';
import { useSessionUser } from '~/hooks/useSessionUser';
import { fieldErrorsOf, retryUnlessRefused } from '~/hooks/useTrpcError';
import { useTRPC } from '~/trpc/TrpcProvider';
import { ErrorNotice } from './ErrorNotice';
import { PermissionPicker } from './PermissionPicker';
import { DoneNotice } from './DoneNotice';
import { ListCard } from './ListCard';

const roleForm = z.object({
  name: customRoleCreateInput.shape.name,
  description: z.string().max(300),
  base_role: z.enum(CUSTOM_ROLE_TEMPLATES),
  permissions: customRolePermissions,
});
type RoleFormValues = z.input<typeof roleForm>;


const templateValues = (template: CustomRoleTemplate): RoleFormValues => ({ name: '', description: '', base_role: template, permissions: [...ROLE_PERMISSIONS[template]] });

function RoleForm({ editing, onSaved, onCancel }: { editing: CustomRole | null; onSaved: (name: string) => void; onCancel: () => void }) {
  const t = useTranslations();
  const trpc = useTRPC();
  const form = useZodForm(roleForm, {
    defaultValues: editing
      ? { name: editing.name, description: editing.description ?? '', base_role: editing.base_role, permissions: editing.permissions }
      : templateValues('viewer'),
  });
  const meta = { invalidates: [trpc.admin.customRoles.list.queryKey(), trpc.admin.users.list.queryKey()] };
  const create = useMutation(
    trpc.admin.customRoles.create.mutationOptions({
      meta,
      onSuccess: (role) => {
        form.reset(templateValues('viewer'));
        onSaved(role.name);
      },
    }),
  );
  const update = useMutation(trpc.admin.customRoles.update.mutationOptions({ meta, onSuccess: (role) => onSaved(role.name) }));
  const error = create.error ?? update.error;
  useServerErrors(form, fieldErrorsOf(error));
  const choose = (next: readonly string[]) => form.setValue('permissions', [...next], { shouldDirty: true, shouldValidate: form.formState.isSubmitted });
  const pending = create.isPending || update.isPending;

  return (
    <Card titleId="role-form-title" data-testid="role-form" title={editing ? t('users.custom_roles.edit_title', { name: editing.name }) : t('users.custom_roles.create_title')} description={t('users.custom_roles.form_hint')}>
      <CardContent className="grid gap-4">
        {error && <ErrorNotice error={error} />}
        <Form
          form={form}
          onSubmit={(values) => {
            const description = values.description.trim() === '' ? null : values.description;
            if (editing) update.mutate({ id: editing.id, name: values.name, description, permissions: values.permissions });
            else create.mutate({ name: values.name, description, base_role: values.base_role, permissions: values.permissions });
          }}
        >
          <FieldGroup cols={3}>
            <InputField name="name" label={t('users.custom_roles.name')} autoComplete="off" />
            <InputField name="description" label={t('users.custom_roles.description')} autoComplete="off" />
            <FormField name="base_role" label={t('users.custom_roles.template')}>
              {(field) => (
                <Select
                  {...field}
                  disabled={editing !== null}
                  onChange={(e) => {
                    field.onChange(e);
                    choose(ROLE_PERMISSIONS[e.target.value as CustomRoleTemplate]);
                  }}
                >
                  {CUSTOM_ROLE_TEMPLATES.map((r) => (
                    <option key={r} value={r}>
                      {t(`role.${r}`)}
                    </option>
                  ))}
                </Select>
              )}
            </FormField>
          </FieldGroup>
          <PermissionPicker
            permissions={TENANT_PERMISSIONS}
            chosen={form.watch('permissions')}
            onChange={choose}
            legend={t('users.custom_roles.permissions')}
            hint={t('users.custom_roles.permissions_hint')}
            error={form.formState.errors.permissions?.message}
          />
          <div className="flex flex-wrap gap-2">
            <Button type="submit" disabled={pending}>
              {pending ? t('users.custom_roles.saving') : editing ? t('users.custom_roles.save') : t('users.custom_roles.create')}
            </Button>
            {editing && (
              <Button variant="secondary" onClick={onCancel}>
                {t('common.cancel')}
              </Button>
            )}
          </div>
        </Form>
      </CardContent>
    </Card>
  );
}

function useRoleColumns({ onEdit, onDelete, busy }: { onEdit: ((role: CustomRole) => void) | null; onDelete: (role: CustomRole) => void; busy: boolean }): ColumnDef<CustomRole>[] {
  const t = useTranslations();
  const columns: ColumnDef<CustomRole>[] = [
    { id: 'name', header: t('users.custom_roles.name'), cell: ({ row }) => row.original.name },
    { id: 'description', header: t('users.custom_roles.description'), cell: ({ row }) => row.original.description ?? '' },
    { id: 'template', header: t('users.custom_roles.template'), cell: ({ row }) => t(`role.${row.original.base_role}`) },
    {
      id: 'permissions',
      header: t('users.custom_roles.permissions'),
      cell: ({ row: { original: role } }) => <span title={role.permissions.join('\n')}>{t('api_keys.permissions_count', { count: role.permissions.length })}</span>,
    },
    { id: 'members', header: t('users.custom_roles.members'), cell: ({ row }) => t('users.count', { count: row.original.members }) },
  ];
  if (!onEdit) return columns;
  return [
    ...columns,
    actionsColumn(t('users.actions'), (role) => (
      <span className="inline-flex gap-2">
        <Button variant="secondary" size="sm" onClick={() => onEdit(role)}>
          {t('users.custom_roles.edit')}
        </Button>
        <Button variant="secondary" size="sm" disabled={busy} onClick={() => onDelete(role)}>
          {t('users.custom_roles.delete')}
        </Button>
      </span>
    )),
  ];
}

export function RolesView() {
  const t = useTranslations();
  const trpc = useTRPC();
  const { can } = useSessionUser();
  const canManage = can('admin.users.manage');
  const roles = useQuery({ ...trpc.admin.customRoles.list.queryOptions(), retry: retryUnlessRefused });
  const [editing, setEditing] = useState<CustomRole | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const remove = useMutation(
    trpc.admin.customRoles.delete.mutationOptions({
      meta: { invalidates: [trpc.admin.customRoles.list.queryKey()] },
      onSuccess: (role) => {
        setNotice(t('users.custom_roles.deleted', { name: role.name }));
        if (editing?.id === role.id) setEditing(null);
      },
    }),
  );
  const columns = useRoleColumns({
    busy: remove.isPending,
    onEdit: canManage
      ? (role) => {
          setNotice(null);
          setEditing(role);
        }
      : null,
    onDelete: (role) => {
      setNotice(null);
      remove.mutate({ id: role.id });
    },
  });
  if (roles.isError && !roles.data) return <ErrorNotice error={roles.error} page />;
  return (
    <>
      <DoneNotice data-testid="role-notice">{notice}</DoneNotice>
      {remove.error && <ErrorNotice error={remove.error} onDismiss={() => remove.reset()} />}
      <ListCard query={roles}>
        <DataTable
          testId="custom-roles"
          columns={columns}
          query={roles}
          empty={t('users.custom_roles.empty')}
          rowProps={(r) => ({ 'data-testid': 'role-row', 'data-name': r.name })}
        />
      </ListCard>
      {roles.data && canManage && (
        <RoleForm
          key={editing?.id ?? 'new'}
          editing={editing}
          onCancel={() => setEditing(null)}
          onSaved={(name) => {
            setEditing(null);
            setNotice(t('users.custom_roles.saved', { name }));
          }}
        />
      )}
    </>
  );
}
