'use client';
/** The sign-in page: e-mail and password, refusals translated per code. */
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useActionState } from 'react';
import { Alert } from '@rrnet/ui/Alert';
import { Card, CardContent, CardDescription, CardHeader } from '@rrnet/ui/Card';
import { Field, FieldLabel } from '@rrnet/ui/Field';
import { Input } from '@rrnet/ui/Input';
import { signInAction } from '~/app/login/actions';
import type { SignInState } from '~/app/login/actions';
import { LanguageSwitcher } from './LanguageSwitcher';
import { SubmitButton } from './SubmitButton';

const INITIAL: SignInState = { error: null, email: '' };

export function LoginView() {
  const t = useTranslations();
  const [state, formAction] = useActionState(signInAction, INITIAL);

  return (
    <div className="min-h-dvh bg-[linear-gradient(var(--sidebar)_0_16rem,var(--background)_16rem)] px-4 pb-10">
      <div className="flex justify-end py-3">
        <LanguageSwitcher />
      </div>
      <main className="mx-auto mt-6 w-full max-w-sm sm:mt-12">
        <Card className="gap-5 py-6 shadow-lg">
          <CardHeader className="gap-3 px-6">
            <div className="flex items-center gap-2 text-sidebar">
              <span className="rounded-md bg-sidebar px-1.5 py-0.5 text-sm font-extrabold text-white">{t('app.mark')}</span>
              <span className="text-lg font-bold">{t('app.name')}</span>
            </div>
            <h1 className="m-0 text-2xl font-semibold">{t('login.title')}</h1>
            <CardDescription>{t('login.subtitle')}</CardDescription>
          </CardHeader>
          <CardContent className="grid gap-4 px-6">
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
          </CardContent>
        </Card>
      </main>
    </div>
  );
}
