'use client';
/**
 * An invoice's lines as a table (description, amount), shared by the invoice page and the
 * print views (which add `InvoiceTotals` as `footer`): one row per
 * stretch on one plan; a part of the period says how many of its days were billed at
 * which monthly price. Invoices without kept lines show the subtotal as one service row.
 * Outage credits follow as discount lines (minus, in the ISP's words). Amounts go through
 * `formatIdr`, the same string on the server and in the browser (the subscriber portal's
 * invoice is rendered on the server and hydrated).
 */
import { useLocale, useTranslations } from 'next-intl';
import type { ComponentProps, ReactNode } from 'react';
import type { Invoice } from '@rrnet/contracts';
import { cn } from '@rrnet/ui/cn';
import { discountParts, formatCreditHours, formatDayRange, formatIdr, invoiceTaxBp, percentFromBp } from '~/lib/billing';

const CELL = 'px-3 py-2 align-top';
const AMOUNT = 'w-40 text-right whitespace-nowrap tabular-nums';

/** what the table reads of an invoice (an operator's Invoice or the portal's PortalInvoice) */
type InvoiceLinesSource = Pick<Invoice, 'lines' | 'credits' | 'period_start' | 'period_end' | 'subtotal'>;

function InvoiceLineRows({ invoice }: { invoice: InvoiceLinesSource }) {
  const t = useTranslations();
  const locale = useLocale();
  const idr = (amount: number) => formatIdr(amount, locale);
  if (invoice.lines.length === 0) {
    return (
      <>
        <tr data-testid="invoice-line" className="border-b">
          <td className={CELL}>{t('print.line_service', { period: formatDayRange(invoice.period_start, invoice.period_end, locale) })}</td>
          <td className={cn(CELL, AMOUNT)}>{idr(invoice.subtotal)}</td>
        </tr>
        <InvoiceCreditRows invoice={invoice} />
      </>
    );
  }
  return (
    <>
      {invoice.lines.map((line) => {
        const range = formatDayRange(line.from, line.to, locale);
        return (
          <tr key={`${line.from}-${line.plan_id}`} data-testid="invoice-line" data-days={line.days} className="border-b">
            <td className={CELL}>
              {line.days === line.period_days
                ? t('invoices.line_full', { plan: line.plan_name, range })
                : t('invoices.line_part', { plan: line.plan_name, range, days: line.days, period_days: line.period_days, price: idr(line.monthly_price) })}
            </td>
            <td className={cn(CELL, AMOUNT)}>{idr(line.amount)}</td>
          </tr>
        );
      })}
      <InvoiceCreditRows invoice={invoice} />
    </>
  );
}

/** The outage credits taken off this invoice, one discount line per stretch of outage. */
function InvoiceCreditRows({ invoice }: { invoice: InvoiceLinesSource }) {
  const t = useTranslations('invoices');
  const locale = useLocale();
  return (
    <>
      {invoice.credits.map((credit) => (
        <tr key={credit.outage_ids.join()} data-testid="invoice-credit-line" data-amount={credit.amount} className="border-b">
          <td className={CELL}>{t('line_outage_credit', { title: credit.title, hours: formatCreditHours(credit.minutes, locale) })}</td>
          <td className={cn(CELL, AMOUNT)}>{formatIdr(credit.amount, locale, { credit: true })}</td>
        </tr>
      ))}
    </>
  );
}

/** One line of the totals under the lines: a label and an amount; `strong` for the total and what is left to pay. */
export function InvoiceTotalRow({ label, strong = false, children, ...props }: ComponentProps<'tr'> & { label: ReactNode; strong?: boolean }) {
  return (
    <tr className={cn(strong && 'border-t font-semibold')} {...props}>
      <th scope="row" className={cn('px-3 py-1 text-right', strong ? 'font-semibold' : 'font-normal')}>
        {label}
      </th>
      <td className={cn('px-3 py-1', AMOUNT)}>{children}</td>
    </tr>
  );
}

/**
 * The printed totals under the lines: subtotal, outage credits and other discounts (when
 * there are some), tax (with its rate), total, paid, outstanding. `testIdPrefix` names the
 * rows tests read (`print` → print-total…).
 */
export function InvoiceTotals({
  invoice,
  testIdPrefix,
}: {
  invoice: Pick<Invoice, 'subtotal' | 'discount' | 'credits' | 'tax' | 'total' | 'paid_amount' | 'outstanding'>;
  testIdPrefix: string;
}) {
  const t = useTranslations();
  const locale = useLocale();
  const idr = (amount: number) => formatIdr(amount, locale);
  const discount = discountParts(invoice);
  const taxBp = invoiceTaxBp(invoice);
  return (
    <>
      <InvoiceTotalRow label={t('invoices.subtotal')}>{idr(invoice.subtotal)}</InvoiceTotalRow>
      {discount.credits > 0 && (
        <InvoiceTotalRow label={t('invoices.outage_credit')} data-testid={`${testIdPrefix}-outage-credit`}>
          {formatIdr(discount.credits, locale, { credit: true })}
        </InvoiceTotalRow>
      )}
      {discount.monthly > 0 && <InvoiceTotalRow label={t('invoices.discount')}>{formatIdr(discount.monthly, locale, { credit: true })}</InvoiceTotalRow>}
      <InvoiceTotalRow label={taxBp !== null && invoice.tax > 0 ? t('print.tax_rate', { rate: percentFromBp(taxBp, locale) }) : t('invoices.tax')}>{idr(invoice.tax)}</InvoiceTotalRow>
      <InvoiceTotalRow strong label={t('invoices.total')} data-testid={`${testIdPrefix}-total`}>
        {idr(invoice.total)}
      </InvoiceTotalRow>
      <InvoiceTotalRow label={t('invoices.paid')}>{idr(invoice.paid_amount)}</InvoiceTotalRow>
      <InvoiceTotalRow strong label={t('invoices.outstanding')} data-testid={`${testIdPrefix}-outstanding`}>
        {idr(invoice.outstanding)}
      </InvoiceTotalRow>
    </>
  );
}

interface LinesTableProps {
  /** the two column headers: what a line is, what it costs */
  headers: readonly [string, string];
  testId?: string;
  className?: string;
  /** the lines' rows */
  children: ReactNode;
  /** the totals' rows (InvoiceTotalRow) */
  footer?: ReactNode;
}

/** An invoice's lines as a table of descriptions and amounts, its totals below (an ISP's invoice, RRNet's invoice to an ISP). */
export function LinesTable({ headers: [description, amount], testId, className, children, footer }: LinesTableProps) {
  return (
    <div className={cn('min-w-0 overflow-x-auto', className)}>
      <table className="w-full border-collapse text-sm" data-testid={testId}>
        <thead>
          <tr className="border-b-2 text-xs tracking-wide text-muted-foreground uppercase">
            <th scope="col" className="px-3 py-2 text-left font-semibold">
              {description}
            </th>
            <th scope="col" className="px-3 py-2 text-right font-semibold">
              {amount}
            </th>
          </tr>
        </thead>
        <tbody>{children}</tbody>
        {footer && <tfoot>{footer}</tfoot>}
      </table>
    </div>
  );
}

export function InvoiceLinesTable({ invoice, className, testId, footer }: { invoice: InvoiceLinesSource; className?: string; testId?: string; footer?: ReactNode }) {
  const t = useTranslations('print');
  return (
    <LinesTable headers={[t('description'), t('amount')]} className={className} testId={testId} footer={footer}>
      <InvoiceLineRows invoice={invoice} />
    </LinesTable>
  );
}
