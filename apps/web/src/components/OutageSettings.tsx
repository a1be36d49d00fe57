'use client';
/**
 * The ISP's outage settings (admin.settings, on the billing settings page): after how
 * many minutes an unreachable router opens a suspected outage, and the optional outage
 * credit — the hours of a resolved outage beyond a threshold, prorated on the plan price
 * and taken off the customer's next invoice once. Saved through admin.settings.update
 * (audited like every settings change).
 */
import { useTranslations } from 'next-intl';
import type { Settings } from '@rrnet/contracts';
import { Card, CardContent } from '@rrnet/ui/Card';
import { Checkbox } from '@rrnet/ui/Checkbox';
import { FieldDescription, FieldGroup, FieldLegend, FieldSet } from '@rrnet/ui/Field';
import { Form, InputField } from '@rrnet/ui/Form';
import { useZodForm } from '~/hooks/useZodForm';
import { useSettingsUpdate } from '~/hooks/useSettingsUpdate';
import { outageSettingsChanges, outageSettingsForm, outageSettingsValues } from '~/lib/billing_forms';
import { SaveOrDiscard } from './SaveOrDiscard';

export function OutageSettings({ settings, canManage }: { settings: Settings; canManage: boolean }) {
  const t = useTranslations('billing_settings.outages');
  const form = useZodForm(outageSettingsForm, { defaultValues: outageSettingsValues(settings), disabled: !canManage });
  const { update, save, notices } = useSettingsUpdate(form, outageSettingsValues, { savedTestId: 'outage-settings-saved' });
  const [enabled, hours] = form.watch(['outage_credit_enabled', 'outage_credit_threshold_hours']);
  return (
    <Card titleId="outage-settings-title" data-testid="outage-settings" title={t('title')} description={t('description')}>
      <CardContent className="grid gap-4">
        {notices(t('saved'))}
        <Form form={form} onSubmit={(values) => save(outageSettingsChanges(settings, values))}>
          <FieldSet>
            <FieldLegend>{t('detection')}</FieldLegend>
            <FieldGroup>
              <InputField name="outage_detect_minutes" label={t('detect_minutes')} inputMode="numeric" />
            </FieldGroup>
            <FieldDescription>{t('detect_hint')}</FieldDescription>
          </FieldSet>
          <FieldSet>
            <FieldLegend>{t('credit')}</FieldLegend>
            <Checkbox
              label={t('credit_enabled')}
              name="outage_credit_enabled"
              data-testid="outage-credit-enabled"
              disabled={!canManage}
              checked={enabled}
              onChange={(e) => form.setValue('outage_credit_enabled', e.target.checked, { shouldDirty: true })}
            />
            <FieldGroup>
              <InputField name="outage_credit_threshold_hours" label={t('credit_threshold')} inputMode="numeric" disabled={!enabled} />
            </FieldGroup>
            <FieldDescription>{enabled ? t('credit_hint_on', { hours: hours || '0' }) : t('credit_hint_off')}</FieldDescription>
          </FieldSet>
          {canManage && (
            <SaveOrDiscard form={form} save={update} discardLabel={t('discard')} />
          )}
        </Form>
      </CardContent>
    </Card>
  );
}
