'use client';
/** The sign-in page: e-mail and password, refusals translated per code. */
import { useActionState } from 'react';
import { signInAction } from '~/app/login/actions';
import type { SignInState } from '~/app/login/actions';
import { useTranslations } from 'next-intl';
import { LanguageSwitcher } from './LanguageSwitcher';
import { SubmitButton } from './SubmitButton';

const INITIAL: SignInState = { error: null, email: '' };

export function LoginView() {
  const t = useTranslations();
  const [state, formAction] = useActionState(signInAction, INITIAL);

  return (
    <div className="auth-page">
      <div className="auth-topbar">
        <LanguageSwitcher />
      </div>
      <main className="auth-card card">
        <div className="brand auth-brand">
          <span className="brand-mark">RR</span>
          <span className="brand-name">{t('app.name')}</span>
        </div>
        <h1>{t('login.title')}</h1>
        <p className="muted">{t('login.subtitle')}</p>
        {state.error && (
          <p className="alert error" role="alert" data-testid="login-error">
            {t(`login.error.${state.error}`)}
          </p>
        )}
        <form action={formAction} className="form" noValidate>
          <label className="field">
            <span>{t('login.email')}</span>
            <input
              name="email"
              type="email"
              autoComplete="username"
              required
              autoFocus
              defaultValue={state.email}
              key={state.email}
            />
          </label>
          <label className="field">
            <span>{t('login.password')}</span>
            <input name="password" type="password" autoComplete="current-password" required />
          </label>
          <SubmitButton className="button wide" pending={t('login.submitting')}>
            {t('login.submit')}
          </SubmitButton>
        </form>
      </main>
    </div>
  );
}
