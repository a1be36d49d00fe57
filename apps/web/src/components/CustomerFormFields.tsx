'use client';
/** The customer fields shared by "new customer" and the customer's edit form. */
import type { ErrorDetails } from '@rrnet/contracts';
import { useCustomerChoices } from '~/hooks/useCustomerChoices';
import { useTranslations } from 'next-intl';
import type { CustomerFormValues } from '~/lib/customer_form';
import { FormField } from './FormField';
import { LocationFields } from './LocationFields';

export function CustomerFormFields({
  values,
  onChange,
  errors,
  piiLocked = false,
}: {
  values: CustomerFormValues;
  onChange: (next: CustomerFormValues) => void;
  errors: ErrorDetails;
  /** personal data is masked for this user: shown, not editable */
  piiLocked?: boolean;
}) {
  const t = useTranslations();
  const choices = useCustomerChoices();
  const set = (patch: Partial<CustomerFormValues>) => onChange({ ...values, ...patch });
  // a retired plan stays selectable for customers already on it
  const plans = choices.plans.filter((p) => p.is_active || p.id === values.plan_id);
  return (
    <>
      <fieldset className="form-section">
        <legend>{t('customers.form.contact')}</legend>
        {piiLocked && <p className="muted small">{t('customers.form.pii_locked')}</p>}
        <div className="form-row">
          <FormField label={t('customers.name')} error={errors.name}>
            {(props) => <input {...props} name="name" autoComplete="off" value={values.name} onChange={(e) => set({ name: e.target.value })} />}
          </FormField>
          <FormField label={t('customers.phone')} error={errors.phone}>
            {(props) => (
              <input
                {...props}
                name="phone"
                type="tel"
                autoComplete="off"
                placeholder={t('customers.form.phone_placeholder')}
                disabled={piiLocked}
                value={values.phone}
                onChange={(e) => set({ phone: e.target.value })}
              />
            )}
          </FormField>
          <FormField label={t('customers.email')} error={errors.email}>
            {(props) => (
              <input
                {...props}
                name="email"
                type="email"
                autoComplete="off"
                disabled={piiLocked}
                value={values.email}
                onChange={(e) => set({ email: e.target.value })}
              />
            )}
          </FormField>
        </div>
        <div className="form-row">
          <FormField label={t('customers.address')} error={errors.address}>
            {(props) => (
              <input {...props} name="address" autoComplete="off" disabled={piiLocked} value={values.address} onChange={(e) => set({ address: e.target.value })} />
            )}
          </FormField>
          <FormField label={t('customers.national_id')} error={errors.national_id}>
            {(props) => (
              <input
                {...props}
                name="national_id"
                inputMode="numeric"
                autoComplete="off"
                disabled={piiLocked}
                value={values.national_id}
                onChange={(e) => set({ national_id: e.target.value })}
              />
            )}
          </FormField>
        </div>
      </fieldset>
      <fieldset className="form-section">
        <legend>{t('customers.form.service')}</legend>
        <div className="form-row">
          <FormField label={t('customers.plan')} error={errors.plan_id}>
            {(props) => (
              <select {...props} name="plan_id" value={values.plan_id} onChange={(e) => set({ plan_id: e.target.value })}>
                <option value="">{t('customers.form.choose_plan')}</option>
                {plans.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
              </select>
            )}
          </FormField>
          {choices.canRouters && (
            <FormField label={t('customers.router')} error={errors.router_id}>
              {(props) => (
                <select {...props} name="router_id" value={values.router_id} onChange={(e) => set({ router_id: e.target.value })}>
                  <option value="">{t('customers.form.no_router')}</option>
                  {choices.routers.map((r) => (
                    <option key={r.id} value={r.id}>
                      {r.name}
                    </option>
                  ))}
                </select>
              )}
            </FormField>
          )}
          {choices.canTopology && (
            <FormField label={t('customers.odp')} error={errors.odp_id}>
              {(props) => (
                <select {...props} name="odp_id" value={values.odp_id} onChange={(e) => set({ odp_id: e.target.value })}>
                  <option value="">{t('customers.form.no_odp')}</option>
                  {choices.odps.map((o) => (
                    <option key={o.id} value={o.id}>
                      {o.capacity !== null ? `${o.name} (${o.used}/${o.capacity})` : o.name}
                    </option>
                  ))}
                </select>
              )}
            </FormField>
          )}
          <FormField label={t('customers.billing_day')} error={errors.billing_day}>
            {(props) => (
              <input
                {...props}
                name="billing_day"
                type="number"
                min={1}
                max={28}
                placeholder={t('customers.form.billing_day_placeholder')}
                value={values.billing_day}
                onChange={(e) => set({ billing_day: e.target.value })}
              />
            )}
          </FormField>
        </div>
      </fieldset>
      <fieldset className="form-section">
        <legend>{t('location.title')}</legend>
        <p className="muted small">{t('customers.form.location_hint')}</p>
        <div className="form-row">
          <LocationFields lat={values.lat} lng={values.lng} errors={errors} onChange={(loc) => set(loc)} />
        </div>
      </fieldset>
    </>
  );
}
