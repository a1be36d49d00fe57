'use client';
import { useCallback } from 'react';
import { MESSAGES } from '~/i18n/messages';
import type { MessageKey } from '~/i18n/messages';
import { useLocaleStore } from './useLocaleStore';

/** `t(key)` in the current language, plus the locale for number/date formatting. */
export function useTranslation() {
  const locale = useLocaleStore((s) => s.locale);
  const t = useCallback((key: MessageKey) => MESSAGES[locale][key], [locale]);
  return { t, locale };
}
