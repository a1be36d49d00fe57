/**
 * analytics_fanout (low, hourly): queue yesterday's rollup for every active tenant just
 * past its local midnight — "yesterday" in the tenant's own timezone, never UTC's.
 */
import { dueForYesterday } from '@rrnet/core/reports/analytics';
import { enqueue, scheduledMoment } from '@rrnet/jobs';
import type { JobHandler } from '@rrnet/jobs';

export const analyticsFanout: JobHandler<'analytics_fanout'> = async ({ data, systemSql, logger }) => {
  const tenants = await systemSql<{ id: string; timezone: string }[]>`SELECT id, timezone FROM saas_tenants WHERE status = 'active'`;
  const due = dueForYesterday(tenants, scheduledMoment(data));
  for (const t of due) await enqueue(systemSql as never, 'analytics', { day: t.day }, { tenantId: t.id });
  logger.info({ tenants: tenants.length, queued: due.length }, 'analytics rollups queued');
};
