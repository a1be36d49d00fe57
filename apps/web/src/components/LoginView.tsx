'use client';
/** The sign-in page: e-mail and password, refusals translated per code. */
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useActionState } from 'react';
import { Alert } from '@rrnet/ui/Alert';
import { Field, FieldLabel } from '@rrnet/ui/Field';
import { Input } from '@rrnet/ui/Input';
import { signInAction } from '~/app/login/actions';
import type { SignInState } from '~/app/login/actions';
import { AuthCard } from './AuthCard';
import { SubmitButton } from './SubmitButton';

const INITIAL: SignInState = { error: null, email: '' };

export function LoginView() {
  const t = useTranslations();
  const [state, formAction] = useActionState(signInAction, INITIAL);

  return (
    <AuthCard title={t('login.title')} description={t('login.subtitle')}>
        {state.error && (
          <Alert tone="danger" role="alert" data-testid="login-error">
            {t(`login.error.${state.error}`)}
          </Alert>
        )}
        <form action={formAction} className="grid gap-4" noValidate>
          <Field>
            <FieldLabel htmlFor="login-email">{t('login.email')}</FieldLabel>
            <Input id="login-email" name="email" type="email" autoComplete="username" required autoFocus defaultValue={state.email} key={state.email} />
          </Field>
          <Field>
            <FieldLabel htmlFor="login-password">{t('login.password')}</FieldLabel>
            <Input id="login-password" name="password" type="password" autoComplete="current-password" required />
          </Field>
          <SubmitButton wide size="lg" pending={t('login.submitting')}>
            {t('login.submit')}
          </SubmitButton>
        </form>
        <p className="m-0 text-center text-sm text-muted-foreground">
          {t('login.no_account')} <Link href="/signup">{t('login.signup')}</Link>
        </p>
    </AuthCard>
  );
}
