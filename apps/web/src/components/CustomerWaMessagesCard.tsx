'use client';
/**
 * The customer page's "WhatsApp messages" card (notifications.messages.read): the
 * customer's latest messages with template, status and time, and a link to the log
 * filtered to them. The plan or the role refuses it: no card at all.
 */
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useFormatter, useTranslations } from 'next-intl';
import { Card, CardAction, CardContent, CardHeader, CardTitle } from '@rrnet/ui/Card';
import { Skeleton } from '@rrnet/ui/Skeleton';
import { errorCodeOf, retryUnlessRefused } from '~/hooks/useTrpcError';
import { useTRPC } from '~/trpc/TrpcProvider';
import { ErrorNotice } from './ErrorNotice';
import { WaMessageStatusBadge, useTemplateLabel } from './WaMessageStatusBadge';

const RECENT_MESSAGES = 5;

export function CustomerWaMessagesCard({ customerId }: { customerId: string }) {
  const t = useTranslations('notifications.customer_card');
  const format = useFormatter();
  const trpc = useTRPC();
  const templateLabel = useTemplateLabel();
  const messages = useQuery({ ...trpc.notifications.messages.list.queryOptions({ customer_id: customerId, limit: RECENT_MESSAGES }), retry: retryUnlessRefused });

  const code = errorCodeOf(messages.error);
  if (code === 'FEATURE_DISABLED' || code === 'FORBIDDEN') return null;
  const items = messages.data?.items;
  return (
    <Card aria-labelledby="customer-wa-title" data-testid="customer-wa">
      <CardHeader>
        <CardTitle id="customer-wa-title">{t('title')}</CardTitle>
        <CardAction className="text-sm">
          <Link className="text-primary hover:underline" href={`/notifications?customer_id=${customerId}`} data-testid="customer-wa-all">
            {t('all')}
          </Link>
        </CardAction>
      </CardHeader>
      <CardContent className="grid gap-2">
        {messages.isError && <ErrorNotice error={messages.error} />}
        {messages.isPending && <Skeleton className="h-12" />}
        {items && items.length === 0 && <p className="m-0 text-sm text-muted-foreground">{t('empty')}</p>}
        {items && items.length > 0 && (
          <ul className="m-0 grid list-none gap-2 p-0">
            {items.map((m) => (
              <li key={m.id} className="rounded-lg border" data-testid="customer-wa-message" data-id={m.id} data-status={m.status} data-template={m.template_code}>
                <Link href={`/notifications/messages/${m.id}`} className="flex flex-wrap items-center justify-between gap-x-3 gap-y-1 px-3 py-2 text-foreground hover:bg-muted/50">
                  <span className="grid min-w-0">
                    <span className="text-sm font-medium break-words">{templateLabel(m.template_code)}</span>
                    <span className="text-xs text-muted-foreground">{format.dateTime(new Date(m.created_at), 'datetime')}</span>
                  </span>
                  <WaMessageStatusBadge status={m.status} />
                </Link>
              </li>
            ))}
          </ul>
        )}
      </CardContent>
    </Card>
  );
}
