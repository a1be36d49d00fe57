'use client';
/**
 * Service plans (the packages customers subscribe to): speeds shown in Mbps (stored as
 * kbps), monthly price in rupiah, the PPP profile on the routers, active or retired.
 * One form creates a plan or edits the one picked in the table.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { formatIdr } from '@rrnet/contracts';
import type { ServicePlan } from '@rrnet/contracts';
import { useSessionUser } from '~/hooks/useSessionUser';
import { useLocale, useTranslations } from 'next-intl';
import { fieldErrorsOf, retryUnlessRefused } from '~/hooks/useTrpcError';
import { formatSpeed, mbpsToKbps, parseNumber } from '~/lib/form_values';
import { useTRPC } from '~/trpc/TrpcProvider';
import { ErrorNotice } from './ErrorNotice';
import { FormField } from './FormField';
import { RequirePermission } from './NoPermission';

interface PlanFormValues {
  name: string;
  download_mbps: string;
  upload_mbps: string;
  price: string;
  router_profile: string;
  is_active: boolean;
}

const EMPTY_PLAN: PlanFormValues = { name: '', download_mbps: '', upload_mbps: '', price: '', router_profile: '', is_active: true };

function planFormValues(plan: ServicePlan): PlanFormValues {
  return {
    name: plan.name,
    download_mbps: String(plan.download_kbps / 1000),
    upload_mbps: String(plan.upload_kbps / 1000),
    price: String(plan.price),
    router_profile: plan.router_profile,
    is_active: plan.is_active,
  };
}

function PlanForm({ plan, onDone }: { plan: ServicePlan | null; onDone: (message: string) => void }) {
  const t = useTranslations();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [values, setValues] = useState<PlanFormValues>(() => (plan ? planFormValues(plan) : EMPTY_PLAN));
  const set = (patch: Partial<PlanFormValues>) => setValues((v) => ({ ...v, ...patch }));
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.customers.plans.list.queryKey() });
  const create = useMutation(
    trpc.customers.plans.create.mutationOptions({
      onSuccess: async (p) => {
        onDone(t('plans.created', { name: p.name }));
        setValues(EMPTY_PLAN);
        await refresh();
      },
    }),
  );
  const update = useMutation(
    trpc.customers.plans.update.mutationOptions({
      onSuccess: async (p) => {
        onDone(t('plans.updated', { name: p.name }));
        await refresh();
      },
    }),
  );
  const saving = plan ? update : create;
  const fields = fieldErrorsOf(saving.error);
  const title = plan ? t('plans.edit.title', { name: plan.name }) : t('plans.add.title');

  return (
    <section className="card" aria-labelledby="plan-form-title" data-testid="plan-form">
      <div className="card-header">
        <h2 id="plan-form-title">{title}</h2>
      </div>
      {saving.error && <ErrorNotice error={saving.error} />}
      <form
        className="form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const input = {
            name: values.name,
            download_kbps: mbpsToKbps(values.download_mbps),
            upload_kbps: mbpsToKbps(values.upload_mbps),
            price: parseNumber(values.price.replace(/[\s.,]/g, '')) ?? Number.NaN, // rupiah have no decimals: dots and commas group thousands
            router_profile: values.router_profile,
            is_active: values.is_active,
          };
          if (plan) update.mutate({ id: plan.id, ...input });
          else create.mutate(input);
        }}
      >
        <div className="form-row">
          <FormField label={t('plans.name')} error={fields.name}>
            {(props) => <input {...props} name="name" autoComplete="off" value={values.name} onChange={(e) => set({ name: e.target.value })} />}
          </FormField>
          <FormField label={t('plans.router_profile')} error={fields.router_profile}>
            {(props) => (
              <input
                {...props}
                name="router_profile"
                autoComplete="off"
                placeholder={t('plans.code_placeholder')}
                value={values.router_profile}
                onChange={(e) => set({ router_profile: e.target.value })}
              />
            )}
          </FormField>
        </div>
        <div className="form-row">
          <FormField label={t('plans.download_mbps')} error={fields.download_kbps}>
            {(props) => (
              <input {...props} name="download_mbps" inputMode="decimal" value={values.download_mbps} onChange={(e) => set({ download_mbps: e.target.value })} />
            )}
          </FormField>
          <FormField label={t('plans.upload_mbps')} error={fields.upload_kbps}>
            {(props) => (
              <input {...props} name="upload_mbps" inputMode="decimal" value={values.upload_mbps} onChange={(e) => set({ upload_mbps: e.target.value })} />
            )}
          </FormField>
          <FormField label={t('plans.price')} error={fields.price}>
            {(props) => (
              <input {...props} name="price" inputMode="numeric" placeholder={t('plans.price_placeholder')} value={values.price} onChange={(e) => set({ price: e.target.value })} />
            )}
          </FormField>
          <div className="field field-submit">
            <label className="checkbox">
              <input type="checkbox" name="is_active" checked={values.is_active} onChange={(e) => set({ is_active: e.target.checked })} />
              <span>{t('plans.active')}</span>
            </label>
          </div>
        </div>
        <p className="muted small">{t('plans.form_hint')}</p>
        <div className="actions">
          <button type="submit" className="button" disabled={saving.isPending}>
            {saving.isPending ? t('common.saving') : plan ? t('common.save') : t('plans.add.submit')}
          </button>
          {plan && (
            <button type="button" className="button secondary" onClick={() => onDone('')}>
              {t('common.cancel')}
            </button>
          )}
        </div>
      </form>
    </section>
  );
}

function PlansContent() {
  const t = useTranslations();
  const locale = useLocale();
  const trpc = useTRPC();
  const { can } = useSessionUser();
  const canManage = can('customers.plans.manage');
  const plans = useQuery({ ...trpc.customers.plans.list.queryOptions(), retry: retryUnlessRefused });
  const [editing, setEditing] = useState<ServicePlan | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  if (plans.isError) return <ErrorNotice error={plans.error} page />;
  return (
    <>
      {notice && (
        <p className="alert ok" role="status" data-testid="plan-saved">
          {notice}
        </p>
      )}
      <section className="card">
        <div className="card-header">
          <h2>{plans.data ? t('plans.count', { count: plans.data.length }) : t('plans.title')}</h2>
        </div>
        {plans.isPending && <p className="muted">{t('common.loading')}</p>}
        {plans.data && plans.data.length === 0 && <p className="empty-state">{t('plans.empty')}</p>}
        {plans.data && plans.data.length > 0 && (
          <div className="table-wrap">
            <table className="table" data-testid="plans">
              <thead>
                <tr>
                  <th scope="col">{t('plans.name')}</th>
                  <th scope="col">{t('plans.speed')}</th>
                  <th scope="col">{t('plans.price')}</th>
                  <th scope="col">{t('plans.router_profile')}</th>
                  <th scope="col">{t('plans.customers')}</th>
                  <th scope="col">{t('plans.status')}</th>
                  {canManage && (
                    <th scope="col">
                      <span className="sr-only">{t('users.actions')}</span>
                    </th>
                  )}
                </tr>
              </thead>
              <tbody>
                {plans.data.map((plan) => (
                  <tr key={plan.id} data-testid="plan-row" data-name={plan.name} className={plan.id === editing?.id ? 'selected' : undefined}>
                    <td className="cell-main">{plan.name}</td>
                    <td className="nowrap">
                      ↓ {formatSpeed(plan.download_kbps, locale)} · ↑ {formatSpeed(plan.upload_kbps, locale)}
                    </td>
                    <td className="nowrap">{formatIdr(plan.price, locale)}</td>
                    <td>
                      <code>{plan.router_profile}</code>
                    </td>
                    <td>{plan.customer_count}</td>
                    <td>
                      <span className={plan.is_active ? 'badge ok' : 'badge neutral'}>{plan.is_active ? t('plans.active') : t('plans.inactive')}</span>
                    </td>
                    {canManage && (
                      <td className="cell-actions">
                        <button
                          type="button"
                          className="button secondary small"
                          aria-label={t('plans.edit_for', { name: plan.name })}
                          onClick={() => {
                            setNotice(null);
                            setEditing(plan);
                          }}
                        >
                          {t('common.edit')}
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
      {canManage && (
        <PlanForm
          key={editing?.id ?? 'new'}
          plan={editing}
          onDone={(message) => {
            setNotice(message || null);
            setEditing(null);
          }}
        />
      )}
    </>
  );
}

export function ServicePlansView() {
  const t = useTranslations();
  return (
    <>
      <h1>{t('plans.title')}</h1>
      <p className="muted">{t('plans.subtitle')}</p>
      <RequirePermission permission="customers.plans.read">
        <PlansContent />
      </RequirePermission>
    </>
  );
}
