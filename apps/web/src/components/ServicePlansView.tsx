'use client';
/**
 * Service plans (the packages customers subscribe to): speeds shown in Mbps (stored as
 * kbps), monthly price in rupiah, the PPP profile on the routers, active or retired.
 * "Add plan" and each row's "Edit" open the plan form in a dialog.
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import { Plus } from 'lucide-react';
import { useLocale, useTranslations } from 'next-intl';
import { useMemo, useState } from 'react';
import { formatIdr } from '@rrnet/contracts';
import type { ServicePlan } from '@rrnet/contracts';
import { Badge } from '@rrnet/ui/Badge';
import { Button, SubmitButton } from '@rrnet/ui/Button';
import { Checkbox } from '@rrnet/ui/Checkbox';
import { DataTable } from '@rrnet/ui/DataTable';
import type { ColumnDef } from '@rrnet/ui/DataTable';
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@rrnet/ui/Dialog';
import { FieldGroup } from '@rrnet/ui/Field';
import { Form, InputField, useServerErrors } from '@rrnet/ui/Form';
import { PageShell } from '@rrnet/ui/PageShell';
import { useZodForm } from '~/hooks/useZodForm';
import { useSessionUser } from '~/hooks/useSessionUser';
import { fieldErrorsOf, retryUnlessRefused } from '~/hooks/useTrpcError';
import { formatSpeed } from '~/lib/form_values';
import { EMPTY_PLAN, planCreateForm, planEditForm, planFormValues } from '~/lib/plan_form';
import { useTRPC } from '~/trpc/TrpcProvider';
import { ErrorNotice } from './ErrorNotice';
import { NoPermission } from './NoPermission';
import { DoneNotice } from './DoneNotice';
import { ListCard } from './ListCard';

/** The dialog's plan: null adds one. */
type Editing = { plan: ServicePlan | null } | null;

function PlanForm({ plan, onDone }: { plan: ServicePlan | null; onDone: (message: string) => void }) {
  const t = useTranslations('plans');
  const tc = useTranslations('common');
  const trpc = useTRPC();
  const schema = useMemo(() => (plan ? planEditForm(plan.id) : planCreateForm), [plan]);
  const form = useZodForm(schema, { defaultValues: plan ? planFormValues(plan) : EMPTY_PLAN });
  const meta = { invalidates: [trpc.customers.plans.list.queryKey()] };
  const create = useMutation(trpc.customers.plans.create.mutationOptions({ meta, onSuccess: (p) => onDone(t('created', { name: p.name })) }));
  const update = useMutation(trpc.customers.plans.update.mutationOptions({ meta, onSuccess: (p) => onDone(t('updated', { name: p.name })) }));
  const saving = plan ? update : create;
  useServerErrors(form, fieldErrorsOf(saving.error));
  const isActive = form.register('is_active');
  return (
    <Form form={form} onSubmit={(input) => ('id' in input ? update.mutate(input) : create.mutate(input))}>
      {saving.error && <ErrorNotice error={saving.error} />}
      <FieldGroup>
        <InputField name="name" label={t('name')} autoComplete="off" />
        <InputField name="router_profile" label={t('router_profile')} autoComplete="off" placeholder={t('code_placeholder')} />
        <InputField name="download_kbps" label={t('download_mbps')} inputMode="decimal" autoComplete="off" />
        <InputField name="upload_kbps" label={t('upload_mbps')} inputMode="decimal" autoComplete="off" />
        <InputField name="price" label={t('price')} inputMode="numeric" autoComplete="off" placeholder={t('price_placeholder')} />
        <div className="self-end sm:pb-1.5">
          <Checkbox label={t('active')} {...isActive} />
        </div>
      </FieldGroup>
      <p className="m-0 text-xs text-muted-foreground">{t('form_hint')}</p>
      <DialogFooter>
        <Button variant="secondary" onClick={() => onDone('')}>
          {tc('cancel')}
        </Button>
        <SubmitButton pending={saving.isPending} pendingLabel={tc('saving')}>
          {plan ? tc('save') : t('add.submit')}
        </SubmitButton>
      </DialogFooter>
    </Form>
  );
}

