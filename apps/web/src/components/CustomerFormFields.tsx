'use client';
/**
 * The customer fields of the surrounding <Form> (react-hook-form), shared by "new
 * customer" and the customer's edit form: contact, service, position.
 */
import { useTranslations } from 'next-intl';
import { useWatch } from 'react-hook-form';
import { FieldDescription, FieldGroup, FieldLegend, FieldSet } from '@rrnet/ui/Field';
import { FormField } from '@rrnet/ui/Form';
import { Input } from '@rrnet/ui/Input';
import { Select } from '@rrnet/ui/Select';
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
          <FormField name="name" label={t('name')}>
            {(field) => <Input autoComplete="off" {...field} />}
          </FormField>
          <FormField name="phone" label={t('phone')}>
            {(field) => <Input type="tel" autoComplete="off" placeholder={t('form.phone_placeholder')} {...field} disabled={piiLocked} />}
          </FormField>
          <FormField name="email" label={t('email')}>
            {(field) => <Input type="email" autoComplete="off" {...field} disabled={piiLocked} />}
          </FormField>
        </FieldGroup>
        <FieldGroup>
          <FormField name="address" label={t('address')}>
            {(field) => <Input autoComplete="off" {...field} disabled={piiLocked} />}
          </FormField>
          <FormField name="national_id" label={t('national_id')}>
            {(field) => <Input inputMode="numeric" autoComplete="off" {...field} disabled={piiLocked} />}
          </FormField>
        </FieldGroup>
      </FieldSet>
      <FieldSet>
        <FieldLegend>{t('form.service')}</FieldLegend>
        <FieldGroup cols={4}>
          <FormField name="plan_id" label={t('plan')}>
            {(field) => (
              <Select {...field}>
                <option value="">{t('form.choose_plan')}</option>
                {plans.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
              </Select>
            )}
          </FormField>
          {choices.canRouters && (
            <FormField name="router_id" label={t('router')}>
              {(field) => (
                <Select {...field}>
                  <option value="">{t('form.no_router')}</option>
                  {choices.routers.map((r) => (
                    <option key={r.id} value={r.id}>
                      {r.name}
                    </option>
                  ))}
                </Select>
              )}
            </FormField>
          )}
          {choices.canTopology && (
            <FormField name="odp_id" label={t('odp')}>
              {(field) => (
                <Select {...field}>
                  <option value="">{t('form.no_odp')}</option>
                  {choices.odps.map((o) => (
                    <option key={o.id} value={o.id}>
                      {o.capacity !== null ? `${o.name} (${o.used}/${o.capacity})` : o.name}
                    </option>
                  ))}
                </Select>
              )}
            </FormField>
          )}
          <FormField name="billing_day" label={t('billing_day')}>
            {(field) => <Input type="number" min={1} max={28} placeholder={t('form.billing_day_placeholder')} {...field} />}
          </FormField>
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
