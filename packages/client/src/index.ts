/**
 * Typed client for internal tools: `createRrnetClient({ baseUrl })` gives the same
 * procedures, inputs and outputs the web app uses, checked by TypeScript.
 */
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import superjson from 'superjson';
import type { AppRouter } from '@rrnet/api';

export type { AppRouter, RouterInputs, RouterOutputs } from '@rrnet/api';

export interface RrnetClientOptions {
  /** e.g. http://localhost:3000 */
  baseUrl: string;
  headers?: () => Record<string, string> | Promise<Record<string, string>>;
  fetch?: typeof fetch;
}

export function createRrnetClient(options: RrnetClientOptions) {
  return createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: `${options.baseUrl.replace(/\/$/, '')}/api/trpc`,
        transformer: superjson,
        headers: options.headers,
        fetch: options.fetch,
      }),
    ],
  });
}

export type RrnetClient = ReturnType<typeof createRrnetClient>;
