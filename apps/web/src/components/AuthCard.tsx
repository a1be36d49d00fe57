'use client';
/**
 * The frame of the pages before signing in (sign-in, sign-up): the language switcher,
 * then one card with the product's mark, the title, what to do, and the form.
 */
import { useTranslations } from 'next-intl';
import type { ReactNode } from 'react';
import { Card, CardContent, CardDescription, CardHeader } from '@rrnet/ui/Card';
import { cn } from '@rrnet/ui/cn';
import { LanguageSwitcher } from './LanguageSwitcher';

export function AuthCard({
  title,
  description,
  descriptionTestId,
  wide = false,
  children,
}: {
  title: ReactNode;
  description: ReactNode;
  descriptionTestId?: string;
  /** a longer form (sign-up) */
  wide?: boolean;
  children: ReactNode;
}) {
  const t = useTranslations('app');
  return (
    <div className="min-h-dvh bg-[linear-gradient(var(--sidebar)_0_16rem,var(--background)_16rem)] px-4 pb-10">
      <div className="flex justify-end py-3">
        <LanguageSwitcher />
      </div>
      <main className={cn('mx-auto w-full', wide ? 'mt-2 max-w-xl sm:mt-8' : 'mt-6 max-w-sm sm:mt-12')}>
        <Card className="gap-5 py-6 shadow-lg">
          <CardHeader className="gap-3 px-5 sm:px-6">
            <div className="flex items-center gap-2 text-sidebar">
              <span className="rounded-md bg-sidebar px-1.5 py-0.5 text-sm font-extrabold text-white">{t('mark')}</span>
              <span className="text-lg font-bold">{t('name')}</span>
            </div>
            <h1 className="m-0 text-2xl font-semibold">{title}</h1>
            <CardDescription data-testid={descriptionTestId}>{description}</CardDescription>
          </CardHeader>
          <CardContent className="grid gap-4 px-5 sm:px-6">{children}</CardContent>
        </Card>
      </main>
    </div>
  );
}
