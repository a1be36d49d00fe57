/**
 * wa_notifications (normal): the outage notices owed to customers released into the
 * outbox at the sending pace (releaseOutageNotices), then one batch of an ISP's due
 * WhatsApp messages (drainOutbox: quota, quiet hours, recipient spacing, the 10/s
 * limiter, breaker and fallback), then the drain queues itself for the rest (and the
 * worker is woken when that is due: wakeups.ts). A message that used its attempts on gateway
 * faults is failed and written to the dead-letter queue like any exhausted job (task
 * wa_notifications, payload {message_id}, through the job platform's own dead-letter writer:
 * the same metric and alert); retrying that dead letter queues it again.
 */
import { drainOutbox, retryMessage } from '@rrnet/core/notifications/sender';
import { releaseOutageNotices } from '@rrnet/core/outages/outages';
import type { JobHandler } from '@rrnet/jobs';
import type { WorkerServices } from '../services';

export const waNotifications =
  (services: WorkerServices): JobHandler<'wa_notifications'> =>
  async ({ data, tenantId, withTenant, deadLetter, logger }) => {
    // owed outage notices into the outbox first (no gateway needed to queue them)
    const released = await withTenant((tx) => releaseOutageNotices(tx, tenantId!));
    if (released > 0) logger.info({ released }, 'outage notices released into the WhatsApp outbox');
    const notifications = services.notifications;
    if (!notifications) throw new Error('wa_notifications: this worker has no notification services');
    if (data.message_id) {
      const again = await withTenant((tx) => retryMessage(tx, tenantId!, data.message_id!));
      logger.info({ message_id: data.message_id, requeued: again }, 'dead-lettered WhatsApp message retried');
    }
    const result = await drainOutbox(withTenant, notifications, tenantId!);
    // the next batch is due when the limiter's next second starts, at most a second away: started then, not at the next poll
    if (result.next_run_at) services.wakeAt?.(new Date(result.next_run_at));
    for (const d of result.dead_letters) {
      // the message's own two gateway attempts are used up: retried, the dead letter queues it again
      await deadLetter({
        name: 'wa_notifications',
        payload: { message_id: d.message_id },
        meta: { tenant_id: tenantId, trace_id: null, request_id: null, attempt: 2, first_failed_at: new Date().toISOString(), errors: [] },
        jobKey: `wa:${tenantId}`,
        queueName: `wa:${tenantId}`,
        errors: [d.error],
      });
    }
    if (result.claimed + result.stale_failed + result.stale_requeued + result.over_quota > 0) {
      logger.info({ ...result, dead_letters: result.dead_letters.length }, 'WhatsApp batch');
    }
  };
