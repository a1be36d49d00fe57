'use client';
/**
 * One WhatsApp message: to whom, from which template, through which gateway, its text,
 * and its status history (queued, scheduled, sent, delivered, read or failed with the
 * gateway's error, from the message's own timestamps). A failed message can be sent
 * again (notifications.messages.send). While it is on its way the page refreshes itself.
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useFormatter, useTranslations } from 'next-intl';
import type { WaMessage } from '@rrnet/contracts';
import { Alert } from '@rrnet/ui/Alert';
import { Button } from '@rrnet/ui/Button';
import { Card, CardContent } from '@rrnet/ui/Card';
import { DescriptionItem, DescriptionList } from '@rrnet/ui/DescriptionList';
import { Skeleton } from '@rrnet/ui/Skeleton';
import { cn } from '@rrnet/ui/cn';
import { useSessionUser } from '~/hooks/useSessionUser';
import { retryUnlessRefused } from '~/hooks/useTrpcError';
import { useTRPC } from '~/trpc/TrpcProvider';
import { ErrorNotice } from './ErrorNotice';
import { WaMessageStatusBadge, useTemplateLabel } from './WaMessageStatusBadge';

const IN_FLIGHT_REFRESH_MS = 3_000;
/** a message due this much after it was written was held back (shown as "scheduled") */
const HELD_BACK_MS = 1_000;

type EventKind = 'created' | 'scheduled' | 'sent' | 'delivered' | 'read' | 'failed';

/**
 * The message's history: each status it reached, when — in the order a message goes
 * (a gateway's "delivered" can arrive before its answer to the send was recorded), with
 * "failed" where it happened in time (a later "delivered" can prove it wrong).
 */
function timeline(m: WaMessage): { kind: EventKind; at: string }[] {
  const events: { kind: EventKind; at: string | null }[] = [
    { kind: 'created', at: m.created_at },
    // held back (quiet hours, recipient spacing, a spread-out reminder): when it was due
    { kind: 'scheduled', at: Date.parse(m.scheduled_at) - Date.parse(m.created_at) >= HELD_BACK_MS ? m.scheduled_at : null },
    { kind: 'sent', at: m.sent_at },
    { kind: 'delivered', at: m.delivered_at },
    { kind: 'read', at: m.read_at },
    { kind: 'failed', at: m.failed_at },
  ];
  const reached = events.filter((e): e is { kind: EventKind; at: string } => e.at !== null);
  const path = reached.filter((e) => e.kind !== 'failed');
  const failed = reached.find((e) => e.kind === 'failed');
  if (!failed) return path;
  const after = path.findIndex((e, i) => i > 0 && e.at > failed.at);
  return after === -1 ? [...path, failed] : [...path.slice(0, after), failed, ...path.slice(after)];
}

function Timeline({ message }: { message: WaMessage }) {
  const t = useTranslations('notifications.detail');
  const format = useFormatter();
  return (
    <ol className="m-0 grid list-none gap-3 border-l-2 border-border p-0 pl-4" data-testid="wa-timeline">
      {timeline(message).map((e) => (
        <li key={e.kind} className="relative grid gap-0.5" data-testid="wa-event" data-kind={e.kind}>
          <span
            aria-hidden
            className={cn(
              'absolute top-1.5 -left-[1.4rem] size-2.5 rounded-full bg-muted-foreground',
              (e.kind === 'delivered' || e.kind === 'read') && 'bg-success',
              e.kind === 'failed' && 'bg-destructive',
            )}
          />
          <span className="text-sm font-medium">{t(`event.${e.kind}`)}</span>
          <span className="text-xs text-muted-foreground">{format.dateTime(new Date(e.at), 'datetime')}</span>
          {e.kind === 'failed' && message.error && (
            <span className="text-sm break-words text-destructive" data-testid="wa-error">
              {message.error_code ? `${message.error_code}: ` : ''}
              {message.error}
            </span>
          )}
        </li>
      ))}
    </ol>
  );
}

function Retry({ message }: { message: WaMessage }) {
  const t = useTranslations('notifications.detail');
  const trpc = useTRPC();
  const retry = useMutation(trpc.notifications.messages.retry.mutationOptions({ meta: { invalidates: [trpc.notifications.pathKey()] } }));
  return (
    <div className="grid gap-2" data-testid="wa-retry">
      {retry.isSuccess ? (
        <Alert tone="success" role="status">
          {t('retried')}
        </Alert>
      ) : (
        <div className="flex flex-wrap items-center gap-3">
          <Button disabled={retry.isPending} onClick={() => retry.mutate({ id: message.id })}>
            {t('retry')}
          </Button>
          <span className="text-sm text-muted-foreground">{t('retry_hint')}</span>
        </div>
      )}
      {retry.error && <ErrorNotice error={retry.error} onDismiss={() => retry.reset()} />}
    </div>
  );
}

export function NotificationMessageView({ id }: { id: string }) {
  const t = useTranslations('notifications');
  const format = useFormatter();
  const { can } = useSessionUser();
  const trpc = useTRPC();
  const templateLabel = useTemplateLabel();
  const detail = useQuery({
    ...trpc.notifications.messages.get.queryOptions({ id }),
    retry: retryUnlessRefused,
    refetchInterval: (q) => (q.state.data && ['queued', 'sending', 'sent'].includes(q.state.data.status) ? IN_FLIGHT_REFRESH_MS : false),
  });
  if (detail.isError && !detail.data) return <ErrorNotice error={detail.error} page />;
  const m = detail.data;
  if (!m) return <Skeleton className="h-64 w-full" />;
  return (
    <div className="grid gap-4 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
      <Card titleId="wa-overview-title" data-testid="wa-message" data-status={m.status} title={t('detail.overview')} action={<WaMessageStatusBadge status={m.status} />}>
        <CardContent className="grid gap-5">
          <DescriptionList>
            <DescriptionItem term={t('customer')}>
              {m.customer_id ? (
                <Link href={`/customers/${m.customer_id}`} className="font-medium text-primary hover:underline">
                  {m.customer_name ?? t('detail.open_customer')}
                </Link>
              ) : (
                t('no_customer')
              )}
            </DescriptionItem>
            <DescriptionItem term={t('phone')}>
              <span data-testid="wa-phone">{m.to_phone}</span>
            </DescriptionItem>
            <DescriptionItem term={t('template.label')}>{templateLabel(m.template_code)}</DescriptionItem>
            <DescriptionItem term={t('gateway.label')}>{m.provider === 'cloud' || m.provider === 'fonnte' ? t(`gateway.${m.provider}`) : (m.provider ?? t('gateway.none'))}</DescriptionItem>
            {m.provider_message_id && (
              <DescriptionItem term={t('detail.provider_message_id')}>
                <code className="break-all">{m.provider_message_id}</code>
              </DescriptionItem>
            )}
            <DescriptionItem term={t('attempts')}>{format.number(m.attempts)}</DescriptionItem>
          </DescriptionList>
          <div className="grid gap-1.5">
            <h3 className="m-0 text-sm font-medium text-muted-foreground">{t('detail.body')}</h3>
            <p className="m-0 rounded-lg bg-muted/60 p-3 text-sm break-words whitespace-pre-wrap" data-testid="wa-body">
              {m.body}
            </p>
          </div>
          {m.status === 'failed' && can('notifications.messages.send') && <Retry message={m} />}
        </CardContent>
      </Card>
      <Card titleId="wa-timeline-title" title={t('detail.timeline')}>
        <CardContent>
          <Timeline message={m} />
        </CardContent>
      </Card>
    </div>
  );
}
