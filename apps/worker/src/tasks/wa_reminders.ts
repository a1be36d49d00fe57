/** wa_reminders (normal): one ISP's payment reminders and overdue notices for its day, spread and set-based. */
import { queueReminders } from '@rrnet/core/notifications/reminders';
import type { JobHandler } from '@rrnet/jobs';

export const waReminders: JobHandler<'wa_reminders'> = async ({ data, tenantId, withTenant, logger }) => {
  const queued = await withTenant((tx) => queueReminders(tx, tenantId!, data.day));
  logger.info({ day: data.day, queued }, 'WhatsApp reminders queued');
};
