'use client';
/**
 * The plans RRNet sells: price per month (IDR), limits (routers, customers, users,
 * WhatsApp messages a month), features, whether offered, ISPs on each. Create a plan or
 * edit one (the ISPs on it get the change at once; a new price from the next invoice).
 * Checked with the contracts' schema before it is sent; the API audits every change.
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import { useFormatter, useTranslations } from 'next-intl';
import { useState } from 'react';
import { FEATURES, saasPlanCreateInput, zodIssuesToDetails } from '@rrnet/contracts';
import type { Feature, SaasPlan } from '@rrnet/contracts';
import { Button } from '@rrnet/ui/Button';
import { Card, CardContent } from '@rrnet/ui/Card';
import { Checkbox } from '@rrnet/ui/Checkbox';
import { actionsColumn } from '@rrnet/ui/columns';
import { DataTable } from '@rrnet/ui/DataTable';
import type { ColumnDef } from '@rrnet/ui/DataTable';
import { Field, FieldError, FieldGroup, FieldLabel } from '@rrnet/ui/Field';
import { Input } from '@rrnet/ui/Input';
import { fieldErrorsOf, retryUnlessRefused } from '~/hooks/useTrpcError';
import { useTRPC } from '~/trpc/TrpcProvider';
import { ErrorNotice } from './ErrorNotice';
import '~/lib/zod_browser'; // it checks with zod before sending
import { DoneNotice } from './DoneNotice';

const NUMBERS = ['price_monthly', 'max_routers', 'max_customers', 'max_users', 'max_wa_messages_month'] as const;
const FIELDS = ['code', 'name', ...NUMBERS] as const;
type Values = { code: string; name: string; features: Feature[]; is_active: boolean } & Record<(typeof NUMBERS)[number], string>;
const EMPTY: Values = { code: '', name: '', price_monthly: '', max_routers: '', max_customers: '', max_users: '', max_wa_messages_month: '', features: [], is_active: true };
const valuesOf = (p: SaasPlan): Values => ({
  code: p.code,
  name: p.name,
  price_monthly: String(p.price_monthly),
  max_routers: String(p.max_routers),
  max_customers: String(p.max_customers),
  max_users: String(p.max_users),
  max_wa_messages_month: String(p.max_wa_messages_month),
  features: p.features.filter((f): f is Feature => (FEATURES as readonly string[]).includes(f)),
  is_active: p.is_active,
});

function PlanForm({ plan, onDone }: { plan: SaasPlan | null; onDone: (m: string) => void }) {
  const t = useTranslations('saas.plans');
  const trpc = useTRPC();
  const [values, setValues] = useState<Values>(plan ? valuesOf(plan) : EMPTY);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const options = { meta: { invalidates: [trpc.platform.pathKey()] }, onSuccess: (p: SaasPlan) => onDone(t(plan ? 'saved' : 'created', { name: p.name })) };
  const create = useMutation(trpc.platform.plans.create.mutationOptions(options));
  const update = useMutation(trpc.platform.plans.update.mutationOptions(options));
  const failed = create.error ?? update.error;
  const shown = { ...fieldErrorsOf(failed), ...errors };
  const set = (k: keyof Values) => (e: { target: { value: string } }) => setValues({ ...values, [k]: e.target.value });
  return (
    <form
      className="grid gap-4"
      data-testid="plan-form"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const parsed = saasPlanCreateInput.safeParse({ ...values, ...Object.fromEntries(NUMBERS.map((k) => [k, values[k].replace(/[.\s]/g, '')])) });
        if (!parsed.success) return setErrors(zodIssuesToDetails(parsed.error.issues));
        setErrors({});
        if (plan) {
          const { code: _code, ...rest } = parsed.data;
          update.mutate({ id: plan.id, ...rest });
        } else create.mutate(parsed.data);
      }}
    >
      <FieldGroup cols={2}>
        {FIELDS.map((k) => (
          <Field key={k} invalid={!!shown[k]}>
            <FieldLabel htmlFor={`plan-${k}`}>{t(`field.${k}`)}</FieldLabel>
            <Input id={`plan-${k}`} name={k} value={values[k]} disabled={k === 'code' && !!plan} inputMode={k === 'code' || k === 'name' ? undefined : 'numeric'} autoComplete="off" onChange={set(k)} />
            {shown[k] && <FieldError>{shown[k]}</FieldError>}
          </Field>
        ))}
      </FieldGroup>
      <fieldset className="m-0 grid gap-2 border-0 p-0">
        <legend className="mb-1 text-sm font-medium">{t('field.features')}</legend>
        <div className="grid grid-cols-2 gap-2 sm:grid-cols-3">
          {FEATURES.map((f) => (
            <Checkbox
              key={f}
              label={f}
              checked={values.features.includes(f)}
              onChange={(e) => setValues({ ...values, features: e.target.checked ? [...values.features, f] : values.features.filter((x) => x !== f) })}
            />
          ))}
        </div>
      </fieldset>
      <Checkbox label={t('field.is_active')} checked={values.is_active} onChange={(e) => setValues({ ...values, is_active: e.target.checked })} />
      {failed && Object.keys(fieldErrorsOf(failed)).length === 0 && <ErrorNotice error={failed} />}
      <div>
        <Button type="submit" disabled={create.isPending || update.isPending}>
          {t(plan ? 'save' : 'create')}
        </Button>
      </div>
    </form>
  );
}

export function PlatformPlansView() {
  const t = useTranslations('saas.plans');
  const format = useFormatter();
  const trpc = useTRPC();
  const list = useQuery({ ...trpc.platform.plans.list.queryOptions(), retry: retryUnlessRefused });
  const [editing, setEditing] = useState<string | 'new' | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const columns: ColumnDef<SaasPlan>[] = [
    {
      id: 'name',
      header: t('field.name'),
      cell: ({ row: { original: p } }) => (
        <div className="grid">
          <span className="font-medium">{p.name}</span>
          <span className="text-xs text-muted-foreground">{p.is_active ? p.code : t('inactive', { code: p.code })}</span>
        </div>
      ),
    },
    { id: 'price', header: t('field.price_monthly'), cell: ({ row }) => <span className="whitespace-nowrap tabular-nums">{format.number(row.original.price_monthly, 'idr')}</span> },
    {
      id: 'limits',
      header: t('limits'),
      cell: ({ row: { original: p } }) => (
        <span className="text-sm">{t('limits_text', { routers: p.max_routers, customers: p.max_customers, users: p.max_users, wa: p.max_wa_messages_month })}</span>
      ),
    },
    { id: 'subscribers', header: t('subscribers'), cell: ({ row }) => row.original.subscribers },
    actionsColumn(t('actions'), (p) => (
      <Button variant="secondary" size="sm" aria-label={t('edit_for', { name: p.name })} onClick={() => setEditing(p.id)}>
        {t('edit')}
      </Button>
    )),
  ];
  if (list.isError && !list.data) return <ErrorNotice error={list.error} page />;
  const plan = list.data?.find((p) => p.id === editing) ?? null;
  return (
    <>
      <DoneNotice data-testid="plans-notice" onDismiss={() => setNotice(null)}>{notice}</DoneNotice>
      <div className="grid min-w-0 items-start gap-4 2xl:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <Card titleId="plans-title" title={t('count', { count: list.data?.length ?? 0 })} action={
          <Button variant="secondary" onClick={() => setEditing('new')}>
            {t('new')}
          </Button>
        }>
          <CardContent>
            <DataTable testId="plans" columns={columns} data={list.data} status={list} empty={t('empty')} rowProps={() => ({ 'data-testid': 'plan-row' })} />
          </CardContent>
        </Card>
        {editing && (
          <Card titleId="plan-form-title" title={plan ? t('edit_title', { name: plan.name }) : t('new')}>
            <CardContent>
              <PlanForm
                key={editing}
                plan={plan}
                onDone={(m) => {
                  setNotice(m);
                  setEditing(null);
                }}
              />
            </CardContent>
          </Card>
        )}
      </div>
    </>
  );
}
