'use client';
import { useState } from 'react';
import { useTranslations } from 'next-intl';

/** Copies a shown-once secret to the clipboard (where the browser allows it). */
export function CopyButton({ value }: { value: string }) {
  const t = useTranslations();
  const [copied, setCopied] = useState(false);
  return (
    <button
      type="button"
      className="button secondary small"
      onClick={() => {
        void navigator.clipboard?.writeText(value).then(
          () => setCopied(true),
          () => setCopied(false),
        );
      }}
    >
      {copied ? t('common.copied') : t('common.copy')}
    </button>
  );
}
