/** Step 1 — authenticate: a Bearer access token (JWT), an API key (`rrk_…`) or the web session. */
import { AppError, serverMessage } from '@rrnet/contracts';
import type { Principal } from '@rrnet/auth';
import { enrichContext } from '@rrnet/logger';
import type { Context } from '../context';

export async function authenticate(ctx: Context): Promise<Principal> {
  const header = ctx.authorization?.trim();
  let principal: Principal;
  if (header) {
    const token = header.replace(/^Bearer\s+/i, '');
    principal = token.startsWith('rrk_')
      ? await ctx.services.auth.authenticateApiKey(token)
      : await ctx.services.auth.authenticateAccessToken(token, ctx.userAgent);
  } else if (ctx.webSession) {
    principal = await ctx.services.auth.authenticateWebSession(ctx.webSession, ctx.userAgent);
  } else {
    throw new AppError('UNAUTHENTICATED', { message: serverMessage('sign_in_or_token') });
  }
  enrichContext({ user_id: principal.userId ?? (principal.apiKeyId ? `api_key:${principal.apiKeyId}` : null), tenant_id: principal.tenantId });
  return principal;
}
