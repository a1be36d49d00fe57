/**
 * analytics_fanout (low, hourly): for every active tenant whose local time is past
 * midnight by less than an hour, enqueue yesterday's rollup — "yesterday" in the
 * tenant's own timezone (Asia/Jakarta for most ISPs), never UTC's.
 */
import { calendarDay } from '@rrnet/contracts';
import { enqueue } from '@rrnet/jobs';
import type { JobHandler } from '@rrnet/jobs';

export const analyticsFanout: JobHandler<'analytics_fanout'> = async ({ systemSql, logger }) => {
  const tenants = await systemSql<{ id: string; timezone: string }[]>`SELECT id, timezone FROM saas_tenants WHERE status = 'active'`;
  const now = new Date();
  let queued = 0;
  for (const t of tenants) {
    const localHour = Number(new Intl.DateTimeFormat('en-GB', { timeZone: t.timezone, hour: '2-digit', hourCycle: 'h23' }).format(now));
    if (localHour !== 0) continue;
    const yesterday = calendarDay(new Date(now.getTime() - 24 * 3_600_000), t.timezone);
    await enqueue(systemSql as never, 'analytics', { day: yesterday }, { tenantId: t.id });
    queued++;
  }
  logger.info({ tenants: tenants.length, queued }, 'analytics rollups queued');
};
