/** saas_dunning (critical, hourly): ISPs past due or suspended over unpaid SaaS invoices, and restored once paid; idempotent. */
import { runSaasDunning } from '@rrnet/core/saas/saas_dunning';
import { scheduledMoment } from '@rrnet/jobs';
import type { JobHandler } from '@rrnet/jobs';
import type { WorkerServices } from '../services';

export const saasDunning =
  (services: WorkerServices): JobHandler<'saas_dunning'> =>
  async ({ data, systemSql, logger }) => {
    const result = await runSaasDunning(systemSql, services.network.redis, scheduledMoment(data));
    logger.info(result, 'SaaS dunning finished');
  };
