/**
 * Step 1 for the subscriber portal — authenticate a portal session: only the portal's own
 * cookie (`rrnet_portal`) is read, never an operator's session, access token or API key;
 * and the operators' chain (./authenticate.ts) never reads the portal's cookie. Then the
 * ISP must be usable (./tenant_resolver.ts), like for its staff.
 */
import { AppError, serverMessage } from '@rrnet/contracts';
import { loadEntitlements } from '@rrnet/core/saas/entitlements';
import type { Entitlements } from '@rrnet/core/saas/entitlements';
import { portalSessionOf } from '@rrnet/core/portal/portal_auth';
import type { PortalScope } from '@rrnet/core/portal/portal_auth';
import { enrichContext } from '@rrnet/logger';
import type { Context } from '../context';
import { usableTenant } from './tenant_resolver';

export async function authenticatePortal(ctx: Context, type: 'query' | 'mutation' | 'subscription'): Promise<{ portal: PortalScope; tenant: Entitlements }> {
  const portal = ctx.portalToken ? await portalSessionOf(ctx.services.sql, ctx.portalToken, ctx.requestId) : null;
  if (!portal) throw new AppError('UNAUTHENTICATED', { message: serverMessage('portal_sign_in') });
  enrichContext({ user_id: `portal:${portal.customerId}`, tenant_id: portal.tenantId });
  const tenant = usableTenant(await loadEntitlements(ctx.services, portal.tenantId), type);
  return { portal, tenant };
}

/** The `Set-Cookie` value of a portal session (HttpOnly, SameSite=Lax; Secure on https); an empty token clears it. */
export function portalCookie(name: string, token: string, maxAgeSeconds: number, secure: boolean): string {
  return `${name}=${token}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${Math.max(0, Math.floor(maxAgeSeconds))}${secure ? '; Secure' : ''}`;
}
