'use client';
/** The subscriber's trouble reports: open one (linked to an outage affecting them), follow one and reply. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useFormatter, useTranslations } from 'next-intl';
import { useState } from 'react';
import { z } from 'zod';
import { TICKET_CATEGORIES } from '@rrnet/contracts';
import { Alert } from '@rrnet/ui/Alert';
import { Button } from '@rrnet/ui/Button';
import { Card, CardAction, CardContent, CardHeader, CardTitle } from '@rrnet/ui/Card';
import { Form, FormField, InputField, SelectField, useServerErrors } from '@rrnet/ui/Form';
import { choices } from '@rrnet/ui/choices';
import { Skeleton } from '@rrnet/ui/Skeleton';
import { Textarea } from '@rrnet/ui/Textarea';
import { useZodForm } from '~/hooks/useZodForm';
import { fieldErrorsOf, retryUnlessRefused } from '~/hooks/useTrpcError';
import { useTRPC } from '~/trpc/TrpcProvider';
import { ErrorNotice, FormErrorNotice } from './ErrorNotice';
import { TicketStatusBadge } from './TicketBadges';

const ticketForm = z.object({
  subject: z.string().trim().min(3).max(200),
  category: z.enum(TICKET_CATEGORIES),
  description: z.string().max(4000),
});
const replyForm = z.object({ body: z.string().trim().min(1).max(4000) });

function NewTicket({ onCreated }: { onCreated: (id: string, number: string) => void }) {
  const t = useTranslations();
  const trpc = useTRPC();
  const form = useZodForm(ticketForm, { defaultValues: { subject: '', category: 'no_connection', description: '' } });
  const create = useMutation(
    trpc.portal.openTicket.mutationOptions({
      meta: { invalidates: [trpc.portal.tickets.queryKey()] },
      onSuccess: (ticket) => {
        form.reset();
        onCreated(ticket.id, ticket.number);
      },
    }),
  );
  const unclaimed = useServerErrors(form, fieldErrorsOf(create.error));
  return (
    <Form form={form} onSubmit={(v) => create.mutate({ subject: v.subject, category: v.category, description: v.description.trim() ? v.description : null })} data-testid="portal-ticket-form">
      {create.error && <FormErrorNotice error={create.error} unclaimed={unclaimed} />}
      <SelectField name="category" label={t('portal.tickets.category')} options={choices(TICKET_CATEGORIES, (c) => t(`tickets.category.${c}`))} />
      <InputField name="subject" label={t('portal.tickets.subject')} autoComplete="off" data-testid="portal-ticket-subject" />
      <FormField name="description" label={t('portal.tickets.description')}>
        {(field) => <Textarea {...field} rows={4} />}
      </FormField>
      <Button type="submit" size="lg" disabled={create.isPending} className="w-full sm:w-auto sm:justify-self-start" data-testid="portal-ticket-submit">
        {create.isPending ? t('portal.tickets.submitting') : t('portal.tickets.submit')}
      </Button>
    </Form>
  );
}

function TicketDetail({ id, onBack }: { id: string; onBack: () => void }) {
  const t = useTranslations();
  const format = useFormatter();
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const ticket = useQuery({ ...trpc.portal.ticket.queryOptions({ id }), retry: retryUnlessRefused });
  const form = useZodForm(replyForm, { defaultValues: { body: '' } });
  const reply = useMutation(
    trpc.portal.comment.mutationOptions({
      onSuccess: (updated) => {
        queryClient.setQueryData(trpc.portal.ticket.queryKey({ id }), updated);
        form.reset();
      },
    }),
  );
  const unclaimed = useServerErrors(form, fieldErrorsOf(reply.error));
  if (ticket.isError) return <ErrorNotice error={ticket.error} />;
  if (!ticket.data) return <Skeleton className="h-40" />;
  const k = ticket.data;
  return (
    <div className="grid gap-3" data-testid="portal-ticket-detail">
      <Button variant="link" onClick={onBack} className="justify-self-start">
        ← {t('portal.tickets.back')}
      </Button>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h3 className="m-0 text-base font-semibold">
          <code>{k.number}</code> · {k.subject}
        </h3>
        <TicketStatusBadge status={k.status} />
      </div>
      <p className="m-0 text-sm text-muted-foreground">{t('portal.tickets.opened', { at: format.dateTime(new Date(k.created_at), 'datetime') })}</p>
      {k.outage_title && <Alert tone="warning">{t('portal.tickets.outage_link', { title: k.outage_title })}</Alert>}
      {k.description && <p className="m-0 text-sm whitespace-pre-wrap">{k.description}</p>}
      <ul className="m-0 grid list-none gap-2 p-0">
        {k.comments.length === 0 && <li className="text-sm text-muted-foreground">{t('portal.tickets.no_comments')}</li>}
        {k.comments.map((c) => (
          <li key={c.id} className={c.from_customer ? 'ml-8 rounded-lg bg-primary/8 p-2 text-sm' : 'mr-8 rounded-lg bg-muted p-2 text-sm'} data-testid="portal-ticket-comment">
            <span className="block text-xs font-semibold text-muted-foreground">
              {c.from_customer ? t('portal.tickets.you') : t('portal.tickets.staff')} · {format.dateTime(new Date(c.created_at), 'datetime')}
            </span>
            <span className="whitespace-pre-wrap">{c.body}</span>
          </li>
        ))}
      </ul>
      <Form form={form} onSubmit={(v) => reply.mutate({ id, body: v.body })}>
        {reply.error && <FormErrorNotice error={reply.error} unclaimed={unclaimed} />}
        <FormField name="body" label={t('portal.tickets.reply')}>
          {(field) => <Textarea {...field} rows={2} placeholder={t('portal.tickets.reply_placeholder')} />}
        </FormField>
        <Button type="submit" disabled={reply.isPending} className="sm:justify-self-start">
          {t('portal.tickets.send_reply')}
        </Button>
      </Form>
    </div>
  );
}

export function PortalTicketsCard() {
  const t = useTranslations();
  const format = useFormatter();
  const trpc = useTRPC();
  const tickets = useQuery({ ...trpc.portal.tickets.queryOptions(), retry: retryUnlessRefused });
  const [view, setView] = useState<'list' | 'new' | string>('list');
  const [created, setCreated] = useState<string | null>(null);
  return (
    <Card>
      <CardHeader>
        <CardTitle>{t('portal.tickets.title')}</CardTitle>
        {view === 'list' && (
          <CardAction>
            <Button size="sm" onClick={() => setView('new')} data-testid="portal-ticket-new">
              {t('portal.tickets.new')}
            </Button>
          </CardAction>
        )}
      </CardHeader>
      <CardContent className="grid gap-3">
        {created && (
          <Alert tone="success" data-testid="portal-ticket-created">
            {t('portal.tickets.created', { number: created })}
          </Alert>
        )}
        {view === 'new' ? (
          <NewTicket
            onCreated={(id, number) => {
              setCreated(number);
              setView(id);
            }}
          />
        ) : view !== 'list' ? (
          <TicketDetail id={view} onBack={() => setView('list')} />
        ) : (
          <>
            {tickets.isError && <ErrorNotice error={tickets.error} />}
            {!tickets.data && !tickets.isError && <Skeleton className="h-24" />}
            {tickets.data?.length === 0 && <p className="m-0 text-sm text-muted-foreground">{t('portal.tickets.empty')}</p>}
            <ul className="m-0 grid list-none gap-2 p-0">
              {tickets.data?.map((k) => (
                <li key={k.id}>
                  <button
                    type="button"
                    onClick={() => setView(k.id)}
                    className="grid w-full cursor-pointer gap-1 rounded-lg border p-3 text-left hover:bg-accent"
                    data-testid="portal-ticket"
                    data-status={k.status}
                  >
                    <span className="flex flex-wrap items-center justify-between gap-2">
                      <span className="font-medium">
                        <code>{k.number}</code> · {k.subject}
                      </span>
                      <TicketStatusBadge status={k.status} />
                    </span>
                    <span className="text-sm text-muted-foreground">{format.dateTime(new Date(k.updated_at), 'datetime')}</span>
                  </button>
                </li>
              ))}
            </ul>
          </>
        )}
      </CardContent>
    </Card>
  );
}
