'use client';
import { SUPPORTED_LOCALES } from '@rrnet/contracts';
import { useLocaleStore } from '~/hooks/useLocaleStore';
import { useTranslation } from '~/hooks/useTranslation';

const LABELS = { id: 'Bahasa Indonesia', en: 'English' } as const;

export function LanguageSwitcher() {
  const { t, locale } = useTranslation();
  const setLocale = useLocaleStore((s) => s.setLocale);
  return (
    <label className="language-switcher">
      <span>{t('shell.language')}</span>
      <select
        aria-label={t('shell.language')}
        value={locale}
        onChange={(e) => setLocale(e.target.value as (typeof SUPPORTED_LOCALES)[number])}
      >
        {SUPPORTED_LOCALES.map((l) => (
          <option key={l} value={l}>
            {LABELS[l]}
          </option>
        ))}
      </select>
    </label>
  );
}
