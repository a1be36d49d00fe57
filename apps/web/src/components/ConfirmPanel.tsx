'use client';
/**
 * An inline confirmation (the dead-letter pattern): a question, an optional reason the
 * API records, the confirm and cancel buttons. The caller owns the mutation.
 */
import { useState } from 'react';
import type { ErrorDetails } from '@rrnet/contracts';
import { useTranslations } from 'next-intl';
import { FormField } from './FormField';

export function ConfirmPanel({
  question,
  confirmLabel,
  busyLabel,
  busy,
  danger = false,
  withReason = false,
  errors = {},
  onConfirm,
  onCancel,
}: {
  question: string;
  confirmLabel: string;
  busyLabel: string;
  busy: boolean;
  danger?: boolean;
  /** ask for a reason (kept in the audit trail) */
  withReason?: boolean;
  errors?: ErrorDetails;
  onConfirm: (reason: string) => void;
  onCancel: () => void;
}) {
  const t = useTranslations();
  const [reason, setReason] = useState('');
  return (
    <form
      className={danger ? 'confirm danger' : 'confirm'}
      aria-label={confirmLabel}
      data-testid="confirm"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        onConfirm(reason);
      }}
    >
      <p>{question}</p>
      {withReason && (
        <div className="form">
          <FormField label={t('common.reason')} error={errors.reason}>
            {(props) => <input {...props} name="reason" autoComplete="off" value={reason} onChange={(e) => setReason(e.target.value)} />}
          </FormField>
        </div>
      )}
      <div className="actions confirm-actions">
        <button type="submit" className={danger ? 'button danger' : 'button'} disabled={busy}>
          {busy ? busyLabel : confirmLabel}
        </button>
        <button type="button" className="button secondary" disabled={busy} onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
