'use client';
/**
 * Billing settings of the ISP (admin.settings): days until an invoice is due, grace days
 * before the sweep isolates, the tax rate (entered as a percentage, stored in basis
 * points) and how isolation is applied on the routers (a PPP profile or disabling the
 * secret). Editable with admin.settings.manage; read-only for admin.settings.read.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { formatDateTime } from '@rrnet/contracts';
import type { Locale, Settings } from '@rrnet/contracts';
import { useSessionUser } from '~/hooks/useSessionUser';
import { useLocale, useTranslations } from 'next-intl';
import { fieldErrorsOf, retryUnlessRefused } from '~/hooks/useTrpcError';
import { bpFromPercent, percentFromBp } from '~/lib/billing';
import { parseNumber } from '~/lib/form_values';
import { useTRPC } from '~/trpc/TrpcProvider';
import { ErrorNotice } from './ErrorNotice';
import { FormField } from './FormField';
import { RequirePermission } from './NoPermission';

type IsolirMode = Settings['isolir_mode'];
const ISOLIR_MODES: IsolirMode[] = ['profile', 'disable'];

interface Values {
  due_days: string;
  grace_days: string;
  tax_percent: string;
  isolir_mode: IsolirMode;
  isolir_profile: string;
}

function valuesOf(settings: Settings, locale: Locale): Values {
  return {
    due_days: String(settings.due_days),
    grace_days: String(settings.grace_days),
    tax_percent: percentFromBp(settings.tax_rate_bp, locale),
    isolir_mode: settings.isolir_mode,
    isolir_profile: settings.isolir_profile,
  };
}

/** Only what changed, in the API's units; whole days and rates are parsed (garbage → NaN, named by the API). */
function changesOf(settings: Settings, values: Values) {
  const changes: { due_days?: number; grace_days?: number; tax_rate_bp?: number; isolir_mode?: IsolirMode; isolir_profile?: string } = {};
  const due = parseNumber(values.due_days) ?? Number.NaN;
  const grace = parseNumber(values.grace_days) ?? Number.NaN;
  const bp = bpFromPercent(values.tax_percent);
  if (due !== settings.due_days) changes.due_days = due;
  if (grace !== settings.grace_days) changes.grace_days = grace;
  if (bp !== settings.tax_rate_bp) changes.tax_rate_bp = bp;
  if (values.isolir_mode !== settings.isolir_mode) changes.isolir_mode = values.isolir_mode;
  if (values.isolir_profile.trim() !== settings.isolir_profile) changes.isolir_profile = values.isolir_profile.trim();
  return changes;
}

