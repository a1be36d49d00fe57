/**
 * The signed-in user behind a page request, or null. A next-auth cookie alone is not
 * enough: its session family must still be active (not signed out elsewhere, revoked
 * or evicted), checked the same way the API checks it. Cached per request.
 */
import 'server-only';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { cache } from 'react';
import { AppError } from '@rrnet/contracts';
import type { Principal } from '@rrnet/auth';
import type { SessionUser } from '~/hooks/useSessionUser';
import { auth } from '~/server/auth';
import { services } from '~/server/services';

function isUnauthenticated(err: unknown): boolean {
  return err instanceof AppError && err.code === 'UNAUTHENTICATED';
}

export const activeSessionUser = cache(async (): Promise<SessionUser | null> => {
  const session = await auth();
  const claims = session?.rrnet;
  if (!claims) return null;
  const userAgent = (await headers()).get('user-agent');
  let principal: Principal;
  try {
    principal = await services().auth.authenticateWebSession(claims, userAgent);
  } catch (err) {
    if (isUnauthenticated(err)) return null;
    throw err; // the database is down or similar: the error page, not a sign-in loop
  }
  return {
    user_id: claims.sub,
    email: claims.email,
    name: claims.name,
    role: claims.role,
    tenant_id: claims.tid,
    tenant_name: claims.tenant_name,
    // the role's, or the ISP's custom role's the member holds (AuthService decides)
    permissions: [...principal.permissions],
  };
});

/** The signed-in user, or a redirect to /login. */
export async function requireSessionUser(): Promise<SessionUser> {
  const user = await activeSessionUser();
  if (!user) redirect('/login');
  return user;
}
