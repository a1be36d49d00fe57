'use client';
/**
 * "Sync now" / "Apply fixes" for one router. The API only queues a router_sync job; the
 * router row changes when the worker has finished, so after queueing we poll
 * `network.routers.get` every 2 s until the job's stamps (last sync, which the job writes
 * whether the router answered or not, and the drift check) differ from what the page
 * showed when the button was pressed, then refresh the list. (Status and last error are
 * not compared: `get` overlays the live status, which the list does not.)
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTRPC } from '~/trpc/TrpcProvider';

const SYNC_POLL_MS = 2_000;
/** after this the job is left to finish in the background (the router may be retried) */
const SYNC_GIVE_UP_MS = 90_000;

interface SyncFingerprintSource {
  last_sync_at: Date | null;
  drift_checked_at: Date | null;
}

function fingerprint(router: SyncFingerprintSource): string {
  return [router.last_sync_at?.getTime() ?? '', router.drift_checked_at?.getTime() ?? ''].join('|');
}

interface Pending {
  baseline: string;
  startedAt: number;
  apply: boolean;
}

export function useRouterSync(id: string) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [pending, setPending] = useState<Pending | null>(null);
  const queue = useMutation(trpc.network.routers.sync.mutationOptions());
  const changed = (data: SyncFingerprintSource | undefined) => !!pending && !!data && fingerprint(data) !== pending.baseline;
  const poll = useQuery({
    ...trpc.network.routers.get.queryOptions({ id }),
    enabled: pending !== null && queue.isSuccess,
    refetchInterval: (query) => {
      if (!pending || changed(query.state.data)) return false;
      return query.state.dataUpdatedAt - pending.startedAt > SYNC_GIVE_UP_MS ? false : SYNC_POLL_MS;
    },
  });

  const finished = queue.isSuccess && changed(poll.data);
  const gaveUp = !!pending && queue.isSuccess && !finished && poll.dataUpdatedAt - pending.startedAt > SYNC_GIVE_UP_MS;
  const syncing = queue.isPending || (queue.isSuccess && !!pending && !finished && !gaveUp);

  useEffect(() => {
    if (!finished) return;
    void queryClient.invalidateQueries({ queryKey: trpc.network.routers.list.queryKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.network.routers.sessions.queryKey({ id }) });
  }, [finished, id, queryClient, trpc]);

  return {
    /** queue a sync; `current` is the router as shown now (the baseline to wait past) */
    start(current: SyncFingerprintSource, apply = false) {
      setPending({ baseline: fingerprint(current), startedAt: Date.now(), apply });
      queue.mutate({ id, apply });
    },
    syncing,
    finished,
    gaveUp,
    /** the last sync started here applied fixes */
    applied: pending?.apply ?? false,
    error: queue.error,
    reset() {
      setPending(null);
      queue.reset();
    },
  };
}
