'use client';
/**
 * A new customer: contact, plan, router and ODP, billing day, position. Code and PPPoE
 * username may be left blank (the API generates them); when a router is chosen the API
 * creates the PPPoE secret on it. Checked in the browser with the contracts' schema; what
 * only the server knows (a taken code or username) lands on its field. On success the
 * customer's page opens.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { Button, SubmitButton } from '@rrnet/ui/Button';
import { Card, CardContent } from '@rrnet/ui/Card';
import { FieldDescription, FieldGroup, FieldLegend, FieldSet } from '@rrnet/ui/Field';
import { Form, FormField, useServerErrors } from '@rrnet/ui/Form';
import { Input } from '@rrnet/ui/Input';
import { PageShell } from '@rrnet/ui/PageShell';
import { useZodForm } from '~/hooks/useZodForm';
import { useSessionUser } from '~/hooks/useSessionUser';
import { fieldErrorsOf } from '~/hooks/useTrpcError';
import { EMPTY_CUSTOMER, customerCreateForm } from '~/lib/customer_form';
import { useTRPC } from '~/trpc/TrpcProvider';
import { CustomerFormFields } from './CustomerFormFields';
import { ErrorNotice } from './ErrorNotice';
import { NoPermission } from './NoPermission';

function CreateForm() {
  const t = useTranslations();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const navigation = useRouter();
  const form = useZodForm(customerCreateForm, { defaultValues: EMPTY_CUSTOMER });
  const create = useMutation(
    trpc.customers.customers.create.mutationOptions({
      onSuccess: async (customer) => {
        await queryClient.invalidateQueries({ queryKey: trpc.customers.customers.list.pathKey() });
        navigation.push(`/customers/${customer.id}?created=1`);
      },
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
              <FormField name="code" label={t('customers.code')}>
                {(field) => <Input autoComplete="off" placeholder={t('customers.form.generated')} {...field} />}
              </FormField>
              <FormField name="pppoe_username" label={t('customers.pppoe_username')}>
                {(field) => <Input autoComplete="off" placeholder={t('customers.form.generated')} {...field} />}
              </FormField>
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

export function CustomerCreateView() {
  const t = useTranslations('customers');
  const { can } = useSessionUser();
  return (
    <PageShell
      title={t('new.title')}
      subtitle={t('new.subtitle')}
      breadcrumb={<Link href="/customers">← {t('title')}</Link>}
      allowed={can('customers.customers.manage')}
      denied={<NoPermission />}
    >
      <CreateForm />
    </PageShell>
  );
}
