'use client';
/**
 * "Are you sure?" for actions that change or remove something: the question, an optional
 * reason (kept in the audit trail; its server error shows under it), confirm and cancel.
 * Controlled (`open`): the caller owns the mutation and closes the dialog on success.
 */
import { useId, useState } from 'react';
import type { ReactNode } from 'react';
import { Button } from './Button';
import { Dialog, DialogContent, DialogDescription, DialogFooter, DialogHeader, DialogTitle } from './Dialog';
import { Field, FieldError, FieldLabel } from './Field';
import { Input } from './Input';
import { useUi } from './UiProvider';

export interface ConfirmDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  title: string;
  description?: ReactNode;
  confirmLabel: string;
  busyLabel?: string;
  busy?: boolean;
  danger?: boolean;
  /** label of a reason field; absent: no reason is asked */
  reasonLabel?: string;
  reasonError?: string | undefined;
  /** shown above the buttons (e.g. the server's refusal) */
  error?: ReactNode;
  onConfirm: (reason: string) => void;
  children?: ReactNode;
}

export function ConfirmDialog({
  open,
  onOpenChange,
  title,
  description,
  confirmLabel,
  busyLabel,
  busy = false,
  danger = false,
  reasonLabel,
  reasonError,
  error,
  onConfirm,
  children,
}: ConfirmDialogProps) {
  const { text } = useUi();
  const [reason, setReason] = useState('');
  const id = useId();
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        if (!next) setReason('');
        onOpenChange(next);
      }}
    >
      <DialogContent data-testid="confirm">
        <form
          className="grid gap-4"
          aria-label={confirmLabel}
          noValidate
          onSubmit={(e) => {
            e.preventDefault();
            onConfirm(reason.trim());
          }}
        >
          <DialogHeader>
            <DialogTitle>{title}</DialogTitle>
            {description && <DialogDescription>{description}</DialogDescription>}
          </DialogHeader>
          {children}
          {reasonLabel && (
            <Field invalid={!!reasonError}>
              <FieldLabel htmlFor={`${id}-reason`}>{reasonLabel}</FieldLabel>
              <Input
                id={`${id}-reason`}
                name="reason"
                autoComplete="off"
                value={reason}
                aria-invalid={reasonError ? true : undefined}
                aria-describedby={reasonError ? `${id}-reason-error` : undefined}
                onChange={(e) => setReason(e.target.value)}
              />
              <FieldError id={`${id}-reason-error`}>{reasonError}</FieldError>
            </Field>
          )}
          {error}
          <DialogFooter>
            <Button variant="secondary" disabled={busy} onClick={() => onOpenChange(false)}>
              {text.cancel}
            </Button>
            <Button type="submit" variant={danger ? 'destructive' : 'default'} disabled={busy}>
              {busy && busyLabel ? busyLabel : confirmLabel}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
