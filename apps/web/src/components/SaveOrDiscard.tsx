'use client';
/**
 * A settings form's buttons: Save (only when something changed; "Saving…" while the call
 * runs) and, once something changed, Discard, which puts the stored values back.
 */
import { useTranslations } from 'next-intl';
import { Button } from '@rrnet/ui/Button';

export function SaveOrDiscard({ dirty, pending, discardLabel, onDiscard }: { dirty: boolean; pending: boolean; discardLabel: string; onDiscard: () => void }) {
  const t = useTranslations('common');
  return (
    <div className="flex flex-wrap gap-2">
      <Button type="submit" disabled={!dirty || pending}>
        {pending ? t('saving') : t('save')}
      </Button>
      {dirty && (
        <Button variant="secondary" onClick={onDiscard}>
          {discardLabel}
        </Button>
      )}
    </div>
  );
}
