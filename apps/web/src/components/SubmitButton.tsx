'use client';
import { useFormStatus } from 'react-dom';
import type { ReactNode } from 'react';
import { Button } from '@rrnet/ui/Button';
import type { ButtonProps } from '@rrnet/ui/Button';

/** A form action's submit button, disabled and relabelled while the action runs. */
export function SubmitButton({ children, pending, ...props }: Omit<ButtonProps, 'type'> & { children: ReactNode; pending: ReactNode }) {
  const status = useFormStatus();
  return (
    <Button type="submit" disabled={status.pending} aria-busy={status.pending} {...props}>
      {status.pending ? pending : children}
    </Button>
  );
}
