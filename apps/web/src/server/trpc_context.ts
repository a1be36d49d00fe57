/** Builds the tRPC context of a request: ids, client traits, credentials, services. */
import 'server-only';
import type { Context } from '@rrnet/api';
import type { RequestIds } from './request_context';
import { webSessionClaims } from './auth';
import { services } from './services';
import { PORTAL_COOKIE } from '@rrnet/core/portal/portal_rules';

export async function createContext(req: Request, ids: RequestIds, resHeaders: Headers | null, rest: boolean): Promise<Context> {
  const authorization = req.headers.get('authorization');
  // Browsers send the session cookie; tools send Authorization. The header wins.
  const webSession = authorization
    ? null
    : await webSessionClaims().catch((err: unknown) => {
        // an unreadable or foreign cookie is no session; the request then needs a token
        services().logger.debug({ err }, 'no readable web session');
        return null;
      });
  return {
    requestId: ids.requestId,
    traceId: ids.traceId,
    ip: ids.ip,
    userAgent: ids.userAgent,
    authorization,
    webSession,
    portalToken: portalTokenOf(req.headers.get('cookie')),
    idempotencyKey: rest ? req.headers.get('idempotency-key') : null,
    resHeaders,
    services: services(),
  };
}

/** The subscriber portal's cookie, read on its own: it is never an operator's credential. */
function portalTokenOf(cookie: string | null): string | null {
  if (!cookie) return null;
  for (const part of cookie.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === PORTAL_COOKIE) return decodeURIComponent(part.slice(eq + 1).trim()) || null;
  }
  return null;
}
