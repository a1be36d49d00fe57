'use client';
/**
 * One ticket: subject, customer, linked outage, priority, SLA due (overdue highlighted),
 * one-tap status changes (what the machine allows next), assignment, the customer's line
 * (live PPPoE session, router, isolation, location and directions) and the comments —
 * internal ones for staff, visible ones the subscriber sees. Works at phone width.
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useFormatter, useTranslations } from 'next-intl';
import { useState } from 'react';
import type { TicketDetail, TicketStatus } from '@rrnet/contracts';
import { Badge } from '@rrnet/ui/Badge';
import { Button, SubmitButton } from '@rrnet/ui/Button';
import { Card, CardAction, CardContent, CardHeader, CardTitle } from '@rrnet/ui/Card';
import { DescriptionItem, DescriptionList } from '@rrnet/ui/DescriptionList';
import { Field, FieldLabel } from '@rrnet/ui/Field';
import { Select } from '@rrnet/ui/Select';
import { Skeleton } from '@rrnet/ui/Skeleton';
import { Textarea } from '@rrnet/ui/Textarea';
import { cn } from '@rrnet/ui/cn';
import { useSessionUser } from '~/hooks/useSessionUser';
import { retryUnlessRefused } from '~/hooks/useTrpcError';
import { useTRPC } from '~/trpc/TrpcProvider';
import { ErrorNotice } from './ErrorNotice';
import { TicketPriorityBadge, TicketStatusBadge } from './TicketBadges';
import { TicketLineCard } from './TicketLineCard';
import { DoneNotice } from './DoneNotice';

function StatusActions({ ticket }: { ticket: TicketDetail }) {
  const t = useTranslations('tickets');
  const trpc = useTRPC();
  const [changed, setChanged] = useState<TicketStatus | null>(null);
  const set = useMutation(trpc.tickets.setStatus.mutationOptions({ meta: { invalidates: [trpc.tickets.pathKey()] }, onSuccess: (k) => setChanged(k.status) }));
  return (
    <div className="grid gap-2">
      <div className="flex flex-wrap gap-2" data-testid="ticket-actions">
        {ticket.next_statuses.map((s) => (
          <Button
            key={s}
            size="lg"
            variant={s === 'resolved' ? 'default' : 'secondary'}
            className="min-w-32 grow sm:grow-0"
            disabled={set.isPending}
            onClick={() => set.mutate({ id: ticket.id, status: s })}
            data-testid={`ticket-to-${s}`}
          >
            {t(`to.${s}`)}
          </Button>
        ))}
      </div>
      {changed && !set.isPending && <DoneNotice>{t('detail.changed', { status: t(`status.${changed}`) })}</DoneNotice>}
      {set.error && <ErrorNotice error={set.error} onDismiss={() => set.reset()} />}
    </div>
  );
}

function Assign({ ticket }: { ticket: TicketDetail }) {
  const t = useTranslations('tickets');
  const trpc = useTRPC();
  const people = useQuery({ ...trpc.tickets.assignees.queryOptions(), retry: retryUnlessRefused });
  const assign = useMutation(trpc.tickets.assign.mutationOptions({ meta: { invalidates: [trpc.tickets.pathKey()] } }));
  return (
    <Field>
      <FieldLabel htmlFor="ticket-assignee">{t('detail.assign')}</FieldLabel>
      <Select id="ticket-assignee" value={ticket.assignee_id ?? ''} disabled={assign.isPending} onChange={(e) => assign.mutate({ id: ticket.id, assignee_id: e.target.value || null })}>
        <option value="">{t('unassigned')}</option>
        {(people.data ?? []).map((p) => (
          <option key={p.user_id} value={p.user_id}>
            {p.name}
          </option>
        ))}
      </Select>
      {assign.error && <ErrorNotice error={assign.error} />}
    </Field>
  );
}

function Comments({ ticket, canComment }: { ticket: TicketDetail; canComment: boolean }) {
  const t = useTranslations('tickets.detail');
  const format = useFormatter();
  const trpc = useTRPC();
  const [body, setBody] = useState('');
  const [visibility, setVisibility] = useState<'internal' | 'visible'>('internal');
  const add = useMutation(trpc.tickets.comment.mutationOptions({ meta: { invalidates: [trpc.tickets.get.queryKey({ id: ticket.id })] }, onSuccess: () => setBody('') }));
  return (
    <Card titleId="ticket-comments-title" title={t('comments')}>
      <CardContent className="grid gap-4">
        {ticket.comments.length === 0 && <p className="m-0 text-sm text-muted-foreground">{t('no_comments')}</p>}
        <ol className="m-0 grid list-none gap-3 p-0" data-testid="ticket-comments">
          {ticket.comments.map((c) => (
            <li key={c.id} className={cn('grid gap-1 rounded-lg border p-3', c.visibility === 'internal' && 'bg-muted/50')} data-testid="ticket-comment" data-visibility={c.visibility}>
              <div className="flex flex-wrap items-center gap-2 text-xs text-muted-foreground">
                <span className="font-medium text-foreground">{c.from_customer ? t('from_customer') : (c.author_name ?? '—')}</span>
                <span>{format.dateTime(new Date(c.created_at), 'datetime')}</span>
                <Badge tone={c.visibility === 'internal' ? 'neutral' : 'info'}>{c.visibility === 'internal' ? t('internal') : t('visible')}</Badge>
              </div>
              <p className="m-0 text-sm break-words whitespace-pre-wrap">{c.body}</p>
            </li>
          ))}
        </ol>
        {canComment && (
          <form
            className="grid gap-3"
            onSubmit={(e) => {
              e.preventDefault();
              if (body.trim()) add.mutate({ id: ticket.id, body, visibility });
            }}
          >
            <Field>
              <FieldLabel htmlFor="ticket-comment-body">{t('comment')}</FieldLabel>
              <Textarea id="ticket-comment-body" rows={3} value={body} onChange={(e) => setBody(e.target.value)} />
            </Field>
            <div className="flex flex-wrap items-end gap-3">
              <Field className="grow">
                <FieldLabel htmlFor="ticket-comment-visibility">{t('visibility')}</FieldLabel>
                <Select id="ticket-comment-visibility" value={visibility} onChange={(e) => setVisibility(e.target.value as 'internal' | 'visible')}>
                  <option value="internal">{t('internal')}</option>
                  <option value="visible">{t('visible')}</option>
                </Select>
              </Field>
              <SubmitButton pending={add.isPending} pendingLabel={t('adding')} disabled={!body.trim()}>
                {t('add_comment')}
              </SubmitButton>
            </div>
            {add.error && <ErrorNotice error={add.error} />}
          </form>
        )}
      </CardContent>
    </Card>
  );
}

export function TicketDetailView({ id }: { id: string }) {
  const t = useTranslations('tickets');
  const format = useFormatter();
  const { can } = useSessionUser();
  const trpc = useTRPC();
  const detail = useQuery({ ...trpc.tickets.get.queryOptions({ id }), retry: retryUnlessRefused });
  if (detail.isError && !detail.data) return <ErrorNotice error={detail.error} page />;
  const k = detail.data;
  if (!k) return <Skeleton className="h-64 w-full" />;
  const at = (v: string) => format.dateTime(new Date(v), 'datetime');
  return (
    <div className="grid gap-4 lg:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
      <Card aria-labelledby="ticket-title" data-testid="ticket" data-status={k.status} data-overdue={String(k.overdue)}>
        <CardHeader>
          <CardTitle id="ticket-title">
            <span className="text-muted-foreground tabular-nums">{k.number}</span> {k.subject}
          </CardTitle>
          <CardAction>
            <TicketStatusBadge status={k.status} />
          </CardAction>
        </CardHeader>
        <CardContent className="grid gap-5">
          <DescriptionList>
            <DescriptionItem term={t('col.customer')}>
              {k.customer_id ? (
                <Link href={`/customers/${k.customer_id}`} className="font-medium text-primary hover:underline">
                  {k.customer_name} ({k.customer_code})
                </Link>
              ) : (
                t('no_customer')
              )}
            </DescriptionItem>
            {k.outage_id && (
              <DescriptionItem term={t('detail.outage')}>
                <Link href={`/outages/${k.outage_id}`} className="font-medium text-primary hover:underline" data-testid="ticket-outage">
                  {k.outage_title}
                </Link>
              </DescriptionItem>
            )}
            <DescriptionItem term={t('category.label')}>{t(`category.${k.category}`)}</DescriptionItem>
            <DescriptionItem term={t('priority.label')}>
              <TicketPriorityBadge priority={k.priority} />
            </DescriptionItem>
            <DescriptionItem term={t('col.due')}>
              <span className={k.overdue ? 'font-semibold text-destructive' : undefined} data-testid="ticket-due">
                {at(k.due_at)} {k.overdue && <Badge tone="danger">{t('overdue')}</Badge>}
              </span>
            </DescriptionItem>
            <DescriptionItem term={t('col.assignee')}>{k.assignee_name ?? t('unassigned')}</DescriptionItem>
            <DescriptionItem term={t('detail.created')}>{at(k.created_at)}</DescriptionItem>
            {k.resolved_at && <DescriptionItem term={t('detail.resolved')}>{at(k.resolved_at)}</DescriptionItem>}
            <DescriptionItem term={t('detail.source')}>{t(`source.${k.source}`)}</DescriptionItem>
            {k.description && <DescriptionItem term={t('detail.description')}>{k.description}</DescriptionItem>}
          </DescriptionList>
          {can('tickets.tickets.handle') && <StatusActions ticket={k} />}
          {can('tickets.tickets.assign') && <Assign ticket={k} />}
        </CardContent>
      </Card>
      <div className="grid content-start gap-4">
        <TicketLineCard ticketId={k.id} />
        <Comments ticket={k} canComment={can('tickets.tickets.handle')} />
      </div>
    </div>
  );
}
