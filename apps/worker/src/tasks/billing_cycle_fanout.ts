/** billing_cycle_fanout (low, hourly): today's billing run, in each tenant's own calendar. */
import { queueBillingRuns } from '@rrnet/core/billing/cycle';
import { scheduledMoment } from '@rrnet/jobs';
import type { JobHandler } from '@rrnet/jobs';

export const billingCycleFanout: JobHandler<'billing_cycle_fanout'> = async ({ data, systemSql, logger }) => {
  const tenants = await queueBillingRuns(systemSql, scheduledMoment(data));
  logger.info({ tenants }, 'billing runs queued');
};
