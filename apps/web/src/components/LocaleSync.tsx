'use client';
/**
 * Keeps the server's language and the stored choice in step: a choice kept in the store
 * whose cookie is gone (cleared, or made before the cookie existed) is written again and
 * the page re-rendered in it. Also sets zod's messages to the page's language, so
 * client-side form errors read in it.
 */
import { useRouter } from 'next/navigation';
import { useLocale } from 'next-intl';
import { useEffect } from 'react';
import { config as zodConfig } from 'zod/v4/core';
import en from 'zod/v4/locales/en.js';
import id from 'zod/v4/locales/id.js';
import { useLocaleStore } from '~/hooks/useLocaleStore';
import { LOCALE_COOKIE } from '~/lib/locale';

export function LocaleSync() {
  const locale = useLocale();
  const router = useRouter();
  const chosen = useLocaleStore((s) => s.locale);
  const setLocale = useLocaleStore((s) => s.setLocale);
  zodConfig(locale === 'id' ? id() : en());
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  useEffect(() => {
    if (chosen && chosen !== locale && !document.cookie.split('; ').includes(`${LOCALE_COOKIE}=${chosen}`)) {
      setLocale(chosen);
      router.refresh();
    }
  }, [chosen, locale, setLocale, router]);
  return null;
}
