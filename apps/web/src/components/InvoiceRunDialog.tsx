'use client';
/**
 * "Run billing" (billing.invoices.manage): issues the invoices of one billing day now.
 * Idempotent — customers already invoiced for the period are skipped — so the result stays
 * in the dialog: what was issued, or that nothing was due. Loaded when it opens
 * (`next/dynamic` in InvoicesView): the invoice list carries no form code.
 */
import { useMutation } from '@tanstack/react-query';
import { useLocale, useTranslations } from 'next-intl';
import { billingRunInput } from '@rrnet/contracts';
import { SubmitButton } from '@rrnet/ui/Button';
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from '@rrnet/ui/Dialog';
import { Form, InputField, useServerErrors } from '@rrnet/ui/Form';
import { useZodForm } from '~/hooks/useZodForm';
import { fieldErrorsOf } from '~/hooks/useTrpcError';
import { formatDay, todayLocal } from '~/lib/billing';
import { useTRPC } from '~/trpc/TrpcProvider';
import { ErrorNotice } from './ErrorNotice';
import { DoneNotice } from './DoneNotice';

export function InvoiceRunDialog({ onClose }: { onClose: () => void }) {
  const t = useTranslations('invoices.run');
  const locale = useLocale();
  const trpc = useTRPC();
  const form = useZodForm(billingRunInput, { defaultValues: { day: todayLocal() } });
  const run = useMutation(trpc.billing.invoices.run.mutationOptions({ meta: { invalidates: [trpc.billing.pathKey()] } }));
  useServerErrors(form, fieldErrorsOf(run.error));
  return (
    <Dialog open onOpenChange={(open) => !open && onClose()}>
      <DialogContent aria-describedby="run-billing-hint" data-testid="run-billing-dialog">
        <DialogHeader>
          <DialogTitle>{t('title')}</DialogTitle>
          <DialogDescription id="run-billing-hint">{t('hint')}</DialogDescription>
        </DialogHeader>
        <Form form={form} className="flex flex-wrap items-end gap-3" onSubmit={(values) => run.mutate(values.day ? { day: values.day } : {})}>
          <InputField name="day" label={t('day')} className="min-w-48" type="date" />
          <SubmitButton pending={run.isPending} pendingLabel={t('running')}>
            {t('submit')}
          </SubmitButton>
        </Form>
        {run.error && !fieldErrorsOf(run.error).day && <ErrorNotice error={run.error} onDismiss={() => run.reset()} />}
        {run.data && (
          <DoneNotice data-testid="run-billing-result" data-created={run.data.created}>
            {t(run.data.created === 0 ? 'none' : 'done', {
              count: run.data.created,
              day: formatDay(run.data.day, locale),
              start: formatDay(run.data.period_start, locale),
              end: formatDay(run.data.period_end, locale),
            })}
          </DoneNotice>
        )}
      </DialogContent>
    </Dialog>
  );
}
