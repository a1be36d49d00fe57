'use client';
/**
 * The router's connection fields of the surrounding <Form> (react-hook-form), shared by
 * "add router" and the router's edit form. Switching TLS follows the protocol's default
 * port unless another port was typed.
 */
import { useTranslations } from 'next-intl';
import { useFormContext, useWatch } from 'react-hook-form';
import { Checkbox } from '@rrnet/ui/Checkbox';
import { Field, FieldGroup } from '@rrnet/ui/Field';
import { FormField, InputField } from '@rrnet/ui/Form';
import { Textarea } from '@rrnet/ui/Textarea';
import { DEFAULT_ROUTER_PORT } from '~/lib/router_form';
import type { RouterFormValues } from '~/lib/router_form';
import { PlaceFields } from './LocationFields';

function TlsCheckbox() {
  const t = useTranslations('routers');
  const { getValues, register, setValue } = useFormContext<RouterFormValues>();
  const tls = register('use_tls', {
    onChange: () => {
      const port = getValues('port');
      if (port === DEFAULT_ROUTER_PORT.tls || port === DEFAULT_ROUTER_PORT.plain) setValue('port', DEFAULT_ROUTER_PORT[getValues('use_tls') ? 'tls' : 'plain']);
    },
  });
  return (
    <Field className="self-end sm:pb-1.5">
      <Checkbox label={t('use_tls')} {...tls} />
    </Field>
  );
}

/** HTTPS only: the router's own CA or self-signed certificate, which then alone is trusted for it. */
function TlsCaField() {
  const t = useTranslations('routers');
  const useTls = useWatch<RouterFormValues, 'use_tls'>({ name: 'use_tls' });
  if (!useTls) return null;
  return (
    <FormField name="tls_ca_pem" label={t('form.tls_ca')} description={t('form.tls_ca_hint')}>
      {(field) => <Textarea rows={3} spellCheck={false} className="font-mono text-xs" placeholder={t('form.tls_ca_placeholder')} {...field} />}
    </FormField>
  );
}

export function RouterFormFields({ passwordOptional = false }: { passwordOptional?: boolean }) {
  const t = useTranslations('routers');
  return (
    <>
      <FieldGroup cols={4}>
        <InputField name="name" label={t('name')} autoComplete="off" />
        <InputField name="host" label={t('host')} autoComplete="off" placeholder={t('form.host_placeholder')} />
        <InputField name="port" label={t('port')} inputMode="numeric" autoComplete="off" />
        <TlsCheckbox />
      </FieldGroup>
      <TlsCaField />
      <FieldGroup>
        <InputField name="username" label={t('username')} autoComplete="off" />
        <InputField name="password" label={passwordOptional ? t('new_password') : t('password')} type="password" autoComplete="new-password" placeholder={passwordOptional ? t('new_password_placeholder') : undefined} />
      </FieldGroup>
      <PlaceFields />
    </>
  );
}
