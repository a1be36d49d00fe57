'use client';
/** The router's connection fields, shared by "add router" and the router's edit form. */
import { useTranslations } from 'next-intl';
import { DEFAULT_ROUTER_PORT } from '~/lib/router_form';
import type { RouterFormValues } from '~/lib/router_form';
import { FormField } from './FormField';
import { LocationFields } from './LocationFields';

export function RouterFormFields({
  values,
  onChange,
  errors,
  passwordOptional = false,
}: {
  values: RouterFormValues;
  onChange: (next: RouterFormValues) => void;
  errors: Record<string, string>;
  passwordOptional?: boolean;
}) {
  const t = useTranslations();
  const set = (patch: Partial<RouterFormValues>) => onChange({ ...values, ...patch });
  return (
    <>
      <div className="form-row">
        <FormField label={t('routers.name')} error={errors.name}>
          {(props) => <input {...props} name="name" autoComplete="off" value={values.name} onChange={(e) => set({ name: e.target.value })} />}
        </FormField>
        <FormField label={t('routers.host')} error={errors.host}>
          {(props) => (
            <input {...props} name="host" autoComplete="off" placeholder={t('routers.form.host_placeholder')} value={values.host} onChange={(e) => set({ host: e.target.value })} />
          )}
        </FormField>
        <FormField label={t('routers.port')} error={errors.port}>
          {(props) => <input {...props} name="port" inputMode="numeric" value={values.port} onChange={(e) => set({ port: e.target.value })} />}
        </FormField>
        <div className="field field-submit">
          <label className="checkbox">
            <input
              type="checkbox"
              name="use_tls"
              checked={values.use_tls}
              onChange={(e) => {
                const useTls = e.target.checked;
                // follow the protocol's default port unless the user typed another one
                const port = values.port === DEFAULT_ROUTER_PORT.tls || values.port === DEFAULT_ROUTER_PORT.plain ? DEFAULT_ROUTER_PORT[useTls ? 'tls' : 'plain'] : values.port;
                set({ use_tls: useTls, port });
              }}
            />
            <span>{t('routers.use_tls')}</span>
          </label>
        </div>
      </div>
      <div className="form-row">
        <FormField label={t('routers.username')} error={errors.username}>
          {(props) => <input {...props} name="username" autoComplete="off" value={values.username} onChange={(e) => set({ username: e.target.value })} />}
        </FormField>
        <FormField label={passwordOptional ? t('routers.new_password') : t('routers.password')} error={errors.password}>
          {(props) => (
            <input
              {...props}
              name="password"
              type="password"
              autoComplete="new-password"
              placeholder={passwordOptional ? t('routers.new_password_placeholder') : undefined}
              value={values.password}
              onChange={(e) => set({ password: e.target.value })}
            />
          )}
        </FormField>
      </div>
      <div className="form-row">
        <FormField label={t('routers.address')} error={errors.address}>
          {(props) => <input {...props} name="address" autoComplete="off" value={values.address} onChange={(e) => set({ address: e.target.value })} />}
        </FormField>
        <LocationFields lat={values.lat} lng={values.lng} errors={errors} onChange={(loc) => set(loc)} />
      </div>
    </>
  );
}
