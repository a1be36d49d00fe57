'use client';
/**
 * A failed tRPC call, explained: the translated message for its spec code, the server's
 * more specific message (translated too, see useTrpcError) when there is one, the request
 * id for support. A page-level
 * refusal (`page`) reads as "no permission" / "not in your plan" / "sign in again" rather
 * than a failure.
 */
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { Alert } from '@rrnet/ui/Alert';
import { Button } from '@rrnet/ui/Button';
import { fieldErrorsOf, useTrpcError } from '~/hooks/useTrpcError';
import { NoPermission, NotInPlan } from './NoPermission';

export function ErrorNotice({ error, page = false, onDismiss }: { error: unknown; page?: boolean; onDismiss?: () => void }) {
  const t = useTranslations();
  const { describe } = useTrpcError();
  const info = describe(error);

  if (page && info.code === 'FORBIDDEN') return <NoPermission />;
  if (page && info.code === 'FEATURE_DISABLED') return <NotInPlan />;

  return (
    <Alert tone="danger" role="alert" data-testid="error-notice" data-error-code={info.code ?? 'network'}>
      <p className="font-medium">{info.message}</p>
      {info.detail && <p className="text-sm opacity-90">{info.detail}</p>}
      {info.code === 'UNAUTHENTICATED' && <Link href="/login">{t('common.sign_in_again')}</Link>}
      {info.requestId && info.code === 'INTERNAL_ERROR' && (
        <p className="text-sm opacity-90">
          {t('error.request_id')}: <code>{info.requestId}</code>
        </p>
      )}
      {onDismiss && (
        <Button variant="link" size="sm" className="justify-self-start" onClick={onDismiss}>
          {t('common.close')}
        </Button>
      )}
    </Alert>
  );
}

/**
 * A form's failed save: the notice, unless every field message of the answer landed on a
 * field of the form (`unclaimed`, from useServerErrors, is empty while `details` named fields).
 */
export function FormErrorNotice({ error, unclaimed, onDismiss }: { error: unknown; unclaimed: Record<string, string>; onDismiss?: () => void }) {
  if (!error) return null;
  if (Object.keys(unclaimed).length === 0 && Object.keys(fieldErrorsOf(error)).length > 0) return null;
  return <ErrorNotice error={error} onDismiss={onDismiss} />;
}
