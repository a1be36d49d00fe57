'use client';
/** Toasts (sonner): `toast.success(text)` from anywhere, one <Toaster/> in the root layout. */
import { Toaster as Sonner, toast } from 'sonner';
import type { ToasterProps } from 'sonner';

export { toast };

export function Toaster(props: ToasterProps) {
  return (
    <Sonner
      position="top-center"
      closeButton
      toastOptions={{ classNames: { toast: 'rounded-lg border bg-card text-card-foreground shadow-lg', description: 'text-muted-foreground' } }}
      {...props}
    />
  );
}
