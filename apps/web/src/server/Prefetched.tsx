/**
 * A page's first answers, asked on the server through the same chain a browser's call goes
 * through (session, tenant, rate limit, features, permission, RLS) and handed to the client
 * cache: what the page shows first is in its HTML instead of waiting for the page's script
 * to start and ask (create-t3-turbo's `prefetch` + `HydrateClient`). A query the server
 * could not answer (refused, failed) is simply asked again by the browser.
 */
import 'server-only';
import { dehydrate, HydrationBoundary, QueryClient } from '@tanstack/react-query';
import type { QueryKey } from '@tanstack/react-query';
import { createTRPCOptionsProxy } from '@trpc/tanstack-react-query';
import type { TRPCOptionsProxy } from '@trpc/tanstack-react-query';
import { headers } from 'next/headers';
import type { ReactNode } from 'react';
import superjson from 'superjson';
import { appRouter } from '@rrnet/api';
import type { AppRouter } from '@rrnet/api';
import { requestIds, withRequestContext } from './request_context';
import { createContext } from './trpc_context';

type Options = { queryKey: QueryKey; queryFn?: unknown };

export async function Prefetched({ queries, children }: { queries: (trpc: TRPCOptionsProxy<AppRouter>) => Options[]; children: ReactNode }) {
  const req = new Request('http://rrnet.internal/api/trpc', { headers: await headers() });
  const ids = requestIds(req);
  const queryClient = new QueryClient({ defaultOptions: { queries: { staleTime: 30_000, retry: false } } });
  const trpc = createTRPCOptionsProxy<AppRouter>({ router: appRouter, ctx: () => createContext(req, ids, null, false), queryClient });
  await withRequestContext(ids, () => Promise.all(queries(trpc).map((q) => queryClient.prefetchQuery(q as Parameters<QueryClient['prefetchQuery']>[0]))));
  return <HydrationBoundary state={dehydrate(queryClient, { serializeData: superjson.serialize })}>{children}</HydrationBoundary>;
}
