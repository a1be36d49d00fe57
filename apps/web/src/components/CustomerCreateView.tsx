'use client';
/**
 * A new customer: contact, plan, router and ODP, billing day, position. Code and PPPoE
 * username may be left blank (the API generates them); when a router is chosen the API
 * creates the PPPoE secret on it. Checked in the browser with the contracts' schema; what
 * only the server knows (a taken code or username) lands on its field. On success the
 * customer's page opens.
 */
import { useMutation } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { Button, SubmitButton } from '@rrnet/ui/Button';
import { Card, CardContent } from '@rrnet/ui/Card';
import { FieldDescription, FieldGroup, FieldLegend, FieldSet } from '@rrnet/ui/Field';
import { Form, InputField, useServerErrors } from '@rrnet/ui/Form';
import { useZodForm } from '~/hooks/useZodForm';
import { fieldErrorsOf } from '~/hooks/useTrpcError';
import { EMPTY_CUSTOMER, customerCreateForm } from '~/lib/customer_form';
import { useTRPC } from '~/trpc/TrpcProvider';
import { CustomerFormFields } from './CustomerFormFields';
import { ErrorNotice } from './ErrorNotice';

export function CustomerCreateView() {
  const t = useTranslations();
  const trpc = useTRPC();
  const navigation = useRouter();
  const form = useZodForm(customerCreateForm, { defaultValues: EMPTY_CUSTOMER });
  const create = useMutation(
    trpc.customers.customers.create.mutationOptions({
      meta: { invalidates: [trpc.customers.customers.list.pathKey()] },
      onSuccess: (customer) => navigation.push(`/customers/${customer.id}?created=1`),
    }),
  );
  useServerErrors(form, fieldErrorsOf(create.error));
  return (
    <Card>
      <CardContent>
        <Form form={form} data-testid="customer-form" onSubmit={(input) => create.mutate(input)}>
          {create.error && <ErrorNotice error={create.error} />}
          <CustomerFormFields />
          <FieldSet>
            <FieldLegend>{t('customers.form.identifiers')}</FieldLegend>
            <FieldDescription>{t('customers.form.identifiers_hint')}</FieldDescription>
            <FieldGroup>
              <InputField name="code" label={t('customers.code')} autoComplete="off" placeholder={t('customers.form.generated')} />
              <InputField name="pppoe_username" label={t('customers.pppoe_username')} autoComplete="off" placeholder={t('customers.form.generated')} />
            </FieldGroup>
          </FieldSet>
          <div className="flex flex-wrap gap-2">
            <SubmitButton pending={create.isPending} pendingLabel={t('customers.new.submitting')} disabled={create.isSuccess}>
              {t('customers.new.submit')}
            </SubmitButton>
            <Button variant="secondary" asChild>
              <Link href="/customers">{t('common.cancel')}</Link>
            </Button>
          </div>
        </Form>
      </CardContent>
    </Card>
  );
}
