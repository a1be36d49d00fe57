/** billing_cycle (critical): one tenant's invoices for its billing day, set-based and idempotent. */
import { runBillingCycle } from '@rrnet/core/billing/cycle';
import type { JobHandler } from '@rrnet/jobs';

export const billingCycle: JobHandler<'billing_cycle'> = async ({ data, tenantId, withTenant, logger }) => {
  const result = await withTenant((tx) => runBillingCycle(tx, tenantId!, data.day));
  logger.info({ ...result }, 'billing run finished');
};
