'use client';
import { ErrorPage } from '~/components/ErrorPage';

export default function OperatorError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <ErrorPage onRetry={reset} />;
}
