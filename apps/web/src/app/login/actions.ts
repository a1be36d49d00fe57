'use server';
/**
 * Sign-in with e-mail and password (next-auth Credentials → AuthService.login). A
 * refusal comes back as a code the form translates; success redirects to the dashboard.
 */
import { AuthError } from 'next-auth';
import { signIn } from '~/server/auth';

export type SignInErrorCode = 'invalid_credentials' | 'rate_limited' | 'forbidden' | 'invalid_input' | 'busy' | 'unknown';

export interface SignInState {
  error: SignInErrorCode | null;
  email: string;
}

const KNOWN: readonly SignInErrorCode[] = ['invalid_credentials', 'rate_limited', 'forbidden', 'invalid_input', 'busy', 'unknown'];

function refusalOf(err: AuthError): SignInErrorCode {
  // the provider's refusal: CredentialsSignin with a code (server/auth.ts)
  if (err.type === 'CredentialsSignin') {
    const code = (err as AuthError & { code?: unknown }).code;
    return KNOWN.find((k) => k === code) ?? 'invalid_credentials';
  }
  return 'unknown';
}

export async function signInAction(_previous: SignInState, form: FormData): Promise<SignInState> {
  const email = String(form.get('email') ?? '').trim();
  const password = String(form.get('password') ?? '');
  if (!email || !password) return { error: 'invalid_input', email };
  try {
    await signIn('credentials', { email, password, redirectTo: '/' });
  } catch (err) {
    if (err instanceof AuthError) return { error: refusalOf(err), email };
    throw err; // the success redirect (NEXT_REDIRECT) and real failures
  }
  return { error: null, email };
}
