'use client';
/**
 * A printable invoice, outside the app shell: the ISP's letterhead (company name, address
 * and phone from the settings when the role may read them, else the ISP's name), the
 * customer, the period, the lines and totals, the due date. The toolbar (print, back)
 * is hidden on paper by the print stylesheet.
 */
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { formatDateTime, formatIdr } from '@rrnet/contracts';
import type { Customer, Invoice, Settings } from '@rrnet/contracts';
import { useSessionUser } from '~/hooks/useSessionUser';
import { useLocale, useTranslations } from 'next-intl';
import { retryUnlessRefused } from '~/hooks/useTrpcError';
import { formatDay, formatDayRange, invoiceTaxBp, percentFromBp } from '~/lib/billing';
import { useTRPC } from '~/trpc/TrpcProvider';
import { ErrorNotice } from './ErrorNotice';
import { InvoiceLinesTable } from './InvoiceLinesTable';
import { NoPermission } from './NoPermission';
import { InvoiceStatusBadge } from './StatusBadges';

function Letterhead({ settings, fallbackName }: { settings: Settings | undefined; fallbackName: string | null }) {
  return (
    <div className="print-company" data-testid="print-company">
      <div className="print-company-name">{settings?.company_name ?? fallbackName ?? ''}</div>
      {settings?.company_address && <div>{settings.company_address}</div>}
      {settings?.company_phone && <div>{settings.company_phone}</div>}
    </div>
  );
}

function PrintedInvoice({ invoice, settings, customer }: { invoice: Invoice; settings: Settings | undefined; customer: Customer | undefined }) {
  const t = useTranslations();
  const locale = useLocale();
  const user = useSessionUser();
  const period = formatDayRange(invoice.period_start, invoice.period_end, locale);
  const taxBp = invoiceTaxBp(invoice);
  return (
    <article className="print-sheet" data-testid="invoice-print" data-status={invoice.status}>
      <header className="print-header">
        <Letterhead settings={settings} fallbackName={user.tenant_name} />
        <div className="print-title">
          <h1>{t('print.title')}</h1>
          <div>
            <code data-testid="print-number">{invoice.number}</code>
          </div>
          <InvoiceStatusBadge status={invoice.status} />
        </div>
      </header>

      <section className="print-parties">
        <div>
          <h2>{t('print.bill_to')}</h2>
          <div className="print-strong" data-testid="print-customer">
            {invoice.customer_name}
          </div>
          <div>
            {t('invoices.customer_code')}: <code>{invoice.customer_code}</code>
          </div>
          {customer?.address && <div>{customer.address}</div>}
          {customer?.phone && <div>{customer.phone}</div>}
        </div>
        <dl className="facts print-dates">
          <dt>{t('invoices.issued_at')}</dt>
          <dd>{formatDateTime(invoice.issued_at, locale)}</dd>
          <dt>{t('invoices.period')}</dt>
          <dd>{period}</dd>
          <dt>{t('invoices.due_date')}</dt>
          <dd className="print-strong" data-testid="print-due-date">
            {formatDay(invoice.due_date, locale)}
          </dd>
        </dl>
      </section>

      <InvoiceLinesTable
        invoice={invoice}
        className="print-lines"
        footer={
          <>
              <tr>
                <th scope="row">{t('invoices.subtotal')}</th>
                <td className="num">{formatIdr(invoice.subtotal, locale)}</td>
              </tr>
              <tr>
                <th scope="row">{t('invoices.discount')}</th>
                <td className="num">{invoice.discount > 0 ? `−${formatIdr(invoice.discount, locale)}` : formatIdr(0, locale)}</td>
              </tr>
              <tr>
                <th scope="row">
                  {taxBp !== null && invoice.tax > 0 ? t('print.tax_rate', { rate: percentFromBp(taxBp, locale) }) : t('invoices.tax')}
                </th>
                <td className="num">{formatIdr(invoice.tax, locale)}</td>
              </tr>
              <tr className="print-total">
                <th scope="row">{t('invoices.total')}</th>
                <td className="num" data-testid="print-total">
                  {formatIdr(invoice.total, locale)}
                </td>
              </tr>
              <tr>
                <th scope="row">{t('invoices.paid')}</th>
                <td className="num">{formatIdr(invoice.paid_amount, locale)}</td>
              </tr>
              <tr className="print-total">
                <th scope="row">{t('invoices.outstanding')}</th>
                <td className="num" data-testid="print-outstanding">
                  {formatIdr(invoice.outstanding, locale)}
                </td>
              </tr>
          </>
        }
      />

      {invoice.status === 'void' && <p className="print-note">{t('print.void_note', { reason: invoice.void_reason ?? '' })}</p>}
      {invoice.status === 'paid' && invoice.paid_at && <p className="print-note">{t('print.paid_note', { date: formatDateTime(invoice.paid_at, locale) })}</p>}
      {invoice.outstanding > 0 && <p className="print-note">{t('print.pay_before', { date: formatDay(invoice.due_date, locale) })}</p>}
      <footer className="print-footer muted">{t('print.thanks')}</footer>
    </article>
  );
}

function PrintContent({ id }: { id: string }) {
  const t = useTranslations();
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
  if (waiting || !invoice.data) return <p className="muted">{t('common.loading')}</p>;
  return <PrintedInvoice invoice={invoice.data} settings={settings.data} customer={customer.data} />;
}

export function InvoicePrintView({ id }: { id: string }) {
  const t = useTranslations();
  const { can } = useSessionUser();
  return (
    <div className="print-page">
      <div className="print-toolbar no-print">
        <Link href={`/billing/invoices/${id}`}>← {t('print.back')}</Link>
        <button type="button" className="button" onClick={() => window.print()}>
          {t('print.print')}
        </button>
      </div>
      {can('billing.invoices.read') ? <PrintContent id={id} /> : <NoPermission />}
    </div>
  );
}
