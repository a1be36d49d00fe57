'use client';
/**
 * API keys of the ISP: list, create (name, validity, permissions the user has) with the
 * key shown once, revoke. Plans without `api_access` get a plain "not in your plan".
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import { useFormatter, useTranslations } from 'next-intl';
import { useState } from 'react';
import { z } from 'zod';
import { apiKeyCreateInput } from '@rrnet/contracts';
import type { Permission } from '@rrnet/contracts';
import type { RouterOutputs } from '@rrnet/api';
import { Alert } from '@rrnet/ui/Alert';
import { Badge } from '@rrnet/ui/Badge';
import { Button, SubmitButton } from '@rrnet/ui/Button';
import { Card, CardContent } from '@rrnet/ui/Card';
import { actionsColumn } from '@rrnet/ui/columns';
import { DataTable } from '@rrnet/ui/DataTable';
import type { ColumnDef } from '@rrnet/ui/DataTable';
import { FieldGroup } from '@rrnet/ui/Field';
import { Form, InputField, SelectField, useServerErrors } from '@rrnet/ui/Form';
import { choices } from '@rrnet/ui/choices';
import { useZodForm } from '~/hooks/useZodForm';
import { useSessionUser } from '~/hooks/useSessionUser';
import { errorCodeOf, fieldErrorsOf, retryUnlessRefused } from '~/hooks/useTrpcError';
import { useTRPC } from '~/trpc/TrpcProvider';
import { CopyableValue } from './CopyButton';
import { ErrorNotice } from './ErrorNotice';
import { NotInPlan } from './NoPermission';
import { PermissionPicker } from './PermissionPicker';
import { DoneNotice } from './DoneNotice';
import { ListCard } from './ListCard';

const EXPIRY_CHOICES = ['0', '30', '90', '365'] as const;

/** The create input's rules; the validity is a choice of days ("0": no expiry). */
const createKeyForm = z.object({ name: apiKeyCreateInput.shape.name, expires: z.enum(EXPIRY_CHOICES), permissions: apiKeyCreateInput.shape.permissions });

type ApiKey = RouterOutputs['admin']['apiKeys']['list'][number];
function CreateKeyForm({ onCreated }: { onCreated: (name: string, key: string) => void }) {
  const t = useTranslations();
  const trpc = useTRPC();
  const { permissions } = useSessionUser();
  const form = useZodForm(createKeyForm, { defaultValues: { name: '', expires: '90', permissions: [] } });
  const create = useMutation(
    trpc.admin.apiKeys.create.mutationOptions({
      meta: { invalidates: [trpc.admin.apiKeys.list.queryKey()] },
      onSuccess: (created) => {
        onCreated(created.name, created.key);
        form.reset();
      },
    }),
  );
  useServerErrors(form, fieldErrorsOf(create.error));
  const choose = (next: Permission[]) => form.setValue('permissions', next, { shouldDirty: true, shouldValidate: form.formState.isSubmitted });

  return (
    <Card titleId="create-key-title" title={t('api_keys.create.title')}>
      <CardContent className="grid gap-4">
        {create.error && <ErrorNotice error={create.error} />}
        <Form
          form={form}
          onSubmit={(values) => create.mutate({ name: values.name, permissions: values.permissions, ...(values.expires !== '0' ? { expires_in_days: Number(values.expires) } : {}) })}
        >
          <FieldGroup>
            <InputField name="name" label={t('api_keys.name')} autoComplete="off" />
            <SelectField name="expires" label={t('api_keys.create.expiry')} options={choices(EXPIRY_CHOICES, (days) => days !== '0' ? t('api_keys.create.expiry_days', { days: Number(days) }) : t('api_keys.create.expiry_none'))} />
          </FieldGroup>
          <PermissionPicker
            permissions={permissions}
            chosen={form.watch('permissions')}
            onChange={choose}
            legend={t('api_keys.permissions')}
            hint={t('api_keys.create.permissions_hint')}
            error={form.formState.errors.permissions?.message}
            quickSelect={{ all: t('api_keys.create.select_all'), none: t('api_keys.create.select_none') }}
          />
          <div>
            <SubmitButton pending={create.isPending} pendingLabel={t('api_keys.create.submitting')}>
              {t('api_keys.create.submit')}
            </SubmitButton>
          </div>
        </Form>
      </CardContent>
    </Card>
  );
}

