'use client';
/**
 * Keeps the server's language and the stored choice in step: a choice kept in the store
 * whose cookie is gone (cleared, or made before the cookie existed) is written again and
 * the page re-rendered in it. (zod's messages follow the language where a form is:
 * ~/hooks/useZodForm.)
 */
import { useRouter } from 'next/navigation';
import { useLocale } from 'next-intl';
import { useEffect } from 'react';
import { useLocaleStore } from '~/hooks/useLocaleStore';
import { LOCALE_COOKIE } from '~/lib/locale';

export function LocaleSync() {
  const locale = useLocale();
  const router = useRouter();
  const chosen = useLocaleStore((s) => s.locale);
  const setLocale = useLocaleStore((s) => s.setLocale);
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
