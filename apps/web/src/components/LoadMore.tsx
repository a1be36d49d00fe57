'use client';
/** The "Load more" footer of a keyset-paged list (customers, invoices, payments). */
import { useTranslations } from 'next-intl';

interface Pages {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => Promise<unknown>;
}

export function LoadMore({ pages, label, testId }: { pages: Pages; label: string; testId?: string }) {
  const t = useTranslations();
  if (!pages.hasNextPage) return null;
  return (
    <div className="card-footer">
      <button type="button" className="button secondary" data-testid={testId} disabled={pages.isFetchingNextPage} onClick={() => void pages.fetchNextPage()}>
        {pages.isFetchingNextPage ? t('common.loading') : label}
      </button>
    </div>
  );
}
