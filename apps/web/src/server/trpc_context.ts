/** Builds the tRPC context of a request: ids, client traits, credentials, services. */
import 'server-only';
import type { Context } from '@rrnet/api';
import type { RequestIds } from './request_context';
import { webSessionClaims } from './auth';
import { services } from './services';

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
    idempotencyKey: rest ? req.headers.get('idempotency-key') : null,
    resHeaders,
    services: services(),
  };
}
