/**
 * saas_dunning (critical, hourly): ISPs past due or suspended over unpaid SaaS invoices, and
 * restored once paid; then the day's WhatsApp reminders to ISP owners through the platform's
 * gateway (once per invoice and stage); idempotent.
 */
import { platformWhatsApp } from '@rrnet/core/saas/platform_whatsapp';
import type { PlatformWhatsApp } from '@rrnet/core/saas/platform_whatsapp';
import { runSaasDunning } from '@rrnet/core/saas/saas_dunning';
import { scheduledMoment } from '@rrnet/jobs';
import type { JobHandler } from '@rrnet/jobs';
import type { WorkerServices } from '../services';

export const saasDunning = (services: WorkerServices): JobHandler<'saas_dunning'> => {
  // one sender (and breaker) for the process; null without a platform gateway: no reminders
  const n = services.notifications;
  const whatsapp: PlatformWhatsApp | null = n ? platformWhatsApp({ gateway: n.platformDefault, endpoints: n.endpoints, breakers: n.breakers }) : null;
  return async ({ data, systemSql, logger }) => {
    const result = await runSaasDunning(systemSql, services.network.redis, scheduledMoment(data), whatsapp);
    logger.info(result, 'SaaS dunning finished');
  };
};
