'use client';
/**
 * Toasts (sonner): `toast.success(text)` from anywhere, one <Toaster/> in the root layout.
 * sonner is loaded by the first toast, not by every page: until then the <Toaster/> renders
 * nothing; once loaded it subscribes, and sonner replays the toasts made before that.
 */
import { lazy, Suspense, useSyncExternalStore } from 'react';
import type * as SonnerModule from 'sonner';
import type { ExternalToast, ToasterProps } from 'sonner';

type Sonner = typeof SonnerModule;
let sonner: Promise<Sonner> | null = null;
const listeners = new Set<() => void>();

function loadSonner(): Promise<Sonner> {
  if (!sonner) {
    sonner = import('sonner');
    for (const listener of listeners) listener();
  }
  return sonner;
}

type Message = Parameters<Sonner['toast']['success']>[0];
const show =
  (kind: 'success' | 'error' | 'info' | 'warning' | 'message') =>
  (message: Message, options?: ExternalToast): void => {
    void loadSonner().then(({ toast }) => toast[kind](message, options));
  };

/** sonner's toast kinds (they show once sonner has loaded, a moment after the first call). */
export const toast = {
  success: show('success'),
  error: show('error'),
  info: show('info'),
  warning: show('warning'),
  message: show('message'),
};

const SonnerToaster = lazy(() => loadSonner().then((m) => ({ default: m.Toaster })));

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

export function Toaster(props: ToasterProps) {
  const wanted = useSyncExternalStore(
    subscribe,
    () => sonner !== null,
    () => false,
  );
  if (!wanted) return null;
  return (
    <Suspense fallback={null}>
      <SonnerToaster
        position="top-center"
        closeButton
        toastOptions={{
          classNames: {
            toast: 'rounded-lg border bg-card text-card-foreground shadow-lg',
            description: 'text-muted-foreground',
          },
        }}
        {...props}
      />
    </Suspense>
  );
}
