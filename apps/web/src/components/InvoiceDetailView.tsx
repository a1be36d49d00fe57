'use client';
/**
 * One invoice: its amounts and dates, its payments (each voidable with a reason), "Record
 * payment" while something is owed (amount defaults to the outstanding rest), "Void
 * invoice" while it is open and has no payments, the online payment link (Midtrans or Xendit, the
 * payment_gateway feature: "not in your plan" when the ISP lacks it) and a print view.
 * A payment that settles an isolated customer's arrears queues the restore by itself.
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { OPEN_INVOICE_STATUSES } from '@rrnet/contracts';
import type { Feature, Invoice } from '@rrnet/contracts';
import { useFormatter, useLocale, useTranslations } from 'next-intl';
import { Alert } from '@rrnet/ui/Alert';
import { Button, SubmitButton } from '@rrnet/ui/Button';
import { Card, CardContent } from '@rrnet/ui/Card';
import { MutationConfirm } from './MutationConfirm';
import { DescriptionItem, DescriptionList } from '@rrnet/ui/DescriptionList';
import { FieldGroup } from '@rrnet/ui/Field';
import { Form, InputField, SelectField, useServerErrors } from '@rrnet/ui/Form';
import { PageShell } from '@rrnet/ui/PageShell';
import { choices } from '@rrnet/ui/choices';
import { Skeleton } from '@rrnet/ui/Skeleton';
import { cn } from '@rrnet/ui/cn';
import { useZodForm } from '~/hooks/useZodForm';
import { useSessionUser } from '~/hooks/useSessionUser';
import { errorCodeOf, fieldErrorsOf, retryUnlessRefused } from '~/hooks/useTrpcError';
import { discountParts, formatDay, formatDayRange, formatIdr } from '~/lib/billing';
import { RECORD_METHODS, recordPaymentForm } from '~/lib/billing_forms';
import { useTRPC } from '~/trpc/TrpcProvider';
import { CopyableValue } from './CopyButton';
import { ErrorNotice } from './ErrorNotice';
import { InvoiceLinesTable } from './InvoiceLinesTable';
import { NoPermission, NotInPlan } from './NoPermission';
import { PaymentsTable } from './PaymentsTable';
import { InvoiceStatusBadge } from './StatusBadges';
import { DoneNotice } from './DoneNotice';

const isOpen = (invoice: Invoice) => (OPEN_INVOICE_STATUSES as readonly string[]).includes(invoice.status);

function useBillingMeta() {
  const trpc = useTRPC();
  // invoice, lists, payments, arrears, summary; the customer's status follows via the worker
  return { invalidates: [trpc.billing.pathKey(), trpc.isolir.pathKey()] };
}

function Amounts({ invoice }: { invoice: Invoice }) {
  const t = useTranslations('invoices');
  const locale = useLocale();
  const idr = (amount: number) => formatIdr(amount, locale);
  const discount = discountParts(invoice);
  const row = 'flex items-baseline justify-between gap-4 py-1';
  return (
    <dl className="m-0 grid min-w-0 content-start rounded-lg bg-muted/60 p-4 text-sm tabular-nums" data-testid="invoice-amounts">
      <div className={row}>
        <dt className="text-muted-foreground">{t('subtotal')}</dt>
        <dd className="m-0">{idr(invoice.subtotal)}</dd>
      </div>
      {discount.credits > 0 && (
        <div className={row}>
          <dt className="text-muted-foreground">{t('outage_credit')}</dt>
          <dd className="m-0" data-testid="invoice-outage-credit">
            {formatIdr(discount.credits, locale, { credit: true })}
          </dd>
        </div>
      )}
      {discount.monthly > 0 && (
        <div className={row}>
          <dt className="text-muted-foreground">{t('discount')}</dt>
          <dd className="m-0">{formatIdr(discount.monthly, locale, { credit: true })}</dd>
        </div>
      )}
      <div className={row}>
        <dt className="text-muted-foreground">{t('tax')}</dt>
        <dd className="m-0">{idr(invoice.tax)}</dd>
      </div>
      <div className={cn(row, 'border-t pt-2 font-semibold')}>
        <dt>{t('total')}</dt>
        <dd className="m-0" data-testid="invoice-total">
          {idr(invoice.total)}
        </dd>
      </div>
      <div className={row}>
        <dt className="text-muted-foreground">{t('paid')}</dt>
        <dd className="m-0" data-testid="invoice-paid">
          {idr(invoice.paid_amount)}
        </dd>
      </div>
      <div className={cn(row, 'border-t pt-2 text-base font-semibold')}>
        <dt>{t('outstanding')}</dt>
        <dd className={cn('m-0', invoice.outstanding > 0 && 'text-destructive')} data-testid="invoice-outstanding" data-amount={invoice.outstanding}>
          {idr(invoice.outstanding)}
        </dd>
      </div>
    </dl>
  );
}

function Overview({ invoice }: { invoice: Invoice }) {
  const t = useTranslations('invoices');
  const locale = useLocale();
  const format = useFormatter();
  const at = (value: Date | string) => format.dateTime(new Date(value), 'datetime');
  return (
    <Card titleId="invoice-overview-title" data-testid="invoice-overview" title={t('detail.overview')} action={<InvoiceStatusBadge status={invoice.status} />}>
      <CardContent className="grid gap-5">
        <div className="grid gap-5 md:grid-cols-[1fr_minmax(16rem,22rem)]">
          <DescriptionList data-testid="invoice-facts">
            <DescriptionItem term={t('customer')}>
              <Link href={`/customers/${invoice.customer_id}`} data-testid="invoice-customer" className="font-medium text-primary hover:underline">
                {invoice.customer_name}
              </Link>{' '}
              <code className="text-muted-foreground">{invoice.customer_code}</code>
            </DescriptionItem>
            <DescriptionItem term={t('period')}>{formatDayRange(invoice.period_start, invoice.period_end, locale)}</DescriptionItem>
            <DescriptionItem term={t('issued_at')}>{at(invoice.issued_at)}</DescriptionItem>
            <DescriptionItem term={t('due_date')}>
              <span data-testid="invoice-due-date">{formatDay(invoice.due_date, locale)}</span>
            </DescriptionItem>
            {invoice.paid_at && <DescriptionItem term={t('paid_at')}>{at(invoice.paid_at)}</DescriptionItem>}
            {invoice.voided_at && (
              <>
                <DescriptionItem term={t('voided_at')}>{at(invoice.voided_at)}</DescriptionItem>
                <DescriptionItem term={t('void_reason')}>
                  <span data-testid="invoice-void-reason">{invoice.void_reason}</span>
                </DescriptionItem>
              </>
            )}
          </DescriptionList>
          <Amounts invoice={invoice} />
        </div>
        <InvoiceLinesTable invoice={invoice} testId="invoice-lines" />
      </CardContent>
    </Card>
  );
}


function RecordPayment({ invoice, onRecorded }: { invoice: Invoice; onRecorded: (message: string) => void }) {
  const t = useTranslations('payments');
  const tc = useTranslations('common');
  const format = useFormatter();
  const trpc = useTRPC();
  const meta = useBillingMeta();
  const form = useZodForm(recordPaymentForm, { defaultValues: { amount: String(invoice.outstanding), method: 'cash', receipt_number: '' } });
  const record = useMutation(
    trpc.billing.payments.record.mutationOptions({
      meta,
      onSuccess: (p) => onRecorded(t(p.amount === invoice.outstanding ? 'recorded_settled' : 'recorded', { amount: format.number(p.amount, 'idr'), receipt: p.receipt_number })),
    }),
  );
  const unclaimed = useServerErrors(form, fieldErrorsOf(record.error));
  return (
    <Card titleId="record-payment-title" data-testid="record-payment" title={t('record.title')} description={t('record.hint', { amount: format.number(invoice.outstanding, 'idr') })}>
      <CardContent className="grid gap-4">
        {record.error && Object.keys(fieldErrorsOf(record.error)).length === Object.keys(unclaimed).length && <ErrorNotice error={record.error} />}
        <Form
          form={form}
          onSubmit={(values) => record.mutate({ invoice_id: invoice.id, amount: values.amount, method: values.method, ...(values.receipt_number ? { receipt_number: values.receipt_number } : {}) })}
        >
          <FieldGroup cols={3}>
            <InputField name="amount" label={t('amount_rp')} inputMode="numeric" autoComplete="off" />
            <SelectField name="method" label={t('method.label')} options={choices(RECORD_METHODS, (m) => t(`method.${m}`))} />
            <InputField name="receipt_number" label={t('receipt_optional')} autoComplete="off" placeholder={t('receipt_placeholder')} />
          </FieldGroup>
          <div>
            <SubmitButton pending={record.isPending} pendingLabel={tc('saving')}>
              {t('record.submit')}
            </SubmitButton>
          </div>
        </Form>
      </CardContent>
    </Card>
  );
}

function VoidInvoice({ invoice }: { invoice: Invoice }) {
  const t = useTranslations('invoices.void');
  const tc = useTranslations('common');
  const meta = useBillingMeta();
  const trpc = useTRPC();
  const [confirming, setConfirming] = useState(false);
  const voidInvoice = useMutation(trpc.billing.invoices.void.mutationOptions({ meta, onSuccess: () => setConfirming(false) }));
  return (
    <div className="grid gap-2" data-testid="void-invoice">
      <div>
        <Button variant="secondary" className="text-destructive" onClick={() => setConfirming(true)}>
          {t('label')}
        </Button>
      </div>
      <p className="m-0 text-sm text-muted-foreground">{t('hint')}</p>
      <MutationConfirm
        open={confirming}
        mutation={voidInvoice}
        onClose={() => setConfirming(false)}
        danger
        title={t('label')}
        description={t('confirm', { number: invoice.number, name: invoice.customer_name })}
        confirmLabel={t('confirm_button')}
        reasonLabel={tc('reason')}
        onConfirm={(reason) => voidInvoice.mutate({ id: invoice.id, reason })}
      />
    </div>
  );
}

function PaymentLink({ invoice, features }: { invoice: Invoice; features: readonly Feature[] | null }) {
  const t = useTranslations('invoices.payment_link');
  const tc = useTranslations('common');
  const trpc = useTRPC();
  const link = useMutation(trpc.billing.invoices.paymentLink.mutationOptions());
  // known up front from the plan (null: unknown, the API's refusal says it instead)
  if ((features && !features.includes('payment_gateway')) || errorCodeOf(link.error) === 'FEATURE_DISABLED') {
    return (
      <div data-testid="payment-link">
        <NotInPlan title={t('not_in_plan.title')} text={t('not_in_plan.text')} />
      </div>
    );
  }
  return (
    <Card titleId="payment-link-title" data-testid="payment-link" title={t('title')} description={t('hint')}>
      <CardContent className="grid gap-3">
        {link.data ? (
          <Alert tone="success" role="status">
            <p className="mb-1 text-sm" data-testid="payment-link-gateway" data-gateway={link.data.gateway}>
              {t('via', { gateway: t(`gateway.${link.data.gateway}`) })}
            </p>
            <CopyableValue value={link.data.redirect_url}>
              <a href={link.data.redirect_url} target="_blank" rel="noreferrer" className="break-all" data-testid="payment-link-url">
                {link.data.redirect_url}
              </a>
            </CopyableValue>
          </Alert>
        ) : (
          <div>
            <Button variant="secondary" disabled={link.isPending} onClick={() => link.mutate({ id: invoice.id })}>
              {link.isPending ? tc('loading') : t('create')}
            </Button>
          </div>
        )}
        {link.error && <ErrorNotice error={link.error} onDismiss={() => link.reset()} />}
      </CardContent>
    </Card>
  );
}

function InvoiceContent({ invoice, features }: { invoice: Invoice; features: readonly Feature[] | null }) {
  const t = useTranslations();
  const trpc = useTRPC();
  const { can } = useSessionUser();
  const payments = useQuery({
    // an invoice's payments (partial ones included) fit on one page
    ...trpc.billing.payments.list.queryOptions({ invoice_id: invoice.id, limit: 200 }),
    select: (page) => page.items,
    enabled: can('billing.payments.read'),
    retry: retryUnlessRefused,
  });
  const [notice, setNotice] = useState<string | null>(null);
  const open = isOpen(invoice);
  return (
    <>
      <DoneNotice data-testid="payment-recorded" onDismiss={() => setNotice(null)}>{notice}</DoneNotice>
      <Overview invoice={invoice} />
      {open && invoice.outstanding > 0 && can('billing.payments.record') && <RecordPayment key={`${invoice.outstanding}`} invoice={invoice} onRecorded={setNotice} />}
      {can('billing.payments.read') && (
        <Card titleId="invoice-payments-title" title={payments.data ? t('invoices.detail.payments', { count: payments.data.length }) : t('payments.title')}>
          <CardContent className="grid gap-3">
            {payments.isError && <ErrorNotice error={payments.error} />}
            <PaymentsTable payments={payments.data} showInvoice={false} status={payments} empty={t('invoices.detail.no_payments')} />
          </CardContent>
        </Card>
      )}
      {open && can('billing.invoices.manage') && <PaymentLink invoice={invoice} features={features} />}
      {open && can('billing.invoices.manage') && (
        <Card titleId="invoice-actions-title" title={t('invoices.detail.actions')}>
          <CardContent>{invoice.paid_amount > 0 ? <p className="m-0 text-sm text-muted-foreground">{t('invoices.void.has_payments')}</p> : <VoidInvoice invoice={invoice} />}</CardContent>
        </Card>
      )}
    </>
  );
}

export function InvoiceDetailView({ id, features }: { id: string; features: readonly Feature[] | null }) {
  const t = useTranslations('invoices');
  const trpc = useTRPC();
  const { can } = useSessionUser();
  const allowed = can('billing.invoices.read');
  const detail = useQuery({ ...trpc.billing.invoices.get.queryOptions({ id }), enabled: allowed, retry: retryUnlessRefused });
  const invoice = detail.data;
  return (
    <PageShell
      breadcrumb={<Link href="/billing/invoices">← {t('title')}</Link>}
      title={invoice ? <span data-testid="invoice-number">{t('detail.heading', { number: invoice.number })}</span> : t('detail.title')}
      subtitle={invoice && t('detail.subtitle', { name: invoice.customer_name })}
      actions={
        invoice && (
          <Button variant="secondary" asChild>
            <Link href={`/billing/invoices/${invoice.id}/print`} data-testid="print-link">
              {t('print')}
            </Link>
          </Button>
        )
      }
      allowed={allowed}
      denied={<NoPermission />}
    >
      {invoice ? <InvoiceContent invoice={invoice} features={features} /> : detail.isError ? <ErrorNotice error={detail.error} page /> : <Skeleton className="h-96" />}
    </PageShell>
  );
}
