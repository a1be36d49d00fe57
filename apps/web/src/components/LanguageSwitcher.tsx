'use client';
/** The language switch: the choice persists (store + cookie) and the page re-renders in it. */
import { useRouter } from 'next/navigation';
import { useLocale, useTranslations } from 'next-intl';
import { useId, useTransition } from 'react';
import { SUPPORTED_LOCALES } from '@rrnet/contracts';
import type { Locale } from '@rrnet/contracts';
import { Select } from '@rrnet/ui/Select';
import { useLocaleStore } from '~/hooks/useLocaleStore';

export function LanguageSwitcher({ className }: { className?: string }) {
  const t = useTranslations('shell');
  const locale = useLocale();
  const router = useRouter();
  const id = useId();
  const [pending, startTransition] = useTransition();
  const setLocale = useLocaleStore((s) => s.setLocale);
  return (
    <div className={className}>
      <label htmlFor={id} className="sr-only">
        {t('language')}
      </label>
      <Select
        id={id}
        aria-label={t('language')}
        value={locale}
        disabled={pending}
        className="h-9 w-auto min-w-36 text-sm"
        onChange={(e) => {
          setLocale(e.target.value as Locale);
          startTransition(() => router.refresh());
        }}
      >
        {SUPPORTED_LOCALES.map((l) => (
          <option key={l} value={l}>
            {t(`language_name.${l}`)}
          </option>
        ))}
      </Select>
    </div>
  );
}
