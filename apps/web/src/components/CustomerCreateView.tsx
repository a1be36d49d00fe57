'use client';
/**
 * A new customer: contact, plan, router and ODP, billing day, position. Code and PPPoE
 * username may be left blank (the API generates them); when a router is chosen the API
 * creates the PPPoE secret on it. On success the customer's page opens.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { useTranslations } from 'next-intl';
import { fieldErrorsOf } from '~/hooks/useTrpcError';
import { EMPTY_CUSTOMER, customerCreateInput } from '~/lib/customer_form';
import type { CustomerFormValues } from '~/lib/customer_form';
import { useTRPC } from '~/trpc/TrpcProvider';
import { CustomerFormFields } from './CustomerFormFields';
import { ErrorNotice } from './ErrorNotice';
import { FormField } from './FormField';
import { RequirePermission } from './NoPermission';

function CreateForm() {
  const t = useTranslations();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigation = useRouter();
  const [values, setValues] = useState<CustomerFormValues>(EMPTY_CUSTOMER);
  const [code, setCode] = useState('');
  const [pppoeUsername, setPppoeUsername] = useState('');
  const create = useMutation(
    trpc.customers.customers.create.mutationOptions({
      onSuccess: async (customer) => {
        await queryClient.invalidateQueries({ queryKey: trpc.customers.customers.list.pathKey() });
        navigation.push(`/customers/${customer.id}?created=1`);
      },
    }),
  );
  const errors = fieldErrorsOf(create.error);
  return (
    <section className="card">
      {create.error && <ErrorNotice error={create.error} />}
      <form
        className="form"
        noValidate
        data-testid="customer-form"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate(customerCreateInput(values, { code, pppoe_username: pppoeUsername }));
        }}
      >
        <CustomerFormFields values={values} onChange={setValues} errors={errors} />
        <fieldset className="form-section">
          <legend>{t('customers.form.identifiers')}</legend>
          <p className="muted small">{t('customers.form.identifiers_hint')}</p>
          <div className="form-row">
            <FormField label={t('customers.code')} error={errors.code}>
              {(props) => (
                <input {...props} name="code" autoComplete="off" placeholder={t('customers.form.generated')} value={code} onChange={(e) => setCode(e.target.value)} />
              )}
            </FormField>
            <FormField label={t('customers.pppoe_username')} error={errors.pppoe_username}>
              {(props) => (
                <input
                  {...props}
                  name="pppoe_username"
                  autoComplete="off"
                  placeholder={t('customers.form.generated')}
                  value={pppoeUsername}
                  onChange={(e) => setPppoeUsername(e.target.value)}
                />
              )}
            </FormField>
          </div>
        </fieldset>
        <div className="actions">
          <button type="submit" className="button" disabled={create.isPending || create.isSuccess}>
            {create.isPending ? t('customers.new.submitting') : t('customers.new.submit')}
          </button>
          <Link href="/customers" className="button secondary">
            {t('common.cancel')}
          </Link>
        </div>
      </form>
    </section>
  );
}

export function CustomerCreateView() {
  const t = useTranslations();
  return (
    <>
      <p className="breadcrumb">
        <Link href="/customers">← {t('customers.title')}</Link>
      </p>
      <h1>{t('customers.new.title')}</h1>
      <p className="muted">{t('customers.new.subtitle')}</p>
      <RequirePermission permission="customers.customers.manage">
        <CreateForm />
      </RequirePermission>
    </>
  );
}
