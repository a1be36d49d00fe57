'use client';
/**
 * One SaaS invoice (RRNet billing an ISP): number, period, due date, status and payment,
 * and its lines — the plan for the month (or the part of it), upgrade prorations, tax —
 * with the totals. Shared by the ISP's subscription page and the platform's invoice list;
 * `children` adds the platform's actions under it.
 */
import { useFormatter, useLocale, useTranslations } from 'next-intl';
import type { ReactNode } from 'react';
import type { SaasInvoice, SaasInvoiceLine } from '@rrnet/contracts';
import type { BadgeTone } from '@rrnet/ui/Badge';
import { Card, CardAction, CardContent, CardHeader, CardTitle } from '@rrnet/ui/Card';
import { DescriptionItem, DescriptionList } from '@rrnet/ui/DescriptionList';
import { StatusBadge } from '@rrnet/ui/StatusBadge';
import { cn } from '@rrnet/ui/cn';
import { formatDay, formatDayRange } from '~/lib/billing';
import { InvoiceTotalRow, LinesTable } from './InvoiceLinesTable';

const STATUS_TONE: Record<SaasInvoice['status'], BadgeTone> = { open: 'warning', paid: 'success', void: 'neutral' };
const CELL = 'px-3 py-2 align-top';
const AMOUNT = 'w-36 text-right whitespace-nowrap tabular-nums';

export function SaasInvoiceStatus({ status, testId }: { status: SaasInvoice['status']; testId?: string }) {
  const t = useTranslations('saas.status');
  return <StatusBadge status={status} tones={STATUS_TONE} label={t(status)} data-testid={testId} />;
}

function LineText({ line }: { line: SaasInvoiceLine }) {
  const t = useTranslations('saas.line');
  const locale = useLocale();
  const format = useFormatter();
  const range = line.from && line.to ? formatDayRange(line.from, line.to, locale) : '';
  if (line.kind === 'tax') return <>{t('tax', { rate: line.description })}</>;
  if (line.kind === 'proration') {
    return <>{t('proration', { change: line.description, range, days: line.days ?? 0, period_days: line.period_days ?? 0, price: format.number(line.monthly_price ?? 0, 'idr') })}</>;
  }
  if (line.days === line.period_days) return <>{t('plan_full', { plan: line.description, range })}</>;
  return <>{t('plan_part', { plan: line.description, range, days: line.days ?? 0, period_days: line.period_days ?? 0, price: format.number(line.monthly_price ?? 0, 'idr') })}</>;
}

export function SaasInvoiceCard({ invoice, showTenant = false, children }: { invoice: SaasInvoice; showTenant?: boolean; children?: ReactNode }) {
  const t = useTranslations('saas');
  const locale = useLocale();
  const format = useFormatter();
  const idr = (amount: number) => format.number(amount, 'idr');
  const lines = invoice.lines.filter((l) => l.kind !== 'tax');
  return (
    <Card aria-labelledby={`saas-invoice-${invoice.id}`} data-testid="saas-invoice-detail">
      <CardHeader>
        <CardTitle id={`saas-invoice-${invoice.id}`} className="break-all">
          {invoice.number}
        </CardTitle>
        <CardAction>
          <SaasInvoiceStatus status={invoice.status} testId="saas-invoice-status" />
        </CardAction>
      </CardHeader>
      <CardContent className="grid gap-4">
        <DescriptionList>
          {showTenant && <DescriptionItem term={t('isp')}>{invoice.tenant_name}</DescriptionItem>}
          <DescriptionItem term={t('period')}>{formatDayRange(invoice.period_start, invoice.period_end, locale)}</DescriptionItem>
          <DescriptionItem term={t('issued')}>{format.dateTime(invoice.issued_at, 'date')}</DescriptionItem>
          <DescriptionItem term={t('due')}>{formatDay(invoice.due_date, locale)}</DescriptionItem>
          {invoice.paid_at && (
            <DescriptionItem term={t('paid')}>
              <span data-testid="saas-invoice-paid">
                {t('paid_how', { at: format.dateTime(invoice.paid_at, 'date'), method: t(`method.${invoice.payment_method ?? 'bank_transfer'}`), reference: invoice.payment_reference ?? '—' })}
              </span>
            </DescriptionItem>
          )}
        </DescriptionList>
        <LinesTable
          headers={[t('line.description'), t('line.amount')]}
          testId="saas-invoice-lines"
          footer={
            <>
              <InvoiceTotalRow label={t('subtotal')}>{idr(invoice.subtotal)}</InvoiceTotalRow>
              {invoice.lines
                .filter((l) => l.kind === 'tax')
                .map((l, i) => (
                  <InvoiceTotalRow key={i} label={<LineText line={l} />}>
                    {idr(l.amount)}
                  </InvoiceTotalRow>
                ))}
              <InvoiceTotalRow label={t('total')} strong data-testid="saas-invoice-total">
                {idr(invoice.total)}
              </InvoiceTotalRow>
            </>
          }
        >
          {lines.length === 0 ? (
            <tr className="border-b">
              <td className={CELL}>{t('line.service', { range: formatDayRange(invoice.period_start, invoice.period_end, locale) })}</td>
              <td className={cn(CELL, AMOUNT)}>{idr(invoice.subtotal || invoice.total)}</td>
            </tr>
          ) : (
            lines.map((line, i) => (
              <tr key={i} className="border-b" data-testid="saas-invoice-line" data-kind={line.kind}>
                <td className={CELL}>
                  <LineText line={line} />
                </td>
                <td className={cn(CELL, AMOUNT)}>{idr(line.amount)}</td>
              </tr>
            ))
          )}
        </LinesTable>
        {children}
      </CardContent>
    </Card>
  );
}
