/**
 * Typed client for internal tools: the same procedures, inputs and outputs the web app
 * uses, checked by TypeScript.
 *
 *   const rrnet = createRrnetClient({ baseUrl, auth: { apiKey: 'rrk_…' } });
 *   const rrnet = createRrnetClient({ baseUrl, auth: { email, password } });
 *
 * With e-mail and password the client signs in on first use, sends the access token,
 * and when it expires (UNAUTHENTICATED) rotates the refresh token once and retries; if
 * the refresh is refused it signs in again. Tokens stay in memory only.
 */
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import superjson from 'superjson';
import type { AppRouter } from '@rrnet/api';
import type { TokenPair } from '@rrnet/contracts';

export type { AppRouter, RouterInputs, RouterOutputs } from '@rrnet/api';

export type RrnetAuth =
  | { apiKey: string }
  | { email: string; password: string; tenantSlug?: string };

export interface RrnetClientOptions {
  /** e.g. http://localhost:3000 */
  baseUrl: string;
  auth?: RrnetAuth;
  /** sent as User-Agent; access tokens are bound to it (fingerprint) */
  userAgent?: string;
  fetch?: typeof fetch;
}

const DEFAULT_USER_AGENT = 'rrnet-client/1.0';

export function createRrnetClient(options: RrnetClientOptions) {
  const baseFetch = options.fetch ?? globalThis.fetch;
  const url = `${options.baseUrl.replace(/\/$/, '')}/api/trpc`;
  const userAgent = options.userAgent ?? DEFAULT_USER_AGENT;
  const auth = options.auth;
  let tokens: TokenPair | null = null;
  let pending: Promise<TokenPair> | null = null;

  // an unauthenticated client for sign-in and refresh
  const raw = createTRPCClient<AppRouter>({
    links: [httpBatchLink({ url, transformer: superjson, headers: () => ({ 'user-agent': userAgent }), fetch: baseFetch })],
  });

  const signIn = () => {
    if (!auth || 'apiKey' in auth) throw new Error('no credentials to sign in with');
    return raw.auth.login.mutate({ email: auth.email, password: auth.password, ...(auth.tenantSlug ? { tenant_slug: auth.tenantSlug } : {}) });
  };
  const renew = async (): Promise<TokenPair> => {
    if (tokens) {
      try {
        return await raw.auth.refresh.mutate({ refresh_token: tokens.refresh_token });
      } catch {
        // refused (expired, revoked, reused): sign in again below
      }
    }
    return signIn();
  };
  /** one sign-in/refresh at a time, shared by concurrent calls */
  const obtain = (force: boolean): Promise<TokenPair> => {
    if (tokens && !force) return Promise.resolve(tokens);
    pending ??= renew().then(
      (t) => {
        tokens = t;
        pending = null;
        return t;
      },
      (err: unknown) => {
        pending = null;
        throw err;
      },
    );
    return pending;
  };

  const authedFetch: typeof fetch = async (input, init) => {
    const send = (authorization: string | null) => {
      const headers = new Headers(init?.headers);
      headers.set('user-agent', userAgent);
      if (authorization) headers.set('authorization', authorization);
      return baseFetch(input, { ...init, headers });
    };
    if (!auth) return send(null);
    if ('apiKey' in auth) return send(`Bearer ${auth.apiKey}`);
    const first = await send(`Bearer ${(await obtain(false)).access_token}`);
    if (first.status !== 401) return first;
    return send(`Bearer ${(await obtain(true)).access_token}`);
  };

  return createTRPCClient<AppRouter>({
    links: [httpBatchLink({ url, transformer: superjson, fetch: authedFetch })],
  });
}

export type RrnetClient = ReturnType<typeof createRrnetClient>;
