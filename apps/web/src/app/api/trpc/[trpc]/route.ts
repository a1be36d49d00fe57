/** tRPC over HTTP for the web app and the typed client. */
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { appRouter } from '@rrnet/api';
import { requestIds, withRequestContext } from '~/server/request_context';
import { services } from '~/server/services';

export const dynamic = 'force-dynamic';

function handler(req: Request): Promise<Response> {
  const ids = requestIds(req);
  return withRequestContext(ids, () =>
    fetchRequestHandler({
      endpoint: '/api/trpc',
      req,
      router: appRouter,
      createContext: () => ({ ...ids, services: services() }),
      responseMeta: () => ({ headers: new Headers({ 'x-request-id': ids.requestId }) }),
    }),
  );
}

export { handler as GET, handler as POST };
