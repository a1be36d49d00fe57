'use client';
import { ErrorPage } from '~/components/ErrorPage';

/** Unexpected failures outside the shell (the sign-in page, the (app) layout itself). */
export default function RootError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main className="mx-auto max-w-2xl p-4 sm:p-6">
      <ErrorPage onRetry={reset} />
    </main>
  );
}