function usePlanColumns(canManage: boolean, onEdit: (plan: ServicePlan) => void): ColumnDef<ServicePlan>[] {
  const t = useTranslations('plans');
  const tc = useTranslations('common');
  const locale = useLocale();
  return [
    { id: 'name', header: t('name'), cell: ({ row }) => <span className="font-medium">{row.original.name}</span> },
    {
      id: 'speed',
      header: t('speed'),
      meta: { className: 'whitespace-nowrap' },
      cell: ({ row }) => `↓ ${formatSpeed(row.original.download_kbps, locale)} · ↑ ${formatSpeed(row.original.upload_kbps, locale)}`,
    },
    { id: 'price', header: t('price'), meta: { numeric: true, className: 'whitespace-nowrap' }, cell: ({ row }) => formatIdr(row.original.price, locale) },
    { id: 'profile', header: t('router_profile'), cell: ({ row }) => <code>{row.original.router_profile}</code> },
    { id: 'customers', header: t('customers'), meta: { numeric: true }, cell: ({ row }) => row.original.customer_count },
    {
      id: 'status',
      header: t('status'),
      cell: ({ row }) => <Badge tone={row.original.is_active ? 'success' : 'neutral'}>{row.original.is_active ? t('active') : t('inactive')}</Badge>,
    },
    ...(canManage
      ? [
          {
            id: 'edit',
            header: () => <span className="sr-only">{tc('edit')}</span>,
            meta: { label: '', interactive: true },
            cell: ({ row }) => (
              <Button variant="secondary" size="sm" aria-label={t('edit_for', { name: row.original.name })} onClick={() => onEdit(row.original)}>
                {tc('edit')}
              </Button>
            ),
          } satisfies ColumnDef<ServicePlan>,
        ]
      : []),
  ];
}

function PlansContent({ editing, setEditing }: { editing: Editing; setEditing: (editing: Editing) => void }) {
  const t = useTranslations('plans');
  const trpc = useTRPC();
  const { can } = useSessionUser();
  const canManage = can('customers.plans.manage');
  const plans = useQuery({ ...trpc.customers.plans.list.queryOptions(), retry: retryUnlessRefused });
  const [notice, setNotice] = useState<string | null>(null);
  const columns = usePlanColumns(canManage, (plan) => {
    setNotice(null);
    setEditing({ plan });
  });

  if (plans.isError && !plans.data) return <ErrorNotice error={plans.error} page />;
  const plan = editing?.plan ?? null;
  return (
    <>
      <DoneNotice data-testid="plan-saved">{notice}</DoneNotice>
      <ListCard query={plans} title={plans.data ? t('count', { count: plans.data.length }) : t('title')}>
        <DataTable
          testId="plans"
          columns={columns}
          query={plans}
          empty={t('empty')}
          rowProps={(p) => ({ 'data-testid': 'plan-row', 'data-name': p.name })}
        />
      </ListCard>
      {canManage && (
        <Dialog open={editing !== null} onOpenChange={(open) => !open && setEditing(null)}>
          <DialogContent data-testid="plan-form" className="sm:max-w-2xl">
            <DialogHeader>
              <DialogTitle>{plan ? t('edit.title', { name: plan.name }) : t('add.title')}</DialogTitle>
              <DialogDescription className="sr-only">{t('subtitle')}</DialogDescription>
            </DialogHeader>
            <PlanForm
              key={plan?.id ?? 'new'}
              plan={plan}
              onDone={(message) => {
                if (message) setNotice(message);
                setEditing(null);
              }}
            />
          </DialogContent>
        </Dialog>
      )}
    </>
  );
}

export function ServicePlansView() {
  const t = useTranslations('plans');
  const { can } = useSessionUser();
  const [editing, setEditing] = useState<Editing>(null);
  return (
    <PageShell
      title={t('title')}
      subtitle={t('subtitle')}
      allowed={can('customers.plans.read')}
      denied={<NoPermission />}
      actions={
        can('customers.plans.manage') && (
          <Button onClick={() => setEditing({ plan: null })}>
            <Plus aria-hidden /> {t('add.title')}
          </Button>
        )
      }
    >
      <PlansContent editing={editing} setEditing={setEditing} />
    </PageShell>
  );
}
