'use client';
/** What a page shows when rendering failed unexpectedly (app/error.tsx, app/(app)/error.tsx): say so, offer a retry and the way home. */
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { Button } from '@rrnet/ui/Button';
import { Card, CardDescription, CardFooter, CardHeader } from '@rrnet/ui/Card';

export function ErrorPage({ onRetry }: { onRetry: () => void }) {
  const t = useTranslations();
  return (
    <Card role="alert" className="border-destructive/30">
      <CardHeader>
        <h1 className="m-0 text-xl font-semibold">{t('error.page_title')}</h1>
        <CardDescription>{t('error.page_text')}</CardDescription>
      </CardHeader>
      <CardFooter>
        <Button onClick={onRetry}>{t('common.retry')}</Button>
        <Button variant="secondary" asChild>
          <Link href="/">{t('common.back_to_dashboard')}</Link>
        </Button>
      </CardFooter>
    </Card>
  );
}
