'use client';
/** Shown-once secrets (a temporary password, an API key, a payment link): the value and a button that copies it. */
import { Check, Copy } from 'lucide-react';
import { useTranslations } from 'next-intl';
import { useState } from 'react';
import type { ReactNode } from 'react';
import { Button } from '@rrnet/ui/Button';

/** Copies the value to the clipboard (where the browser allows it). */
export function CopyButton({ value }: { value: string }) {
  const t = useTranslations('common');
  const [copied, setCopied] = useState(false);
  return (
    <Button
      variant="secondary"
      size="sm"
      onClick={() => {
        void navigator.clipboard?.writeText(value).then(
          () => setCopied(true),
          () => setCopied(false),
        );
      }}
    >
      {copied ? <Check aria-hidden /> : <Copy aria-hidden />}
      {copied ? t('copied') : t('copy')}
    </Button>
  );
}

/** The value (wrapping anywhere, so a long key never widens a phone's page) with its copy button; `children` replaces the plain code (a link). */
export function CopyableValue({ value, testId, children }: { value: string; testId?: string; children?: ReactNode }) {
  return (
    <div className="flex flex-wrap items-center gap-2">
      {children ?? (
        <code className="rounded-md bg-muted px-2 py-1 font-mono text-sm break-all" data-testid={testId}>
          {value}
        </code>
      )}
      <CopyButton value={value} />
    </div>
  );
}
