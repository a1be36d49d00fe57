'use client';
/**
 * What an action did, said on the page (role=status): "Router added", "Payment recorded".
 * Renders nothing while there is nothing to say (null, false, ''), so a page writes
 * `<DoneNotice>{notice}</DoneNotice>`; with `onDismiss` it has a close button.
 */
import { useTranslations } from 'next-intl';
import type { ComponentProps, ReactNode } from 'react';
import { Alert } from '@rrnet/ui/Alert';
import { Button } from '@rrnet/ui/Button';

type Props = Omit<ComponentProps<typeof Alert>, 'children' | 'role'> & {
  children: ReactNode;
  onDismiss?: () => void;
};

export function DoneNotice({ children, onDismiss, tone = 'success', ...props }: Props) {
  const t = useTranslations('common');
  if (children === null || children === undefined || children === false || children === '')
    return null;
  return (
    <Alert tone={tone} role="status" {...props}>
      <p>{children}</p>
      {onDismiss && (
        <Button variant="link" size="sm" className="justify-self-start" onClick={onDismiss}>
          {t('close')}
        </Button>
      )}
    </Alert>
  );
}
