/** analytics (low): one tenant's day, in the tenant's timezone, into tenant_analytics_daily. */
import { rollupDay } from '@rrnet/core/reports/analytics';
import type { JobHandler } from '@rrnet/jobs';

export const analytics: JobHandler<'analytics'> = async ({ data, tenantId, withTenant }) => {
  await withTenant((tx) => rollupDay(tx, tenantId!, data.day));
};
