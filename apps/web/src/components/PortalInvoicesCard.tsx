'use client';
/** The subscriber's invoices (pay an open one at the ISP's gateway, view or print one) and their receipts. */
import { useMutation, useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useFormatter, useLocale, useTranslations } from 'next-intl';
import { Button } from '@rrnet/ui/Button';
import { Card, CardContent } from '@rrnet/ui/Card';
import { Skeleton } from '@rrnet/ui/Skeleton';
import { retryUnlessRefused } from '~/hooks/useTrpcError';
import { formatDay } from '~/lib/billing';
import { useTRPC } from '~/trpc/TrpcProvider';
import { ErrorNotice } from './ErrorNotice';
import { InvoiceStatusBadge } from './StatusBadges';

export function PortalInvoicesCard({ slug }: { slug: string }) {
  const t = useTranslations('portal.invoices');
  const locale = useLocale();
  const format = useFormatter();
  const trpc = useTRPC();
  const invoices = useQuery({ ...trpc.portal.invoices.queryOptions(), retry: retryUnlessRefused });
  const receipts = useQuery({ ...trpc.portal.receipts.queryOptions(), retry: retryUnlessRefused });
  const pay = useMutation(trpc.portal.pay.mutationOptions({ onSuccess: (link) => window.location.assign(link.redirect_url) }));
  const idr = (n: number) => format.number(n, 'idr');
  return (
    <div className="grid gap-4">
      <Card title={t('title')}>
        <CardContent className="grid gap-3">
          {pay.error && <ErrorNotice error={pay.error} onDismiss={() => pay.reset()} />}
          {invoices.isError && <ErrorNotice error={invoices.error} />}
          {!invoices.data && !invoices.isError && <Skeleton className="h-24" />}
          {invoices.data?.length === 0 && <p className="m-0 text-sm text-muted-foreground">{t('empty')}</p>}
          <ul className="m-0 grid list-none gap-3 p-0">
            {invoices.data?.map((i) => (
              <li key={i.id} className="grid gap-2 rounded-lg border p-3" data-testid="portal-invoice" data-status={i.status}>
                <div className="flex flex-wrap items-center justify-between gap-2">
                  <code className="text-sm font-semibold">{i.number}</code>
                  <InvoiceStatusBadge status={i.status} />
                </div>
                <div className="text-sm text-muted-foreground">{t('period', { from: formatDay(i.period_start, locale), to: formatDay(i.period_end, locale) })}</div>
                <div className="flex flex-wrap items-end justify-between gap-2">
                  <div>
                    <div className="text-lg font-semibold">{idr(i.outstanding > 0 ? i.outstanding : i.total)}</div>
                    {i.outstanding > 0 && <div className="text-sm">{t('due', { date: formatDay(i.due_date, locale) })}</div>}
                  </div>
                  <div className="flex gap-2">
                    <Button variant="secondary" size="sm" asChild>
                      <Link href={`/portal/${slug}/invoices/${i.id}`}>{t('view')}</Link>
                    </Button>
                    {i.outstanding > 0 && (
                      <Button size="sm" disabled={pay.isPending} onClick={() => pay.mutate({ id: i.id })} data-testid="portal-pay">
                        {pay.isPending && pay.variables?.id === i.id ? t('paying') : t('pay')}
                      </Button>
                    )}
                  </div>
                </div>
              </li>
            ))}
          </ul>
        </CardContent>
      </Card>
      <Card title={t('receipts')}>
        <CardContent>
          {receipts.data?.length === 0 && <p className="m-0 text-sm text-muted-foreground">{t('no_receipts')}</p>}
          <ul className="m-0 grid list-none gap-2 p-0">
            {receipts.data?.map((r) => (
              <li key={r.id} className="flex flex-wrap justify-between gap-2 border-b pb-2 text-sm last:border-0" data-testid="portal-receipt">
                <span>
                  <code>{r.receipt_number}</code>
                  <span className="block text-muted-foreground">{t('receipt_line', { number: r.invoice_number, date: format.dateTime(r.paid_at, 'date') })}</span>
                </span>
                <span className="font-semibold">{idr(r.amount)}</span>
              </li>
            ))}
          </ul>
        </CardContent>
      </Card>
    </div>
  );
}
