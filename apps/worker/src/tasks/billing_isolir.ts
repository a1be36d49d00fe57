/**
 * billing_isolir (critical): one customer isolated or restored on its router. A router
 * failure throws (retried: 5 attempts, exponential); on the last attempt the event is
 * marked failed and the customer stays flagged "isolir pending", never "isolated".
 */
import { executeIsolir } from '@rrnet/core/isolir/isolir';
import { loadEntitlements } from '@rrnet/core/saas/entitlements';
import { JOB_CLASSES } from '@rrnet/jobs';
import type { JobHandler } from '@rrnet/jobs';
import type { WorkerServices } from '../services';

export const billingIsolir =
  (services: WorkerServices): JobHandler<'billing_isolir'> =>
  async ({ data, tenantId, withTenant, appSql, attempt, logger }) => {
    // looked up while the router is being changed (each job of a router's queue waits for the one before)
    const notify = loadEntitlements({ sql: appSql, redis: services.network.redis, logger }, tenantId!).then((tenant) => tenant?.features.includes('notifications') ?? false);
    notify.catch(() => {}); // awaited by executeIsolir; this only keeps a router failure before that from leaving it unhandled
    const outcome = await executeIsolir(withTenant, services.network, tenantId!, data, {
      lastAttempt: attempt >= JOB_CLASSES.critical.maxAttempts,
      notify,
    });
    logger.info({ customer_id: data.customer_id, action: data.action, event_id: data.event_id, outcome }, 'isolir job finished');
  };
