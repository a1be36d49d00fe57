/**
 * outage_propagation (high): records every customer below an outage's node or router and
 * queues the notices it owes (core/outages propagateOutage: one recursive statement,
 * idempotent, serialised per ISP so overlapping outages never tell a customer twice).
 */
import { propagateOutage } from '@rrnet/core/outages/outages';
import type { JobHandler } from '@rrnet/jobs';

export const outagePropagation: JobHandler<'outage_propagation'> = async ({ data, tenantId, withTenant, logger }) => {
  const result = await withTenant((tx) => propagateOutage(tx, tenantId!, data.outage_id));
  logger.info({ outage_id: data.outage_id, ...(result ?? { status: 'removed' }) }, 'outage propagated');
};