function keyStatus(key: { revoked_at: Date | null; expires_at: Date | null }, now: number): 'revoked' | 'expired' | 'active' {
  if (key.revoked_at) return 'revoked';
  return key.expires_at && key.expires_at.getTime() <= now ? 'expired' : 'active';
}

function useKeyColumns({ now, onRevoke, revoking }: { now: number; onRevoke: ((key: ApiKey) => void) | null; revoking: boolean }): ColumnDef<ApiKey>[] {
  const t = useTranslations('api_keys');
  const tu = useTranslations('users');
  const tc = useTranslations('common');
  const format = useFormatter();
  const day = (value: Date) => format.dateTime(value, 'date');
  const columns: ColumnDef<ApiKey>[] = [
    { id: 'name', header: t('name'), cell: ({ row }) => row.original.name },
    { id: 'prefix', header: t('prefix'), cell: ({ row }) => <code>{row.original.prefix}</code> },
    {
      id: 'permissions',
      header: t('permissions'),
      cell: ({ row: { original: key } }) => <span title={key.permissions.join('\n')}>{t('permissions_count', { count: key.permissions.length })}</span>,
    },
    { id: 'created', header: t('created'), meta: { className: 'whitespace-nowrap' }, cell: ({ row }) => day(row.original.created_at) },
    { id: 'last_used', header: t('last_used'), meta: { className: 'whitespace-nowrap' }, cell: ({ row }) => (row.original.last_used_at ? day(row.original.last_used_at) : tc('never')) },
    { id: 'expires', header: t('expires'), meta: { className: 'whitespace-nowrap' }, cell: ({ row }) => (row.original.expires_at ? day(row.original.expires_at) : t('no_expiry')) },
    {
      id: 'status',
      header: t('status.label'),
      cell: ({ row: { original: key } }) => {
        const status = keyStatus(key, now);
        return <Badge tone={status === 'active' ? 'success' : 'danger'}>{t(`status.${status}`)}</Badge>;
      },
    },
  ];
  if (!onRevoke) return columns;
  return [
    ...columns,
    actionsColumn(tu('actions'), (key) =>
      keyStatus(key, now) === 'active' && (
        <Button variant="secondary" size="sm" disabled={revoking} onClick={() => onRevoke(key)}>
          {t('revoke')}
        </Button>
      )),
  ];
}

export function ApiKeysView() {
  const t = useTranslations();
  const trpc = useTRPC();
  const { can } = useSessionUser();
  const canManage = can('admin.api_keys.manage');
  const keys = useQuery({ ...trpc.admin.apiKeys.list.queryOptions(), retry: retryUnlessRefused });
  const [created, setCreated] = useState<{ name: string; key: string } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const revoke = useMutation(
    trpc.admin.apiKeys.revoke.mutationOptions({
      meta: { invalidates: [trpc.admin.apiKeys.list.queryKey()] },
      onSuccess: (key) => setNotice(t('api_keys.revoked', { name: key.name })),
    }),
  );
  const columns = useKeyColumns({
    now: keys.dataUpdatedAt, // expiry as of the last fetch (render stays pure)
    revoking: revoke.isPending,
    onRevoke: canManage
      ? (key) => {
          setNotice(null);
          revoke.mutate({ id: key.id });
        }
      : null,
  });

  if (keys.isError && errorCodeOf(keys.error) === 'FEATURE_DISABLED') {
    return (
      <div data-testid="api-keys-not-in-plan">
        <NotInPlan title={t('api_keys.not_in_plan.title')} text={t('api_keys.not_in_plan.text')} />
      </div>
    );
  }
  if (keys.isError && !keys.data) return <ErrorNotice error={keys.error} page />;
  return (
    <>
      {created && (
        <Alert tone="success" role="status" data-testid="api-key-created" className="gap-2">
          <p>
            {t('api_keys.created_key')}: {created.name}
          </p>
          <CopyableValue value={created.key} testId="api-key-value" />
          <p className="text-muted-foreground">{t('api_keys.created_key_hint')}</p>
          <Button variant="link" size="sm" className="justify-self-start" onClick={() => setCreated(null)}>
            {t('common.close')}
          </Button>
        </Alert>
      )}
      <DoneNotice>{notice}</DoneNotice>
      {revoke.error && <ErrorNotice error={revoke.error} onDismiss={() => revoke.reset()} />}
      <ListCard query={keys}>
        <DataTable testId="api-keys" columns={columns} data={keys.data} status={keys} empty={t('api_keys.empty')} />
      </ListCard>
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
