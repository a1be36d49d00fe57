'use client';
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import type { QueryKey } from '@tanstack/react-query';
import { retryUnlessRefused } from './useTrpcError';

/**
 * A keyset-paged list (`{ items, next_cursor }`) as an infinite query. Pages are fetched
 * by hand: tRPC's infiniteQueryOptions adds a `direction` field that the strict list
 * inputs refuse. Pass the procedure's `infiniteQueryKey(input)`, so invalidating the
 * procedure refreshes these pages too.
 */
export function useKeysetPages<TInput extends object, TItem>(
  queryKey: QueryKey,
  input: TInput,
  fetchPage: (input: TInput & { cursor?: string }, signal: AbortSignal) => Promise<{ items: TItem[]; next_cursor: string | null }>,
) {
  const query = useInfiniteQuery({
    queryKey,
    queryFn: ({ pageParam, signal }) => fetchPage(pageParam ? { ...input, cursor: pageParam } : input, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.next_cursor,
    retry: retryUnlessRefused,
    placeholderData: keepPreviousData,
  });
  return { query, items: query.data?.pages.flatMap((p) => p.items) ?? [] };
}
