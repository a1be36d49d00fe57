'use client';
import { useEffect } from 'react';
import { useTranslation } from '~/hooks/useTranslation';

/** Keeps `<html lang>` in step with the chosen UI language (screen readers, spell check). */
export function LocaleSync() {
  const { locale } = useTranslation();
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  return null;
}
