'use client';
/**
 * The platform's SaaS invoices across ISPs: filter by status and billed month, run the
 * month's billing by hand (the hourly job does it anyway; the run is idempotent), and on
 * the invoice picked, record a payment (bank transfer or cash with its reference).
 * Super admins only; every action is audited by the API.
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import { useFormatter, useTranslations } from 'next-intl';
import { useState } from 'react';
import { saasPaymentRecordInput } from '@rrnet/contracts';
import type { SaasInvoice } from '@rrnet/contracts';
import { Button, SubmitButton } from '@rrnet/ui/Button';
import { Card, CardContent } from '@rrnet/ui/Card';
import { MutationConfirm } from './MutationConfirm';
import { Field, FieldGroup, FieldLabel } from '@rrnet/ui/Field';
import { FilterBar, FilterSelect } from '@rrnet/ui/FilterBar';
import { Form, InputField, SelectField, useServerErrors } from '@rrnet/ui/Form';
import { Input } from '@rrnet/ui/Input';
import { choices } from '@rrnet/ui/choices';
import { useZodForm } from '~/hooks/useZodForm';
import { fieldErrorsOf, retryUnlessRefused } from '~/hooks/useTrpcError';
import { useTRPC } from '~/trpc/TrpcProvider';
import { ErrorNotice } from './ErrorNotice';
import { SaasInvoiceCard } from './SaasInvoiceCard';
import { SaasInvoicesTable } from './SubscriptionView';
import { DoneNotice } from './DoneNotice';
import { PickOneCard } from './PickOneCard';

const STATUSES = ['open', 'paid', 'void'] as const;
type Status = (typeof STATUSES)[number];
const LIST_LIMIT = 200;
const paymentForm = saasPaymentRecordInput.pick({ method: true, reference: true });
const METHODS = paymentForm.shape.method.options;

function RecordSaasPayment({ invoice, onRecorded }: { invoice: SaasInvoice; onRecorded: (message: string) => void }) {
  const t = useTranslations('saas');
  const tc = useTranslations('common');
  const format = useFormatter();
  const trpc = useTRPC();
  const form = useZodForm(paymentForm, { defaultValues: { method: 'bank_transfer', reference: '' } });
  const record = useMutation(
    trpc.platform.saas.recordPayment.mutationOptions({
      meta: { invalidates: [trpc.platform.saas.pathKey()] },
      onSuccess: (i) => onRecorded(t('payment_recorded', { number: i.number, amount: format.number(i.total, 'idr') })),
    }),
  );
  const unclaimed = useServerErrors(form, fieldErrorsOf(record.error));
  return (
    <div className="grid gap-3 border-t pt-4" data-testid="record-saas-payment">
      <h3 className="m-0 text-sm font-semibold">{t('record_payment')}</h3>
      {record.error && Object.keys(fieldErrorsOf(record.error)).length === Object.keys(unclaimed).length && <ErrorNotice error={record.error} />}
      <Form form={form} onSubmit={(values) => record.mutate({ id: invoice.id, ...values })}>
        <FieldGroup cols={2}>
          <SelectField name="method" label={t('method.label')} options={choices(METHODS, (m) => t(`method.${m}`))} />
          <InputField name="reference" label={t('reference')} autoComplete="off" placeholder={t('reference_placeholder')} />
        </FieldGroup>
        <div>
          <SubmitButton pending={record.isPending} pendingLabel={tc('saving')}>
            {t('record_submit', { amount: format.number(invoice.total, 'idr') })}
          </SubmitButton>
        </div>
      </Form>
    </div>
  );
}

function RunBilling({ onDone }: { onDone: (message: string) => void }) {
  const t = useTranslations('saas');
  const format = useFormatter();
  const trpc = useTRPC();
  const [open, setOpen] = useState(false);
  const run = useMutation(
    trpc.platform.saas.run.mutationOptions({
      meta: { invalidates: [trpc.platform.saas.pathKey()] },
      onSuccess: (r) => {
        setOpen(false);
        onDone(t('run_done', { count: r.created, month: r.month, total: format.number(r.total, 'idr') }));
      },
    }),
  );
  return (
    <>
      <Button variant="secondary" onClick={() => setOpen(true)} data-testid="saas-run-billing">
        {t('run')}
      </Button>
      <MutationConfirm
        open={open}
        mutation={run}
        onClose={() => setOpen(false)}
        title={t('run')}
        description={t('run_confirm')}
        confirmLabel={t('run_confirm_button')}
        busyLabel={t('running')}
        onConfirm={() => run.mutate({})}
      />
    </>
  );
}

export function SaasInvoicesView() {
  const t = useTranslations('saas');
  const trpc = useTRPC();
  const [status, setStatus] = useState<Status | ''>('');
  const [monthDraft, setMonthDraft] = useState('');
  const [month, setMonth] = useState('');
  const [selected, setSelected] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const list = useQuery({
    ...trpc.platform.saas.invoices.queryOptions({ ...(status ? { status } : {}), ...(month ? { period: month } : {}), limit: LIST_LIMIT }),
    retry: retryUnlessRefused,
  });
  const picked = list.data?.find((i) => i.id === selected) ?? null;
  if (list.isError && !list.data) return <ErrorNotice error={list.error} page />;
  return (
    <>
      <FilterBar
        label={t('filter.label')}
        onSubmit={() => setMonth(/^\d{4}-\d{2}$/.test(monthDraft) ? monthDraft : '')}
        applyLabel={t('filter.apply')}
        resetLabel={t('filter.reset')}
        resetDisabled={!status && !month && !monthDraft}
        onReset={() => {
          setStatus('');
          setMonth('');
          setMonthDraft('');
        }}
      >
        <FilterSelect
          id="saas-invoices-status"
          name="status"
          label={t('status.label')}
          all={t('filter.all')}
          value={status}
          options={choices(STATUSES, (s) => t(`status.${s}`))}
          onChange={(v) => setStatus(v as Status | '')}
        />
        <Field>
          <FieldLabel htmlFor="saas-invoices-month">{t('filter.month')}</FieldLabel>
          <Input id="saas-invoices-month" name="month" type="month" value={monthDraft} onChange={(e) => setMonthDraft(e.target.value)} />
        </Field>
      </FilterBar>

      <DoneNotice data-testid="saas-notice" onDismiss={() => setNotice(null)}>{notice}</DoneNotice>

      <div className="grid min-w-0 items-start gap-4 2xl:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <Card titleId="platform-saas-invoices-title" title={list.data ? t('count', { count: list.data.length }) : t('invoices_title')} action={<RunBilling onDone={setNotice} />}>
          <CardContent>
            <SaasInvoicesTable list={list} selected={selected} onSelect={setSelected} showTenant />
          </CardContent>
        </Card>
        {picked ? (
          <SaasInvoiceCard key={picked.id} invoice={picked} showTenant>
            {picked.status === 'open' && <RecordSaasPayment invoice={picked} onRecorded={setNotice} />}
          </SaasInvoiceCard>
        ) : (
          <PickOneCard>{t('select_hint')}</PickOneCard>
        )}
      </div>
    </>
  );
}
