'use client';
import { ErrorPage } from '~/components/ErrorPage';

/** Unexpected failures outside the shell (the sign-in page, the (app) layout itself). */
export default function RootError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main className="content">
      <ErrorPage onRetry={reset} />
    </main>
  );
}
