'use client';
/**
 * Declaring an outage: what is down (a router, or an OLT/ODC/ODP of the topology), a
 * title, the cause, the expected restoration and notes. On success the outage's page opens.
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { z } from 'zod';
import { OUTAGE_CAUSES } from '@rrnet/contracts';
import { Button, SubmitButton } from '@rrnet/ui/Button';
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from '@rrnet/ui/Dialog';
import { FieldGroup } from '@rrnet/ui/Field';
import { Form, FormField, InputField, SelectField, useServerErrors } from '@rrnet/ui/Form';
import { Select } from '@rrnet/ui/Select';
import { choices } from '@rrnet/ui/choices';
import { Textarea } from '@rrnet/ui/Textarea';
import { useZodForm } from '~/hooks/useZodForm';
import { fieldErrorsOf, retryUnlessRefused } from '~/hooks/useTrpcError';
import { useTRPC } from '~/trpc/TrpcProvider';
import { ErrorNotice } from './ErrorNotice';

/** the declare input's fields as a form; `where` is "router:<id>" or "node:<id>" (one choice for both kinds) */
const declareForm = z.object({
  where: z.string().min(1),
  title: z.string().trim().min(3).max(200),
  cause: z.enum(OUTAGE_CAUSES),
  expected: z.string(),
  notes: z.string().max(2000),
});

export function OutageDeclareDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const t = useTranslations('outages');
  const trpc = useTRPC();
  const router = useRouter();
  const routers = useQuery({ ...trpc.network.routers.list.queryOptions(), enabled: open, retry: retryUnlessRefused });
  const nodes = useQuery({ ...trpc.network.topology.list.queryOptions(), enabled: open, retry: retryUnlessRefused });
  const form = useZodForm(declareForm, { defaultValues: { where: '', title: '', cause: 'unknown', expected: '', notes: '' } });
  const declare = useMutation(
    trpc.outages.declare.mutationOptions({
      meta: { invalidates: [trpc.outages.pathKey()] },
      onSuccess: (o) => {
        onOpenChange(false);
        form.reset();
        router.push(`/outages/${o.id}`);
      },
    }),
  );
  useServerErrors(form, fieldErrorsOf(declare.error));
  const kinds = ['olt', 'odc', 'odp'] as const;

  return (
    <Dialog open={open} onOpenChange={onOpenChange}>
      <DialogContent data-testid="outage-declare">
        <DialogHeader>
          <DialogTitle>{t('declare.title')}</DialogTitle>
          <DialogDescription>{t('declare.description')}</DialogDescription>
        </DialogHeader>
        {declare.error && <ErrorNotice error={declare.error} />}
        <Form
          form={form}
          onSubmit={(v) => {
            const [kind, id] = v.where.split(':') as ['router' | 'node', string];
            declare.mutate({
              ...(kind === 'router' ? { router_id: id } : { node_id: id }),
              title: v.title,
              cause: v.cause,
              expected_restoration_at: v.expected ? new Date(v.expected).toISOString() : null,
              notes: v.notes.trim() ? v.notes : null,
            });
          }}
        >
          <FieldGroup>
            <FormField name="where" label={t('declare.where')}>
              {(field) => (
                <Select {...field} data-testid="outage-where">
                  <option value="">{t('declare.choose')}</option>
                  {kinds.map((k) => (
                    <optgroup key={k} label={t(`source.${k}`)}>
                      {(nodes.data ?? [])
                        .filter((n) => n.kind === k)
                        .map((n) => (
                          <option key={n.id} value={`node:${n.id}`}>
                            {`${t(`source.${k}`)} ${n.name}`}
                          </option>
                        ))}
                    </optgroup>
                  ))}
                  <optgroup label={t('source.router')}>
                    {(routers.data ?? []).map((r) => (
                      <option key={r.id} value={`router:${r.id}`}>
                        {`${t('source.router')} ${r.name}`}
                      </option>
                    ))}
                  </optgroup>
                </Select>
              )}
            </FormField>
            <InputField name="title" label={t('declare.name')} autoComplete="off" />
            <SelectField name="cause" label={t('cause.label')} options={choices(OUTAGE_CAUSES, (c) => t(`cause.${c}`))} />
            <InputField name="expected" label={t('declare.expected')} type="datetime-local" />
            <FormField name="notes" label={t('declare.notes')}>
              {(field) => <Textarea rows={3} {...field} />}
            </FormField>
          </FieldGroup>
          <DialogFooter>
            <Button variant="secondary" type="button" onClick={() => onOpenChange(false)}>
              {t('declare.cancel')}
            </Button>
            <SubmitButton pending={declare.isPending} pendingLabel={t('declare.submitting')}>
              {t('declare.submit')}
            </SubmitButton>
          </DialogFooter>
        </Form>
      </DialogContent>
    </Dialog>
  );
}
