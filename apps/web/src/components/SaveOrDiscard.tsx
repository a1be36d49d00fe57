'use client';
/**
 * A settings form's buttons: Save (only when something changed; "Saving…" while the call
 * runs) and, once something changed, Discard, which puts the stored values back and
 * clears the last save's error.
 */
import { useTranslations } from 'next-intl';
import { Button } from '@rrnet/ui/Button';

export function SaveOrDiscard({
  form,
  save,
  discardLabel,
}: {
  form: { reset: () => void; formState: { isDirty: boolean } };
  save: { isPending: boolean; reset: () => void };
  discardLabel: string;
}) {
  const t = useTranslations('common');
  const dirty = form.formState.isDirty;
  return (
    <div className="flex flex-wrap gap-2">
      <Button type="submit" disabled={!dirty || save.isPending}>
        {save.isPending ? t('saving') : t('save')}
      </Button>
      {dirty && (
        <Button
          variant="secondary"
          onClick={() => {
            form.reset();
            save.reset();
          }}
        >
          {discardLabel}
        </Button>
      )}
    </div>
  );
}
