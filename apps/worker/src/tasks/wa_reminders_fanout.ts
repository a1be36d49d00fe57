/** wa_reminders_fanout (low, hourly): today's reminders, in each ISP's own calendar (idempotent per day). */
import { queueReminderRuns } from '@rrnet/core/notifications/reminders';
import { scheduledMoment } from '@rrnet/jobs';
import type { JobHandler } from '@rrnet/jobs';

export const waRemindersFanout: JobHandler<'wa_reminders_fanout'> = async ({ data, systemSql, logger }) => {
  const tenants = await queueReminderRuns(systemSql, scheduledMoment(data));
  logger.info({ tenants }, 'WhatsApp reminder runs queued');
};
