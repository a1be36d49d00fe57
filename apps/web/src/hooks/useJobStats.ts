'use client';
/**
 * `platform.jobs.stats` (queue depth per class, dead letters, the alert, throughput),
 * polled. The jobs page and the shell's alert banner share one cache entry, so a retry
 * or discard that invalidates it updates both.
 */
import { useQuery } from '@tanstack/react-query';
import { retryUnlessRefused } from '~/hooks/useTrpcError';
import { useTRPC } from '~/trpc/TrpcProvider';

export function useJobStats({ refetchInterval, enabled = true }: { refetchInterval: number; enabled?: boolean }) {
  const trpc = useTRPC();
  return useQuery({
    ...trpc.platform.jobs.stats.queryOptions(),
    enabled,
    refetchInterval,
    staleTime: Math.min(refetchInterval, 10_000),
    retry: retryUnlessRefused,
  });
}

