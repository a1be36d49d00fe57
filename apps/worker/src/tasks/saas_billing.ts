/** saas_billing (critical, hourly): the month's SaaS invoices to every ISP, in the platform's timezone; idempotent. */
import { runSaasBilling } from '@rrnet/core/saas/saas_invoices';
import { scheduledMoment } from '@rrnet/jobs';
import type { JobHandler } from '@rrnet/jobs';

export const saasBilling: JobHandler<'saas_billing'> = async ({ data, systemSql, logger }) => {
  const result = await runSaasBilling(systemSql, scheduledMoment(data));
  logger.info(result, 'SaaS billing run finished');
};
