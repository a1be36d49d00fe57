/** billing_cycle_fanout (low, hourly): today's billing run, in each tenant's own calendar. */
import { localDay } from '@rrnet/core/billing/cycle';
import { tenantsWithFeature } from '@rrnet/core/saas/entitlements';
import { enqueue } from '@rrnet/jobs';
import type { JobHandler } from '@rrnet/jobs';

export const billingCycleFanout: JobHandler<'billing_cycle_fanout'> = async ({ systemSql, logger }) => {
  const tenants = await tenantsWithFeature(systemSql, 'billing');
  for (const t of tenants) await enqueue(systemSql, 'billing_cycle', { day: localDay(t.timezone) }, { tenantId: t.id });
  logger.info({ tenants: tenants.length }, 'billing runs queued');
};
