'use client';
import Link from 'next/link';
import { useTranslations } from 'next-intl';

/** What an operator page shows when rendering failed unexpectedly (app/(app)/error.tsx). */
export function ErrorPage({ onRetry }: { onRetry: () => void }) {
  const t = useTranslations();
  return (
    <section className="card notice" role="alert">
      <h1>{t('error.page_title')}</h1>
      <p>{t('error.page_text')}</p>
      <div className="actions">
        <button type="button" className="button" onClick={onRetry}>
          {t('common.retry')}
        </button>
        <Link href="/" className="button secondary">
          {t('common.back_to_dashboard')}
        </Link>
      </div>
    </section>
  );
}
