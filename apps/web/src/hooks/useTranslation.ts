'use client';
import { useCallback } from 'react';
import { MESSAGES, interpolate } from '~/i18n/messages';
import type { MessageKey } from '~/i18n/messages';
import { useLocaleStore } from './useLocaleStore';

/**
 * `t(key, vars?)` in the current language (placeholders like `{name}` filled from
 * `vars`), plus the locale for number/date formatting.
 */
export function useTranslation() {
  const locale = useLocaleStore((s) => s.locale);
  const t = useCallback(
    (key: MessageKey, vars?: Record<string, string | number>) => interpolate(MESSAGES[locale][key], vars),
    [locale],
  );
  return { t, locale };
}
