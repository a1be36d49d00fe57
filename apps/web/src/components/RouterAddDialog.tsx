'use client';
/**
 * Adding a router, in a dialog opened from the routers page's actions. Loaded only when it
 * opens (`next/dynamic` in RoutersView): the form's code — react-hook-form, zod and the
 * contracts' schema — is not part of the list page.
 */
import { useMutation } from '@tanstack/react-query';
import { useTranslations } from 'next-intl';
import { SubmitButton } from '@rrnet/ui/Button';
import { Dialog, DialogContent, DialogDescription, DialogHeader, DialogTitle } from '@rrnet/ui/Dialog';
import { Form, useServerErrors } from '@rrnet/ui/Form';
import { useZodForm } from '~/hooks/useZodForm';
import { fieldErrorsOf } from '~/hooks/useTrpcError';
import { EMPTY_ROUTER, routerCreateForm } from '~/lib/router_form';
import { useTRPC } from '~/trpc/TrpcProvider';
import { ErrorNotice } from './ErrorNotice';
import { RouterFormFields } from './RouterFormFields';

export function RouterAddDialog({ onClose, onAdded }: { onClose: () => void; onAdded: (name: string) => void }) {
  const t = useTranslations('routers.add');
  const trpc = useTRPC();
  const form = useZodForm(routerCreateForm, { defaultValues: EMPTY_ROUTER });
  const create = useMutation(trpc.network.routers.create.mutationOptions({ meta: { invalidates: [trpc.network.routers.list.queryKey()] }, onSuccess: (router) => onAdded(router.name) }));
  useServerErrors(form, fieldErrorsOf(create.error));
  return (
    <Dialog open onOpenChange={(open) => !open && onClose()}>
      <DialogContent aria-describedby="add-router-hint">
        <DialogHeader>
          <DialogTitle>{t('title')}</DialogTitle>
          <DialogDescription id="add-router-hint">{t('hint')}</DialogDescription>
        </DialogHeader>
        <Form form={form} data-testid="add-router-form" onSubmit={(input) => create.mutate(input)}>
          {create.error && <ErrorNotice error={create.error} />}
          <RouterFormFields />
          <div>
            <SubmitButton pending={create.isPending} pendingLabel={t('submitting')}>
              {t('submit')}
            </SubmitButton>
          </div>
        </Form>
      </DialogContent>
    </Dialog>
  );
}
