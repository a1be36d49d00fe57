/** tRPC over HTTP for the web app (session cookie) and the typed client (Bearer). */
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { appRouter } from '@rrnet/api';
import { AppError } from '@rrnet/contracts';
import { requestIds, withRequestContext } from '~/server/request_context';
import { createContext } from '~/server/trpc_context';

export const dynamic = 'force-dynamic';

function handler(req: Request): Promise<Response> {
  const ids = requestIds(req);
  return withRequestContext(ids, () =>
    fetchRequestHandler({
      endpoint: '/api/trpc',
      req,
      router: appRouter,
      createContext: ({ resHeaders }) => createContext(req, ids, resHeaders, false),
      responseMeta: ({ errors }) => {
        const headers = new Headers({ 'x-request-id': ids.requestId });
        for (const error of errors) {
          if (error.cause instanceof AppError) {
            for (const [name, value] of Object.entries(error.cause.headers ?? {})) headers.set(name, value);
          }
        }
        return { headers };
      },
    }),
  );
}

export { handler as GET, handler as POST };
