/** router_sync_fanout (low, every 5 minutes): a status sync for every router of every active tenant. */
import { queueScheduledSyncs } from '@rrnet/core/network/router_sync';
import type { JobHandler } from '@rrnet/jobs';

export const routerSyncFanout: JobHandler<'router_sync_fanout'> = async ({ systemSql, logger }) => {
  const queued = await queueScheduledSyncs(systemSql);
  logger.info({ queued }, 'router syncs queued');
};
