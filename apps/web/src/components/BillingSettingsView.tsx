'use client';
/**
 * Billing settings of the ISP (admin.settings): days until an invoice is due, grace days
 * before the sweep isolates, the tax rate (entered as a percentage, stored in basis
 * points) and how isolation is applied on the routers (a PPP profile or disabling the
 * secret), the payment gateway (PaymentGatewaySettings), the outage detection and
 * credit (OutageSettings) and the ISP's logo (LogoSettingsCard). Editable with
 * admin.settings.manage; read-only for admin.settings.read.
 */
import { useQuery } from '@tanstack/react-query';
import { useFormatter, useLocale, useTranslations } from 'next-intl';
import type { Feature, Settings } from '@rrnet/contracts';
import { Alert } from '@rrnet/ui/Alert';
import { Card, CardContent } from '@rrnet/ui/Card';
import { FieldDescription, FieldGroup, FieldLegend, FieldSet } from '@rrnet/ui/Field';
import { Form, InputField, SelectField } from '@rrnet/ui/Form';
import { choices } from '@rrnet/ui/choices';
import { Skeleton } from '@rrnet/ui/Skeleton';
import { useZodForm } from '~/hooks/useZodForm';
import { useSessionUser } from '~/hooks/useSessionUser';
import { useSettingsUpdate } from '~/hooks/useSettingsUpdate';
import { retryUnlessRefused } from '~/hooks/useTrpcError';
import { billingSettingsChanges, billingSettingsErrors, billingSettingsForm, billingSettingsValues } from '~/lib/billing_forms';
import { useTRPC } from '~/trpc/TrpcProvider';
import { ErrorNotice } from './ErrorNotice';
import { LogoSettingsCard } from './LogoSettingsCard';
import { OutageSettings } from './OutageSettings';
import { PaymentGatewaySettings } from './PaymentGatewaySettings';
import { SaveOrDiscard } from './SaveOrDiscard';

const ISOLIR_MODES: Settings['isolir_mode'][] = ['profile', 'disable'];

function SettingsForm({ settings, canManage }: { settings: Settings; canManage: boolean }) {
  const t = useTranslations('billing_settings');
  const locale = useLocale();
  const format = useFormatter();
  const form = useZodForm(billingSettingsForm, { defaultValues: billingSettingsValues(settings, locale), disabled: !canManage });
  const { update, save, notices } = useSettingsUpdate(form, (next) => billingSettingsValues(next, locale), { savedTestId: 'settings-saved', mapErrors: billingSettingsErrors });
  const [mode, profile, grace] = form.watch(['isolir_mode', 'isolir_profile', 'grace_days']);
  return (
    <Card titleId="billing-settings-title" data-testid="billing-settings" title={t('form_title')} description={t('updated_at', { time: format.dateTime(settings.updated_at, 'datetime') })}>
      <CardContent className="grid gap-4">
        {!canManage && (
          <Alert role="note" data-testid="settings-read-only">
            {t('read_only')}
          </Alert>
        )}
        {notices(t('saved'))}
        <Form form={form} onSubmit={(values) => save(billingSettingsChanges(settings, values))}>
          <FieldSet>
            <FieldLegend>{t('invoices')}</FieldLegend>
            <FieldGroup>
              <InputField name="due_days" label={t('due_days')} inputMode="numeric" />
              <InputField name="tax_percent" label={t('tax_percent')} inputMode="decimal" />
            </FieldGroup>
            <FieldDescription>{t('invoices_hint')}</FieldDescription>
          </FieldSet>
          <FieldSet>
            <FieldLegend>{t('isolir')}</FieldLegend>
            <FieldGroup cols={3}>
              <InputField name="grace_days" label={t('grace_days')} inputMode="numeric" />
              <SelectField name="isolir_mode" label={t('isolir_mode.label')} options={choices(ISOLIR_MODES, (m) => t(`isolir_mode.${m}`))} />
              <InputField name="isolir_profile" label={t('isolir_profile')} autoComplete="off" disabled={mode !== 'profile'} />
            </FieldGroup>
            <FieldDescription>{t(`isolir_mode_hint.${mode}`, { profile: profile || 'isolir' })}</FieldDescription>
            <FieldDescription>{t('grace_hint', { days: Number(grace) || 0 })}</FieldDescription>
          </FieldSet>
          {canManage && (
            <SaveOrDiscard form={form} save={update} discardLabel={t('discard')} />
          )}
        </Form>
      </CardContent>
    </Card>
  );
}

export function BillingSettingsView({ features }: { features: readonly Feature[] | null }) {
  const locale = useLocale();
  const trpc = useTRPC();
  const { can } = useSessionUser();
  const settings = useQuery({ ...trpc.admin.settings.get.queryOptions(), retry: retryUnlessRefused });
  if (settings.isError) return <ErrorNotice error={settings.error} page />;
  if (!settings.data) return <Skeleton className="h-96" />;
  // re-keyed on the language: the percentage's decimal separator
  return (
    <div className="grid gap-6">
      <LogoSettingsCard canManage={can('admin.settings.manage')} />
      <SettingsForm key={locale} settings={settings.data} canManage={can('admin.settings.manage')} />
      <PaymentGatewaySettings features={features} canManage={can('admin.settings.manage')} />
      {(!features || features.includes('outages')) && <OutageSettings settings={settings.data} canManage={can('admin.settings.manage')} />}
    </div>
  );
}
