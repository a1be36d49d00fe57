'use client';
import { useFormStatus } from 'react-dom';
import type { ReactNode } from 'react';

/** A form's submit button, disabled and relabelled while its form action runs. */
export function SubmitButton({ children, pending, className = 'button' }: { children: ReactNode; pending: ReactNode; className?: string }) {
  const status = useFormStatus();
  return (
    <button type="submit" className={className} disabled={status.pending} aria-busy={status.pending}>
      {status.pending ? pending : children}
    </button>
  );
}
