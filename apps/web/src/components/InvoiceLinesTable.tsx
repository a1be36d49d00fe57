'use client';
/**
 * An invoice's lines as a table (description, amount), shared by the invoice page and its
 * print view (which adds the totals as `footer`): one row per stretch on one plan; a part
 * of the period says how many of its days were billed at which monthly price. Invoices
 * without kept lines show the subtotal as one service row.
 */
import type { ReactNode } from 'react';
import { formatIdr } from '@rrnet/contracts';
import type { Invoice } from '@rrnet/contracts';
import { useLocale, useTranslations } from 'next-intl';
import { formatDayRange } from '~/lib/billing';

function InvoiceLineRows({ invoice }: { invoice: Invoice }) {
  const t = useTranslations();
  const locale = useLocale();
  if (invoice.lines.length === 0) {
    return (
      <tr data-testid="invoice-line">
        <td>{t('print.line_service', { period: formatDayRange(invoice.period_start, invoice.period_end, locale) })}</td>
        <td className="num">{formatIdr(invoice.subtotal, locale)}</td>
      </tr>
    );
  }
  return (
    <>
      {invoice.lines.map((line) => {
        const range = formatDayRange(line.from, line.to, locale);
        return (
          <tr key={`${line.from}-${line.plan_id}`} data-testid="invoice-line" data-days={line.days}>
            <td>
              {line.days === line.period_days
                ? t('invoices.line_full', { plan: line.plan_name, range })
                : t('invoices.line_part', {
                    plan: line.plan_name,
                    range,
                    days: line.days,
                    period_days: line.period_days,
                    price: formatIdr(line.monthly_price, locale),
                  })}
            </td>
            <td className="num">{formatIdr(line.amount, locale)}</td>
          </tr>
        );
      })}
    </>
  );
}

export function InvoiceLinesTable({ invoice, className, testId, footer }: { invoice: Invoice; className: string; testId?: string; footer?: ReactNode }) {
  const t = useTranslations();
  return (
    <table className={`table ${className}`} data-testid={testId}>
      <thead>
        <tr>
          <th scope="col">{t('print.description')}</th>
          <th scope="col" className="num">
            {t('print.amount')}
          </th>
        </tr>
      </thead>
      <tbody>
        <InvoiceLineRows invoice={invoice} />
      </tbody>
      {footer && <tfoot>{footer}</tfoot>}
    </table>
  );
}
