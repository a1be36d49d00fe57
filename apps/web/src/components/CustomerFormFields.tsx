'use client';
/**
 * The customer fields of the surrounding <Form> (react-hook-form), shared by "new
 * customer" and the customer's edit form: contact, service, position.
 */
import { useTranslations } from 'next-intl';
import { useWatch } from 'react-hook-form';
import { FieldDescription, FieldGroup, FieldLegend, FieldSet } from '@rrnet/ui/Field';
import { InputField, SelectField } from '@rrnet/ui/Form';
import { useCustomerChoices } from '~/hooks/useCustomerChoices';
import { LocationFields } from './LocationFields';

export function CustomerFormFields({
  piiLocked = false,
}: {
  /** personal data is masked for this user: shown, not editable */
  piiLocked?: boolean;
}) {
  const t = useTranslations('customers');
  const tl = useTranslations('location');
  const choices = useCustomerChoices();
  const planId = useWatch({ name: 'plan_id' }) as string;
  // a retired plan stays selectable for customers already on it
  const plans = choices.plans.filter((p) => p.is_active || p.id === planId);
  return (
    <>
      <FieldSet>
        <FieldLegend>{t('form.contact')}</FieldLegend>
        {piiLocked && <FieldDescription>{t('form.pii_locked')}</FieldDescription>}
        <FieldGroup cols={3}>
          <InputField name="name" label={t('name')} autoComplete="off" />
          <InputField name="phone" label={t('phone')} type="tel" autoComplete="off" placeholder={t('form.phone_placeholder')} disabled={piiLocked} />
          <InputField name="email" label={t('email')} type="email" autoComplete="off" disabled={piiLocked} />
        </FieldGroup>
        <FieldGroup>
          <InputField name="address" label={t('address')} autoComplete="off" disabled={piiLocked} />
          <InputField name="national_id" label={t('national_id')} inputMode="numeric" autoComplete="off" disabled={piiLocked} />
        </FieldGroup>
      </FieldSet>
      <FieldSet>
        <FieldLegend>{t('form.service')}</FieldLegend>
        <FieldGroup cols={4}>
          <SelectField name="plan_id" label={t('plan')} options={plans.map((p) => ({ value: p.id, label: p.name }))} empty={t('form.choose_plan')} />
          {choices.canRouters && (
            <SelectField name="router_id" label={t('router')} options={choices.routers.map((r) => ({ value: r.id, label: r.name }))} empty={t('form.no_router')} />
          )}
          {choices.canTopology && (
            <SelectField name="odp_id" label={t('odp')} options={choices.odps.map((o) => ({ value: o.id, label: o.capacity !== null ? `${o.name} (${o.used}/${o.capacity})` : o.name }))} empty={t('form.no_odp')} />
          )}
          <InputField name="billing_day" label={t('billing_day')} type="number" min={1} max={28} placeholder={t('form.billing_day_placeholder')} />
        </FieldGroup>
      </FieldSet>
      <FieldSet>
        <FieldLegend>{tl('title')}</FieldLegend>
        <FieldDescription>{t('form.location_hint')}</FieldDescription>
        <FieldGroup>
          <LocationFields />
        </FieldGroup>
      </FieldSet>
    </>
  );
}
