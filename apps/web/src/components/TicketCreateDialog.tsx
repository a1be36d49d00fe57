'use client';
/** Opening a ticket: customer (optional), subject, category, priority, assignee, description. */
import { useMutation, useQuery } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { z } from 'zod';
import { TICKET_CATEGORIES, TICKET_PRIORITIES } from '@rrnet/contracts';
import { Button, SubmitButton } from '@rrnet/ui/Button';
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@rrnet/ui/Dialog';
import { FieldGroup } from '@rrnet/ui/Field';
import { Form, FormField, InputField, SelectField, useServerErrors } from '@rrnet/ui/Form';
import { choices } from '@rrnet/ui/choices';
import { Textarea } from '@rrnet/ui/Textarea';
import { useZodForm } from '~/hooks/useZodForm';
import { useSessionUser } from '~/hooks/useSessionUser';
import { fieldErrorsOf, retryUnlessRefused } from '~/hooks/useTrpcError';
import { useTRPC } from '~/trpc/TrpcProvider';
import { CustomerPicker } from './CustomerPicker';
import type { PickedCustomer } from './CustomerPicker';
import { ErrorNotice } from './ErrorNotice';

/** the create input's fields as a form (the customer comes from the picker) */
const ticketForm = z.object({
  subject: z.string().trim().min(3).max(200),
  category: z.enum(TICKET_CATEGORIES),
  priority: z.enum(TICKET_PRIORITIES),
  assignee: z.string(),
  description: z.string().max(4000),
});

export function TicketCreateDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const t = useTranslations('tickets');
  const { can } = useSessionUser();
  const trpc = useTRPC();
  const router = useRouter();
  const [customer, setCustomer] = useState<PickedCustomer | null>(null);
  const assignees = useQuery({ ...trpc.tickets.assignees.queryOptions(), enabled: open, retry: retryUnlessRefused });
  const form = useZodForm(ticketForm, { defaultValues: { subject: '', category: 'no_connection', priority: 'normal', assignee: '', description: '' } });
  const create = useMutation(
    trpc.tickets.create.mutationOptions({
      meta: { invalidates: [trpc.tickets.pathKey()] },
      onSuccess: (ticket) => {
        onOpenChange(false);
        form.reset();
        setCustomer(null);
        router.push(`/tickets/${ticket.id}`);
      },
    }),
  );
  useServerErrors(form, fieldErrorsOf(create.error));
  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent data-testid="ticket-create">
        <DialogHeader>
          <DialogTitle>{t('form.title')}</DialogTitle>
          <DialogDescription>{t('subtitle')}</DialogDescription>
        </DialogHeader>
        {create.error && <ErrorNotice error={create.error} />}
        <Form
          form={form}
          onSubmit={(v) =>
            create.mutate({
              customer_id: customer?.id ?? null,
              subject: v.subject,
              category: v.category,
              priority: v.priority,
              description: v.description.trim() ? v.description : null,
              ...(v.assignee && can('tickets.tickets.assign') ? { assignee_id: v.assignee } : {}),
            })
          }
        >
          <FieldGroup>
            {can('customers.customers.read') && <CustomerPicker value={customer} onChange={setCustomer} />}
            <InputField name="subject" label={t('form.subject')} autoComplete="off" />
            <SelectField name="category" label={t('category.label')} options={choices(TICKET_CATEGORIES, (c) => t(`category.${c}`))} />
            <SelectField name="priority" label={t('priority.label')} options={choices(TICKET_PRIORITIES, (p) => t(`priority.${p}`))} />
            {can('tickets.tickets.assign') && (
              <SelectField name="assignee" label={t('form.assignee')} options={(assignees.data ?? []).map((a) => ({ value: a.user_id, label: a.name }))} empty={t('unassigned')} />
            )}
            <FormField name="description" label={t('form.description')}>
              {(field) => <Textarea rows={3} {...field} />}
            </FormField>
          </FieldGroup>
          <DialogFooter>
            <Button variant="secondary" type="button" onClick={() => onOpenChange(false)}>
              {t('form.cancel')}
            </Button>
            <SubmitButton pending={create.isPending} pendingLabel={t('form.submitting')}>
              {t('form.submit')}
            </SubmitButton>
          </DialogFooter>
        </Form>
      </DialogContent>
    </Dialog>
  );
}
