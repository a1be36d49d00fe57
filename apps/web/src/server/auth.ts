/**
 * The web app's sign-in (next-auth, Credentials + JWT session strategy). Signing in goes
 * through the same AuthService as the API (argon2id, attempt limits, audit, the session
 * family in sys_sessions). The encrypted session cookie holds the session's claims
 * (sub, tid, role, session_id, fingerprint) and no token; every request re-checks that
 * session row (AuthService.authenticateWebSession), so signing out elsewhere or a
 * revocation ends the web session on its next request. Role and tenant name are
 * re-read from the database every 15 minutes (spec: user sessions 15 minutes).
 */
import 'server-only';
import NextAuth, { CredentialsSignin } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { AppError, loginInput, serverMessage } from '@rrnet/contracts';
import type { ErrorCode, Role } from '@rrnet/contracts';
import { verifyAccessToken } from '@rrnet/auth';
import type { WebSessionClaims } from '@rrnet/auth';
import { withPlatform } from '@rrnet/db';
import { AdmissionRefused } from '@rrnet/resilience';
import { webConfig } from '~/config';
import { requestIds } from './request_context';
import { services } from './services';

export const WEB_SESSION_MAX_AGE_SECONDS = 12 * 60 * 60;
const CLAIMS_REFRESH_MS = 15 * 60 * 1000;

class SignInRefused extends CredentialsSignin {
  constructor(code: string) {
    super();
    this.code = code;
  }
}

/** The sign-in form's code (login/actions.ts) for an AppError of AuthService.login. */
function signInRefusalCode(code: ErrorCode): string {
  switch (code) {
    case 'RATE_LIMITED':
      return 'rate_limited';
    case 'FORBIDDEN':
      return 'forbidden';
    case 'SERVICE_UNAVAILABLE':
      return 'unknown'; // the database or Redis is away: "not possible right now", not "wrong password"
    default:
      return 'invalid_credentials';
  }
}

interface RrnetClaims extends WebSessionClaims {
  email: string;
  name: string;
  tenant_name: string | null;
  checked_at: number;
}

declare module 'next-auth' {
  interface Session {
    rrnet: Omit<RrnetClaims, 'checked_at'>;
    /** only in the payload switchWebTenant gives updateWebSession; never in a session read */
    switch_access_token?: string;
  }
  interface User {
    rrnet?: RrnetClaims;
  }
}

async function profileOf(userId: string, tenantId: string | null) {
  return withPlatform(services().systemSql, { userId }, async ({ sql }) => {
    const [row] = await sql<{ email: string; name: string; tenant_name: string | null; role: string | null; status: string }[]>`
      SELECT u.email, u.name, u.status, t.name AS tenant_name, m.role
      FROM sys_users u
      LEFT JOIN tenant_memberships m ON m.user_id = u.id AND m.tenant_id = ${tenantId} AND m.status = 'active'
      LEFT JOIN saas_tenants t ON t.id = m.tenant_id
      WHERE u.id = ${userId}`;
    return row;
  });
}

/** The web session's claims from an access token the AuthService just issued (sign-in, ISP switch). */
async function claimsFromAccessToken(accessToken: string, fallbackEmail: string | null): Promise<RrnetClaims> {
  const claims = await verifyAccessToken(accessToken, webConfig().AUTH_SECRET);
  const profile = await profileOf(claims.sub, claims.tid);
  return {
    sub: claims.sub,
    tid: claims.tid,
    role: claims.role,
    session_id: claims.session_id,
    fingerprint: claims.fingerprint,
    email: profile?.email ?? fallbackEmail ?? '',
    name: profile?.name ?? fallbackEmail ?? '',
    tenant_name: profile?.tenant_name ?? null,
    checked_at: Date.now(),
  };
}

