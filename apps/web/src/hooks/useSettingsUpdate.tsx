'use client';
/**
 * One ISP-settings form card's save (admin.settings.update): the changes sent only when
 * there are some, the cached settings replaced by the answer and the form reset to it,
 * server field errors mapped onto the form, and the card's notices — the error, or
 * "saved" until the next edit. The billing and outage settings cards share it.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { FieldValues, UseFormReturn } from 'react-hook-form';
import type { z } from 'zod';
import type { Settings, settingsUpdateInput } from '@rrnet/contracts';
import { Alert } from '@rrnet/ui/Alert';
import { useServerErrors } from '@rrnet/ui/Form';
import { ErrorNotice } from '~/components/ErrorNotice';
import { fieldErrorsOf } from '~/hooks/useTrpcError';
import { useTRPC } from '~/trpc/TrpcProvider';

export function useSettingsUpdate<T extends FieldValues, TOut>(
  form: UseFormReturn<T, unknown, TOut>,
  valuesOf: (settings: Settings) => T,
  options: { savedTestId: string; mapErrors?: (details: Record<string, string>) => Record<string, string> },
) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [saved, setSaved] = useState(false);
  const update = useMutation(
    trpc.admin.settings.update.mutationOptions({
      onSuccess: (next) => {
        queryClient.setQueryData(trpc.admin.settings.get.queryKey(), next);
        form.reset(valuesOf(next));
        setSaved(true);
      },
    }),
  );
  const details = fieldErrorsOf(update.error);
  useServerErrors(form, options.mapErrors ? options.mapErrors(details) : details);
  const dirty = form.formState.isDirty;
  return {
    update,
    /** sends the changes, when there are any */
    save: (changes: z.input<typeof settingsUpdateInput>) => {
      if (Object.keys(changes).length > 0) update.mutate(changes);
    },
    /** the error of the last save, or "saved" until the next edit */
    notices: (savedMessage: string) => (
      <>
        {update.error && <ErrorNotice error={update.error} />}
        {saved && !dirty && (
          <Alert tone="success" role="status" data-testid={options.savedTestId}>
            {savedMessage}
          </Alert>
        )}
      </>
    ),
  };
}
