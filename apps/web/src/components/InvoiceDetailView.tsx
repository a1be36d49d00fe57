'use client';
/**
 * One invoice: its amounts and dates, its payments (each voidable with a reason), "Record
 * payment" while something is owed (amount defaults to the outstanding rest), "Void
 * invoice" while it is open and has no payments, the online payment link (Midtrans, the
 * payment_gateway feature: "not in your plan" when the ISP lacks it) and a print view.
 * A payment that settles an isolated customer's arrears queues the restore by itself.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { OPEN_INVOICE_STATUSES, formatIdr } from '@rrnet/contracts';
import type { Feature, Invoice } from '@rrnet/contracts';
import { useSessionUser } from '~/hooks/useSessionUser';
import { useFormatter, useLocale, useTranslations } from 'next-intl';
import { Card, CardAction, CardContent, CardHeader, CardTitle } from '@rrnet/ui/Card';
import { DescriptionItem, DescriptionList } from '@rrnet/ui/DescriptionList';
import { cn } from '@rrnet/ui/cn';
import { errorCodeOf, fieldErrorsOf, retryUnlessRefused } from '~/hooks/useTrpcError';
import { blankToNull } from '~/lib/form_values';
import { formatDay, formatDayRange, parseRupiah } from '~/lib/billing';
import { useTRPC } from '~/trpc/TrpcProvider';
import { ConfirmPanel } from './ConfirmPanel';
import { CopyButton } from './CopyButton';
import { ErrorNotice } from './ErrorNotice';
import { FormField } from './FormField';
import { InvoiceLinesTable } from './InvoiceLinesTable';
import { NoPermission, NotInPlan } from './NoPermission';
import { PaymentsTable } from './PaymentsTable';
import { InvoiceStatusBadge } from './StatusBadges';

type RecordMethod = 'cash' | 'bank_transfer';
const RECORD_METHODS: RecordMethod[] = ['cash', 'bank_transfer'];

const isOpen = (invoice: Invoice) => (OPEN_INVOICE_STATUSES as readonly string[]).includes(invoice.status);

function useRefreshBilling() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return async () => {
    // invoice, lists, payments, arrears, summary; the customer's status follows via the worker
    await queryClient.invalidateQueries({ queryKey: trpc.billing.pathKey() });
    await queryClient.invalidateQueries({ queryKey: trpc.isolir.pathKey() });
  };
}

function Amounts({ invoice }: { invoice: Invoice }) {
  const t = useTranslations('invoices');
  const format = useFormatter();
  const idr = (amount: number) => format.number(amount, 'idr');
  const row = 'flex items-baseline justify-between gap-4 py-1';
  return (
    <dl className="m-0 grid min-w-0 content-start rounded-lg bg-muted/60 p-4 text-sm tabular-nums" data-testid="invoice-amounts">
      <div className={row}>
        <dt className="text-muted-foreground">{t('subtotal')}</dt>
        <dd className="m-0">{idr(invoice.subtotal)}</dd>
      </div>
      {invoice.discount > 0 && (
        <div className={row}>
          <dt className="text-muted-foreground">{t('discount')}</dt>
          <dd className="m-0">−{idr(invoice.discount)}</dd>
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
    <Card aria-labelledby="invoice-overview-title" data-testid="invoice-overview">
      <CardHeader>
        <CardTitle id="invoice-overview-title">{t('detail.overview')}</CardTitle>
        <CardAction>
          <InvoiceStatusBadge status={invoice.status} />
        </CardAction>
      </CardHeader>
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
        <InvoiceLinesTable invoice={invoice} className="invoice-lines" testId="invoice-lines" />
      </CardContent>
    </Card>
  );
}

function RecordPayment({ invoice, onRecorded }: { invoice: Invoice; onRecorded: (message: string) => void }) {
  const t = useTranslations();
  const locale = useLocale();
  const trpc = useTRPC();
  const refresh = useRefreshBilling();
  const [amount, setAmount] = useState(String(invoice.outstanding));
  const [method, setMethod] = useState<RecordMethod>('cash');
  const [receipt, setReceipt] = useState('');
  const record = useMutation(
    trpc.billing.payments.record.mutationOptions({
      onSuccess: async (p) => {
        onRecorded(
          t(p.amount === invoice.outstanding ? 'payments.recorded_settled' : 'payments.recorded', {
            amount: formatIdr(p.amount, locale),
            receipt: p.receipt_number,
          }),
        );
        await refresh();
      },
    }),
  );
  const fields = fieldErrorsOf(record.error);
  return (
    <section className="card" aria-labelledby="record-payment-title" data-testid="record-payment">
      <div className="card-header">
        <h2 id="record-payment-title">{t('payments.record.title')}</h2>
      </div>
      {record.error && !fields.amount && !fields.receipt_number && <ErrorNotice error={record.error} />}
      <form
        className="form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          const receiptNumber = blankToNull(receipt);
          record.mutate({ invoice_id: invoice.id, amount: parseRupiah(amount), method, ...(receiptNumber ? { receipt_number: receiptNumber } : {}) });
        }}
      >
        <div className="form-row">
          <FormField label={t('payments.amount_rp')} error={fields.amount}>
            {(props) => <input {...props} name="amount" inputMode="numeric" autoComplete="off" value={amount} onChange={(e) => setAmount(e.target.value)} />}
          </FormField>
          <FormField label={t('payments.method.label')} error={fields.method}>
            {(props) => (
              <select {...props} name="method" value={method} onChange={(e) => setMethod(e.target.value as RecordMethod)}>
                {RECORD_METHODS.map((m) => (
                  <option key={m} value={m}>
                    {t(`payments.method.${m}`)}
                  </option>
                ))}
              </select>
            )}
          </FormField>
          <FormField label={t('payments.receipt_optional')} error={fields.receipt_number}>
            {(props) => (
              <input
                {...props}
                name="receipt_number"
                autoComplete="off"
                placeholder={t('payments.receipt_placeholder')}
                value={receipt}
                onChange={(e) => setReceipt(e.target.value)}
              />
            )}
          </FormField>
        </div>
        <p className="muted small">{t('payments.record.hint', { amount: formatIdr(invoice.outstanding, locale) })}</p>
        <div className="actions">
          <button type="submit" className="button" disabled={record.isPending}>
            {record.isPending ? t('common.saving') : t('payments.record.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}

function VoidInvoice({ invoice }: { invoice: Invoice }) {
  const t = useTranslations();
  const trpc = useTRPC();
  const refresh = useRefreshBilling();
  const [confirming, setConfirming] = useState(false);
  const voidInvoice = useMutation(
    trpc.billing.invoices.void.mutationOptions({
      onSuccess: async () => {
        setConfirming(false);
        await refresh();
      },
    }),
  );
  return (
    <div className="danger-zone" data-testid="void-invoice">
      {confirming ? (
        <ConfirmPanel
          danger
          withReason
          question={t('invoices.void.confirm', { number: invoice.number, name: invoice.customer_name })}
          confirmLabel={t('invoices.void.confirm_button')}
          busyLabel={t('common.saving')}
          busy={voidInvoice.isPending}
          errors={fieldErrorsOf(voidInvoice.error)}
          onConfirm={(reason) => voidInvoice.mutate({ id: invoice.id, reason })}
          onCancel={() => {
            setConfirming(false);
            voidInvoice.reset();
          }}
        />
      ) : (
        <>
          <button type="button" className="button secondary danger-text" onClick={() => setConfirming(true)}>
            {t('invoices.void.label')}
          </button>
          <p className="muted">{t('invoices.void.hint')}</p>
        </>
      )}
      {voidInvoice.error && !fieldErrorsOf(voidInvoice.error).reason && <ErrorNotice error={voidInvoice.error} />}
    </div>
  );
}

function PaymentLink({ invoice, features }: { invoice: Invoice; features: readonly Feature[] | null }) {
  const t = useTranslations();
  const trpc = useTRPC();
  const link = useMutation(trpc.billing.invoices.paymentLink.mutationOptions());
  // known up front from the plan (null: unknown, the API's refusal says it instead)
  if ((features && !features.includes('payment_gateway')) || errorCodeOf(link.error) === 'FEATURE_DISABLED') {
    return (
      <div data-testid="payment-link">
        <NotInPlan title={t('invoices.payment_link.not_in_plan.title')} text={t('invoices.payment_link.not_in_plan.text')} />
      </div>
    );
  }
  return (
    <section className="card" aria-labelledby="payment-link-title" data-testid="payment-link">
      <div className="card-header">
        <h2 id="payment-link-title">{t('invoices.payment_link.title')}</h2>
      </div>
      <p className="muted small">{t('invoices.payment_link.hint')}</p>
      {link.data ? (
        <div className="alert ok" role="status">
          <div className="secret">
            <a href={link.data.redirect_url} target="_blank" rel="noreferrer" data-testid="payment-link-url">
              {link.data.redirect_url}
            </a>
            <CopyButton value={link.data.redirect_url} />
          </div>
        </div>
      ) : (
        <button type="button" className="button secondary" disabled={link.isPending} onClick={() => link.mutate({ id: invoice.id })}>
          {link.isPending ? t('common.loading') : t('invoices.payment_link.create')}
        </button>
      )}
      {link.error && <ErrorNotice error={link.error} onDismiss={() => link.reset()} />}
    </section>
  );
}

function InvoiceContent({ id, features }: { id: string; features: readonly Feature[] | null }) {
  const t = useTranslations();
  const trpc = useTRPC();
  const { can } = useSessionUser();
  const detail = useQuery({ ...trpc.billing.invoices.get.queryOptions({ id }), retry: retryUnlessRefused });
  const payments = useQuery({
    // an invoice's payments (partial ones included) fit on one page
    ...trpc.billing.payments.list.queryOptions({ invoice_id: id, limit: 200 }),
    select: (page) => page.items,
    enabled: can('billing.payments.read') && !!detail.data,
    retry: retryUnlessRefused,
  });
  const [notice, setNotice] = useState<string | null>(null);

  if (!detail.data) {
    return (
      <>
        <h1>{t('invoices.detail.title')}</h1>
        {detail.isPending && <p className="muted">{t('common.loading')}</p>}
        {detail.isError && <ErrorNotice error={detail.error} page />}
      </>
    );
  }
  const invoice = detail.data;
  const open = isOpen(invoice);
  return (
    <>
      <div className="page-header">
        <div>
          <h1 data-testid="invoice-number">{t('invoices.detail.heading', { number: invoice.number })}</h1>
          <p className="muted">{t('invoices.detail.subtitle', { name: invoice.customer_name })}</p>
        </div>
        <div className="actions">
          <Link href={`/billing/invoices/${invoice.id}/print`} className="button secondary" data-testid="print-link">
            {t('invoices.print')}
          </Link>
        </div>
      </div>
      {notice && (
        <div className="alert ok" role="status" data-testid="payment-recorded">
          <p>{notice}</p>
          <button type="button" className="link-button" onClick={() => setNotice(null)}>
            {t('common.close')}
          </button>
        </div>
      )}
      <Overview invoice={invoice} />
      {open && invoice.outstanding > 0 && can('billing.payments.record') && (
        <RecordPayment key={`${invoice.outstanding}`} invoice={invoice} onRecorded={setNotice} />
      )}
      {can('billing.payments.read') && (
        <section className="card" aria-labelledby="invoice-payments-title">
          <div className="card-header">
            <h2 id="invoice-payments-title">{payments.data ? t('invoices.detail.payments', { count: payments.data.length }) : t('payments.title')}</h2>
          </div>
          {payments.isPending && <p className="muted">{t('common.loading')}</p>}
          {payments.isError && <ErrorNotice error={payments.error} />}
          {payments.data && payments.data.length === 0 && <p className="empty-state">{t('invoices.detail.no_payments')}</p>}
          {payments.data && payments.data.length > 0 && <PaymentsTable payments={payments.data} showInvoice={false} />}
        </section>
      )}
      {open && can('billing.invoices.manage') && <PaymentLink invoice={invoice} features={features} />}
      {open && can('billing.invoices.manage') && (
        <section className="card" aria-labelledby="invoice-actions-title">
          <div className="card-header">
            <h2 id="invoice-actions-title">{t('invoices.detail.actions')}</h2>
          </div>
          {invoice.paid_amount > 0 ? <p className="muted">{t('invoices.void.has_payments')}</p> : <VoidInvoice invoice={invoice} />}
        </section>
      )}
    </>
  );
}

export function InvoiceDetailView({ id, features }: { id: string; features: readonly Feature[] | null }) {
  const t = useTranslations();
  const { can } = useSessionUser();
  return (
    <>
      <p className="breadcrumb">
        <Link href="/billing/invoices">← {t('invoices.title')}</Link>
      </p>
      {can('billing.invoices.read') ? (
        <InvoiceContent id={id} features={features} />
      ) : (
        <>
          <h1>{t('invoices.detail.title')}</h1>
          <NoPermission />
        </>
      )}
    </>
  );
}
