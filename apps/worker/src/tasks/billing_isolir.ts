/**
 * billing_isolir (critical): one customer isolated or restored on its router.
 * billing_isolir_batch (critical): the customers one sweep found overdue on one router, one
 * after another, each recorded as soon as the router has it (core executeIsolirBatch).
 * A router failure throws (retried: 5 attempts, exponential; changes already recorded are
 * skipped then); on the last attempt the event is marked failed and the customer stays
 * active, never "isolated", and no longer "isolir pending" (the next sweep asks again).
 * Retried from the dead-letter queue, a job renews its failed events that are still wanted
 * and carries them out (core renewFailedEvents). Whether a notice is written is core's
 * rule too (the ISP's notifications feature, read in the job's own transaction).
 */
import { executeIsolir, executeIsolirBatch } from '@rrnet/core/isolir/isolir';
import { JOB_CLASSES } from '@rrnet/jobs';
import type { JobHandler } from '@rrnet/jobs';
import type { WorkerServices } from '../services';

export const billingIsolir =
  (services: WorkerServices): JobHandler<'billing_isolir'> =>
  async ({ data, tenantId, withTenant, attempt, logger }) => {
    const outcome = await executeIsolir(withTenant, services.network, tenantId!, data, { lastAttempt: attempt >= JOB_CLASSES.critical.maxAttempts });
    logger.info({ customer_id: data.customer_id, action: data.action, event_id: data.event_id, outcome }, 'isolir job finished');
  };

export const billingIsolirBatch =
  (services: WorkerServices): JobHandler<'billing_isolir_batch'> =>
  async ({ data, tenantId, withTenant, attempt, logger }) => {
    const result = await executeIsolirBatch(withTenant, services.network, tenantId!, data.items, { lastAttempt: attempt >= JOB_CLASSES.critical.maxAttempts });
    logger.info({ router_id: data.router_id, customers: data.items.length, ...result }, 'isolir batch finished');
  };