export const { handlers, auth, signIn, signOut, unstable_update: updateWebSession } = NextAuth({
  secret: webConfig().AUTH_SECRET,
  trustHost: true,
  session: { strategy: 'jwt', maxAge: WEB_SESSION_MAX_AGE_SECONDS },
  pages: { signIn: '/login' },
  logger: {
    error: (error) => services().logger.warn({ err: error }, 'next-auth'),
    warn: (code) => services().logger.warn({ code }, 'next-auth'),
  },
  providers: [
    Credentials({
      credentials: { email: {}, password: {} },
      async authorize(credentials, request) {
        const parsed = loginInput.safeParse({ email: credentials.email, password: credentials.password });
        if (!parsed.success) throw new SignInRefused('invalid_input');
        const ids = requestIds(request);
        try {
          // the sign-in lane of the admission gate (argon2 is CPU-bound: a burst waits or is refused here)
          const { auth, signInAdmission } = services();
          const tokens = await (signInAdmission ? signInAdmission.run(() => auth.login(parsed.data, ids)) : auth.login(parsed.data, ids));
          const rrnet = await claimsFromAccessToken(tokens.access_token, parsed.data.email);
          return { id: rrnet.sub, email: rrnet.email, name: rrnet.name, rrnet };
        } catch (err) {
          if (err instanceof AdmissionRefused) throw new SignInRefused('busy');
          if (err instanceof AppError) throw new SignInRefused(signInRefusalCode(err.code));
          throw err;
        }
      },
    }),
  ],
  callbacks: {
    async jwt({ token, user, trigger, session }) {
      if (user?.rrnet) return { ...token, rrnet: user.rrnet };
      const claims = token.rrnet as RrnetClaims | undefined;
      if (!claims) return null;
      // an ISP switch (switchWebTenant): the new session's claims come only from an access
      // token signed by this server for the same user; anything else sent to update is ignored
      const switched = (session as { switch_access_token?: unknown } | undefined)?.switch_access_token;
      if (trigger === 'update' && typeof switched === 'string') {
        const next = await claimsFromAccessToken(switched, claims.email).catch(() => null);
        return next && next.sub === claims.sub ? { ...token, rrnet: next } : token;
      }
      if (Date.now() - claims.checked_at > CLAIMS_REFRESH_MS) {
        const profile = await profileOf(claims.sub, claims.tid);
        if (!profile || profile.status !== 'active' || (claims.tid && !profile.role)) return null;
        const role = (claims.tid ? profile.role : claims.role) as Role;
        return { ...token, rrnet: { ...claims, role, name: profile.name, tenant_name: profile.tenant_name, checked_at: Date.now() } };
      }
      return token;
    },
    session({ session, token }) {
      const claims = token.rrnet as RrnetClaims;
      session.rrnet = {
        sub: claims.sub,
        tid: claims.tid,
        role: claims.role,
        session_id: claims.session_id,
        fingerprint: claims.fingerprint,
        email: claims.email,
        name: claims.name,
        tenant_name: claims.tenant_name,
      };
      return session;
    },
  },
});

/** The claims of the web session behind the current request, or null. */
export async function webSessionClaims(): Promise<WebSessionClaims | null> {
  const session = await auth();
  return session?.rrnet ?? null;
}

/** Ends the server-side session of the current web session (sign-out). */
export async function endWebSession(ids: { requestId: string; ip: string | null; userAgent: string | null }): Promise<void> {
  const claims = await webSessionClaims();
  if (!claims) return;
  const principal = await services().auth.authenticateWebSession(claims, ids.userAgent).catch(() => null);
  if (principal) await services().auth.logout(principal, ids);
}

/**
 * Switch the web session to another ISP the user is an active member of: the AuthService
 * opens a session there (membership checked, the old session ended, audited) and the
 * cookie takes the new session's claims.
 */
export async function switchWebTenant(
  tenantId: string,
  ids: { requestId: string; ip: string | null; userAgent: string | null },
): Promise<{ tenant_id: string; role: Role }> {
  const claims = await webSessionClaims();
  if (!claims) throw new AppError('UNAUTHENTICATED', { message: serverMessage('sign_in_first') });
  const principal = await services().auth.authenticateWebSession(claims, ids.userAgent);
  const tokens = await services().auth.switchTenant(principal, tenantId, ids);
  await updateWebSession({ switch_access_token: tokens.access_token });
  const next = await verifyAccessToken(tokens.access_token, webConfig().AUTH_SECRET);
  return { tenant_id: tenantId, role: next.role };
}
