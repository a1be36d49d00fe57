'use client';
/** An isolation event's reason or error: the backend's fixed English texts translated, people's words as written. */
import { useTranslations } from 'next-intl';
import { ISOLIR_TEXT_KEYS } from '~/lib/billing';

export function IsolirText({ text }: { text: string }) {
  const t = useTranslations();
  const key = Object.hasOwn(ISOLIR_TEXT_KEYS, text) ? ISOLIR_TEXT_KEYS[text as keyof typeof ISOLIR_TEXT_KEYS] : null;
  return key ? <span title={text}>{t(key)}</span> : <>{text}</>;
}
