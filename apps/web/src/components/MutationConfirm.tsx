'use client';
/**
 * The kit's ConfirmDialog bound to the one mutation it confirms: busy while it runs
 * ("Menyimpan…" unless the action says more), its refusal shown in the dialog — a reason's
 * own message under the reason field, any other as an ErrorNotice — and the mutation reset
 * when the dialog closes, so the next opening starts clean. The caller decides when it is
 * open and closes it from the mutation's onSuccess.
 */
import { ConfirmDialog } from '@rrnet/ui/ConfirmDialog';
import type { ConfirmDialogProps } from '@rrnet/ui/ConfirmDialog';
import { useTranslations } from 'next-intl';
import type { ReactNode } from 'react';
import { fieldErrorsOf } from '~/hooks/useTrpcError';
import { ErrorNotice } from './ErrorNotice';

interface ConfirmedMutation {
  isPending: boolean;
  error: unknown;
  reset: () => void;
}

type MutationConfirmProps = Omit<ConfirmDialogProps, 'onOpenChange' | 'busy' | 'reasonError' | 'error'> & {
  mutation: ConfirmedMutation;
  /** the dialog was dismissed (cancel, Escape, outside click) */
  onClose: () => void;
  /** instead of the refusal's ErrorNotice (a notice that offers more than the message) */
  error?: ReactNode;
};

export function MutationConfirm({ mutation, onClose, busyLabel, reasonLabel, error, ...dialog }: MutationConfirmProps) {
  const tc = useTranslations('common');
  const failed = mutation.error;
  const reasonError = reasonLabel ? fieldErrorsOf(failed).reason : undefined;
  return (
    <ConfirmDialog
      {...dialog}
      onOpenChange={(open) => {
        if (open) return;
        mutation.reset();
        onClose();
      }}
      busy={mutation.isPending}
      busyLabel={busyLabel ?? tc('saving')}
      reasonLabel={reasonLabel}
      reasonError={reasonError}
      error={error ?? (failed != null && !reasonError ? <ErrorNotice error={failed} /> : null)}
    />
  );
}
