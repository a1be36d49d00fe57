/** isolir_sweep (critical, hourly): overdue marking and isolation requests for every tenant with isolir, in committed batches. */
import { sweepTenantsInBatches } from '@rrnet/core/isolir/isolir';
import { tenantsWithFeature } from '@rrnet/core/saas/entitlements';
import { scheduledMoment } from '@rrnet/jobs';
import type { JobHandler } from '@rrnet/jobs';

export const isolirSweep: JobHandler<'isolir_sweep'> = async ({ data, systemSql, appSql, logger }) => {
  const result = await sweepTenantsInBatches(appSql, await tenantsWithFeature(systemSql, 'isolir'), { now: scheduledMoment(data) });
  logger.info(result, 'isolir sweep finished');
};
