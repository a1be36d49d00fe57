'use client';
/** React Query + tRPC for client components (spec §4: server state via React Query). */
import { QueryClientProvider } from '@tanstack/react-query';
import { createTRPCClient, httpBatchLink, httpBatchStreamLink, loggerLink, splitLink } from '@trpc/client';
import { createTRPCContext } from '@trpc/tanstack-react-query';
import { useState } from 'react';
import type { ReactNode } from 'react';
import superjson from 'superjson';
import type { AppRouter } from '@rrnet/api';
import { isRefusal } from '~/hooks/useTrpcError';
import { makeQueryClient } from './query_client';

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

const isAborted = (error: Error) => (error.cause as { name?: unknown } | undefined)?.name === 'AbortError';

export function TrpcProvider({ children }: { children: ReactNode }) {
  const [queryClient] = useState(makeQueryClient);
  const [trpcClient] = useState(() =>
    createTRPCClient<AppRouter>({
      links: [
        // unexpected failures only: refusals (4xx codes) are shown on the page, and a request
        // React Query cancelled (its list's filters changed mid-flight) is no failure; neither is logged
        loggerLink({ enabled: (op) => op.direction === 'down' && op.result instanceof Error && !isRefusal(op.result) && !isAborted(op.result) }),
        // queries asked together travel in one request but each answer streams back as soon as
        // it is ready (a page's first card no longer waits for its slowest); mutations keep the
        // plain batch, whose response can still carry the headers a procedure sets (cookies)
        splitLink({
          condition: (op) => op.type === 'query',
          true: httpBatchStreamLink({ url: '/api/trpc', transformer: superjson }),
          false: httpBatchLink({ url: '/api/trpc', transformer: superjson }),
        }),
      ],
    }),
  );
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}