function SettingsForm({ settings, canManage }: { settings: Settings; canManage: boolean }) {
  const t = useTranslations();
  const locale = useLocale();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [values, setValues] = useState<Values>(() => valuesOf(settings, locale));
  const [saved, setSaved] = useState(false);
  const set = (patch: Partial<Values>) => {
    setSaved(false);
    setValues((v) => ({ ...v, ...patch }));
  };
  const update = useMutation(
    trpc.admin.settings.update.mutationOptions({
      onSuccess: async (next) => {
        queryClient.setQueryData(trpc.admin.settings.get.queryKey(), next);
        setValues(valuesOf(next, locale));
        setSaved(true);
        await queryClient.invalidateQueries({ queryKey: trpc.admin.settings.get.queryKey() });
      },
    }),
  );
  const fields = fieldErrorsOf(update.error);
  const changes = changesOf(settings, values);
  const dirty = Object.keys(changes).length > 0;
  const disabled = !canManage;
  return (
    <section className="card" aria-labelledby="billing-settings-title" data-testid="billing-settings">
      <div className="card-header">
        <h2 id="billing-settings-title">{t('billing_settings.form_title')}</h2>
        <span className="muted small">{t('billing_settings.updated_at', { time: formatDateTime(settings.updated_at, locale) })}</span>
      </div>
      {!canManage && (
        <p className="alert info" role="note" data-testid="settings-read-only">
          {t('billing_settings.read_only')}
        </p>
      )}
      {update.error && <ErrorNotice error={update.error} />}
      {saved && !dirty && (
        <p className="alert ok" role="status" data-testid="settings-saved">
          {t('billing_settings.saved')}
        </p>
      )}
      <form
        className="form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (dirty) update.mutate(changes);
        }}
      >
        <fieldset className="form-section">
          <legend>{t('billing_settings.invoices')}</legend>
          <div className="form-row">
            <FormField label={t('billing_settings.due_days')} error={fields.due_days}>
              {(props) => (
                <input {...props} name="due_days" inputMode="numeric" disabled={disabled} value={values.due_days} onChange={(e) => set({ due_days: e.target.value })} />
              )}
            </FormField>
            <FormField label={t('billing_settings.tax_percent')} error={fields.tax_rate_bp}>
              {(props) => (
                <input {...props} name="tax_percent" inputMode="decimal" disabled={disabled} value={values.tax_percent} onChange={(e) => set({ tax_percent: e.target.value })} />
              )}
            </FormField>
          </div>
          <p className="muted small">{t('billing_settings.invoices_hint')}</p>
        </fieldset>
        <fieldset className="form-section">
          <legend>{t('billing_settings.isolir')}</legend>
          <div className="form-row">
            <FormField label={t('billing_settings.grace_days')} error={fields.grace_days}>
              {(props) => (
                <input {...props} name="grace_days" inputMode="numeric" disabled={disabled} value={values.grace_days} onChange={(e) => set({ grace_days: e.target.value })} />
              )}
            </FormField>
            <FormField label={t('billing_settings.isolir_mode.label')} error={fields.isolir_mode}>
              {(props) => (
                <select {...props} name="isolir_mode" disabled={disabled} value={values.isolir_mode} onChange={(e) => set({ isolir_mode: e.target.value as IsolirMode })}>
                  {ISOLIR_MODES.map((m) => (
                    <option key={m} value={m}>
                      {t(`billing_settings.isolir_mode.${m}`)}
                    </option>
                  ))}
                </select>
              )}
            </FormField>
            <FormField label={t('billing_settings.isolir_profile')} error={fields.isolir_profile}>
              {(props) => (
                <input
                  {...props}
                  name="isolir_profile"
                  autoComplete="off"
                  disabled={disabled || values.isolir_mode !== 'profile'}
                  value={values.isolir_profile}
                  onChange={(e) => set({ isolir_profile: e.target.value })}
                />
              )}
            </FormField>
          </div>
          <p className="muted small">{t(`billing_settings.isolir_mode_hint.${values.isolir_mode}`, { profile: values.isolir_profile || 'isolir' })}</p>
          <p className="muted small">{t('billing_settings.grace_hint', { days: values.grace_days || '0' })}</p>
        </fieldset>
        {canManage && (
          <div className="actions">
            <button type="submit" className="button" disabled={!dirty || update.isPending}>
              {update.isPending ? t('common.saving') : t('common.save')}
            </button>
            {dirty && (
              <button type="button" className="button secondary" onClick={() => setValues(valuesOf(settings, locale))}>
                {t('customers.edit.discard')}
              </button>
            )}
          </div>
        )}
      </form>
    </section>
  );
}

function SettingsContent() {
  const t = useTranslations();
  const locale = useLocale();
  const trpc = useTRPC();
  const { can } = useSessionUser();
  const settings = useQuery({ ...trpc.admin.settings.get.queryOptions(), retry: retryUnlessRefused });
  if (settings.isError) return <ErrorNotice error={settings.error} page />;
  if (!settings.data) return <p className="muted">{t('common.loading')}</p>;
  // re-keyed on the language: the percentage's decimal separator
  return <SettingsForm key={locale} settings={settings.data} canManage={can('admin.settings.manage')} />;
}

export function BillingSettingsView() {
  const t = useTranslations();
  return (
    <>
      <h1>{t('billing_settings.title')}</h1>
      <p className="muted">{t('billing_settings.subtitle')}</p>
      <RequirePermission permission="admin.settings.read">
        <SettingsContent />
      </RequirePermission>
    </>
  );
}
