/**
 * The browser's React Query client: its defaults, the server's first answers read back
 * (server components ask first, server/Prefetched.tsx; the answers arrive superjson-encoded
 * like the API's), and invalidation declared by the mutations themselves.
 */
import { MutationCache, QueryClient, matchQuery } from '@tanstack/react-query';
import type { QueryKey } from '@tanstack/react-query';
import superjson from 'superjson';

declare module '@tanstack/react-query' {
  interface Register {
    mutationMeta: {
      /** the queries this mutation's success makes stale (tRPC `queryKey()` / `pathKey()`) */
      invalidates?: readonly QueryKey[];
    };
  }
}

export function makeQueryClient() {
  const queryClient: QueryClient = new QueryClient({
    // a mutation names the queries it changes (`meta: { invalidates: [trpc.x.list.queryKey()] }`)
    // instead of each component invalidating them by hand; they are refetched before the
    // mutation's own onSuccess runs and it settles, so its pending state covers the refetch
    mutationCache: new MutationCache({
      onSuccess: async (_data, _variables, _context, mutation) => {
        const stale = mutation.meta?.invalidates;
        if (stale?.length) await queryClient.invalidateQueries({ predicate: (query) => stale.some((queryKey) => matchQuery({ queryKey }, query)) });
      },
    }),
    defaultOptions: { queries: { staleTime: 30_000, retry: 1, refetchOnWindowFocus: false }, hydrate: { deserializeData: superjson.deserialize } },
  });
  return queryClient;
}
