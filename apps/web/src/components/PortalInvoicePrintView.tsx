'use client';
/** A subscriber's invoice on paper or screen: the ISP, the customer, the lines and totals, the payments received. */
import Link from 'next/link';
import { useFormatter, useLocale, useTranslations } from 'next-intl';
import type { PortalBrand, PortalInvoiceDetail } from '@rrnet/contracts';
import { Button } from '@rrnet/ui/Button';
import { formatDay, formatDayRange, formatIdr } from '~/lib/billing';
import { InvoiceLinesTable, InvoiceTotals } from './InvoiceLinesTable';
import { IspLogo } from './IspLogo';
import { InvoiceStatusBadge } from './StatusBadges';

export function PortalInvoicePrintView({ slug, invoice, brand }: { slug: string; invoice: PortalInvoiceDetail; brand: PortalBrand }) {
  const t = useTranslations();
  const locale = useLocale();
  const format = useFormatter();
  // the same string on the server and in the browser: this page is rendered on the server and hydrated
  const idr = (n: number) => formatIdr(n, locale);
  return (
    <main className="mx-auto grid max-w-[52rem] gap-4 p-4 sm:p-6 print:max-w-none print:p-0">
      <div className="flex items-center justify-between gap-3 print:hidden">
        <Link href={`/portal/${slug}`} className="text-sm font-medium text-primary hover:underline">
          ← {t('portal.print.back')}
        </Link>
        <Button onClick={() => window.print()}>{t('portal.print.print')}</Button>
      </div>
      <article className="grid gap-5 rounded-xl border bg-card p-5 shadow-xs sm:p-8 print:rounded-none print:border-0 print:p-0 print:shadow-none" data-testid="portal-invoice-print">
        <header className="flex flex-col gap-4 border-b-2 border-foreground/70 pb-4 sm:flex-row sm:justify-between">
          <div className="flex items-start gap-3">
            {brand.logo_url && <IspLogo name={brand.name} url={brand.logo_url} className="size-14 rounded-md" />}
            <div className="grid text-sm">
              <div className="text-xl font-bold text-primary print:text-foreground">{invoice.company_name || brand.name}</div>
              {brand.phone && <div>{brand.phone}</div>}
            </div>
          </div>
          <div className="grid justify-items-start gap-1 sm:justify-items-end">
            <h1 className="m-0 text-2xl font-bold tracking-widest">{t('print.title')}</h1>
            <code>{invoice.number}</code>
            <InvoiceStatusBadge status={invoice.status} />
          </div>
        </header>
        <section className="flex flex-wrap justify-between gap-6 text-sm">
          <div>
            <h2 className="m-0 mb-1 text-xs font-semibold text-muted-foreground uppercase">{t('portal.print.bill_to')}</h2>
            <div className="font-bold">{invoice.customer_name}</div>
            <div>
              {t('invoices.customer_code')}: <code>{invoice.customer_code}</code>
            </div>
          </div>
          <dl className="m-0 grid grid-cols-[auto_auto] gap-x-4">
            <dt className="text-muted-foreground">{t('invoices.period')}</dt>
            <dd className="m-0">{formatDayRange(invoice.period_start, invoice.period_end, locale)}</dd>
            <dt className="text-muted-foreground">{t('invoices.due_date')}</dt>
            <dd className="m-0 font-bold">{formatDay(invoice.due_date, locale)}</dd>
          </dl>
        </section>
        <InvoiceLinesTable
          invoice={invoice}
          footer={<InvoiceTotals invoice={invoice} testIdPrefix="portal-invoice" />}
        />
        {invoice.receipts.length > 0 && (
          <section className="grid gap-1 text-sm">
            <h2 className="m-0 text-sm font-semibold">{t('portal.print.receipts')}</h2>
            {invoice.receipts.map((r) => (
              <div key={r.id} className="flex justify-between gap-2">
                <span>
                  <code>{r.receipt_number}</code> · {format.dateTime(r.paid_at, 'datetime')}
                </span>
                <span>{idr(r.amount)}</span>
              </div>
            ))}
          </section>
        )}
        {invoice.outstanding > 0 && <p className="m-0 text-sm">{t('print.pay_before', { date: formatDay(invoice.due_date, locale) })}</p>}
        <footer className="mt-4 text-center text-sm text-muted-foreground">{t('print.thanks')}</footer>
      </article>
    </main>
  );
}
