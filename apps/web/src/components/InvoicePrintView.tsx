'use client';
/**
 * A printable invoice, outside the app shell: the ISP's letterhead (its logo, company name, address
 * and phone from the settings when the role may read them, else the ISP's name), the
 * customer, the period, the lines and totals, the due date. On paper (A4, globals.css)
 * only the sheet is printed: the toolbar is hidden and the sheet loses its frame.
 */
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useFormatter, useLocale, useTranslations } from 'next-intl';
import type { Customer, Invoice, Settings } from '@rrnet/contracts';
import { Button } from '@rrnet/ui/Button';
import { Skeleton } from '@rrnet/ui/Skeleton';
import { useSessionUser } from '~/hooks/useSessionUser';
import { retryUnlessRefused } from '~/hooks/useTrpcError';
import { formatDay, formatDayRange } from '~/lib/billing';
import { useTRPC } from '~/trpc/TrpcProvider';
import { ErrorNotice } from './ErrorNotice';
import { IspLogo } from './IspLogo';
import { InvoiceLinesTable, InvoiceTotals } from './InvoiceLinesTable';
import { NoPermission } from './NoPermission';
import { InvoiceStatusBadge } from './StatusBadges';

function Letterhead({ settings, fallbackName, logoUrl }: { settings: Settings | undefined; fallbackName: string | null; logoUrl: string | null }) {
  return (
    <div className="flex items-start gap-3">
      {/* the ISP's logo when it has one; without, the name alone heads the sheet */}
      {logoUrl && <IspLogo name={settings?.company_name ?? fallbackName ?? ''} url={logoUrl} className="size-14 rounded-md" />}
      <div className="grid text-sm leading-relaxed" data-testid="print-company">
        <div className="text-xl font-bold text-primary print:text-foreground">{settings?.company_name ?? fallbackName ?? ''}</div>
        {settings?.company_address && <div>{settings.company_address}</div>}
        {settings?.company_phone && <div>{settings.company_phone}</div>}
      </div>
    </div>
  );
}

function PrintedInvoice({ invoice, settings, customer, logoUrl }: { invoice: Invoice; settings: Settings | undefined; customer: Customer | undefined; logoUrl: string | null }) {
  const t = useTranslations();
  const locale = useLocale();
  const format = useFormatter();
  const user = useSessionUser();
  const at = (value: Date | string) => format.dateTime(new Date(value), 'datetime');
  return (
    <article
      className="grid gap-5 rounded-xl border bg-card p-5 text-card-foreground shadow-xs sm:p-8 print:rounded-none print:border-0 print:p-0 print:shadow-none"
      data-testid="invoice-print"
      data-status={invoice.status}
    >
      <header className="flex flex-col gap-4 border-b-2 border-foreground/70 pb-4 sm:flex-row sm:items-start sm:justify-between print:flex-row print:items-start print:justify-between">
        <Letterhead settings={settings} fallbackName={user.tenant_name} logoUrl={logoUrl} />
        <div className="grid justify-items-start gap-1 sm:justify-items-end sm:text-right print:justify-items-end print:text-right">
          <h1 className="m-0 text-2xl font-bold tracking-widest">{t('print.title')}</h1>
          <code className="text-base" data-testid="print-number">
            {invoice.number}
          </code>
          <InvoiceStatusBadge status={invoice.status} />
        </div>
      </header>

      <section className="flex flex-wrap justify-between gap-6 text-sm leading-relaxed">
        <div className="grid min-w-0">
          <h2 className="m-0 mb-1 text-xs font-semibold tracking-wide text-muted-foreground uppercase">{t('print.bill_to')}</h2>
          <div className="font-bold" data-testid="print-customer">
            {invoice.customer_name}
          </div>
          <div>
            {t('invoices.customer_code')}: <code>{invoice.customer_code}</code>
          </div>
          {customer?.address && <div>{customer.address}</div>}
          {customer?.phone && <div>{customer.phone}</div>}
        </div>
        <dl className="m-0 grid grid-cols-[auto_auto] content-start gap-x-4 gap-y-0.5">
          <dt className="text-muted-foreground">{t('invoices.issued_at')}</dt>
          <dd className="m-0">{at(invoice.issued_at)}</dd>
          <dt className="text-muted-foreground">{t('invoices.period')}</dt>
          <dd className="m-0">{formatDayRange(invoice.period_start, invoice.period_end, locale)}</dd>
          <dt className="text-muted-foreground">{t('invoices.due_date')}</dt>
          <dd className="m-0 font-bold" data-testid="print-due-date">
            {formatDay(invoice.due_date, locale)}
          </dd>
        </dl>
      </section>

      <InvoiceLinesTable
        invoice={invoice}
        footer={<InvoiceTotals invoice={invoice} testIdPrefix="print" />}
      />

      <div className="grid gap-2 text-sm">
        {invoice.status === 'void' && <p className="m-0">{t('print.void_note', { reason: invoice.void_reason ?? '' })}</p>}
        {invoice.status === 'paid' && invoice.paid_at && <p className="m-0">{t('print.paid_note', { date: at(invoice.paid_at) })}</p>}
        {invoice.outstanding > 0 && <p className="m-0">{t('print.pay_before', { date: formatDay(invoice.due_date, locale) })}</p>}
      </div>
      <footer className="mt-4 text-center text-sm text-muted-foreground">{t('print.thanks')}</footer>
    </article>
  );
}

function PrintContent({ id, logoUrl }: { id: string; logoUrl: string | null }) {
  const trpc = useTRPC();
  const { can } = useSessionUser();
  const invoice = useQuery({ ...trpc.billing.invoices.get.queryOptions({ id }), retry: retryUnlessRefused });
  const settings = useQuery({ ...trpc.admin.settings.get.queryOptions(), enabled: can('admin.settings.read'), retry: retryUnlessRefused });
  const customerId = invoice.data?.customer_id;
  const customer = useQuery({
    ...trpc.customers.customers.get.queryOptions({ id: customerId ?? '' }),
    enabled: !!customerId && can('customers.customers.read'),
    retry: retryUnlessRefused,
  });
  const waiting = invoice.isPending || (settings.isLoading && can('admin.settings.read')) || customer.isLoading;

  if (invoice.isError) return <ErrorNotice error={invoice.error} page />;
  if (waiting || !invoice.data) return <Skeleton className="h-[32rem]" />;
  return <PrintedInvoice invoice={invoice.data} settings={settings.data} customer={customer.data} logoUrl={logoUrl} />;
}

export function InvoicePrintView({ id, logoUrl = null }: { id: string; logoUrl?: string | null }) {
  const t = useTranslations('print');
  const { can } = useSessionUser();
  return (
    <main className="mx-auto grid max-w-[52rem] gap-4 p-4 sm:p-6 print:max-w-none print:p-0">
      <div className="flex items-center justify-between gap-3 print:hidden">
        <Link href={`/billing/invoices/${id}`} className="text-sm font-medium text-primary hover:underline">
          ← {t('back')}
        </Link>
        <Button onClick={() => window.print()}>{t('print')}</Button>
      </div>
      {can('billing.invoices.read') ? <PrintContent id={id} logoUrl={logoUrl} /> : <NoPermission />}
    </main>
  );
}
