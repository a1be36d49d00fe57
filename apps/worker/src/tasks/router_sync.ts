/**
 * router_sync (high): status, version, counts and drift of one router; with `apply`, the
 * drift is fixed. An offline router is recorded (the next scheduled sync tries again) and,
 * unreachable long enough, suspected of an outage (core/outages); when
 * fixes were asked for and could not be made, the job fails so the class policy retries it.
 */
import { syncRouter } from '@rrnet/core/network/router_sync';
import { observeRouterReachability } from '@rrnet/core/outages/outages';
import type { JobHandler } from '@rrnet/jobs';
import type { WorkerServices } from '../services';

export const routerSync =
  (services: WorkerServices): JobHandler<'router_sync'> =>
  async ({ data, tenantId, withTenant, logger }) => {
    const outcome = await syncRouter(withTenant, services.network, tenantId!, data.router_id, { apply: data.apply });
    services.onRouterSync?.(outcome.status);
    // unreachable for the ISP's N minutes: a suspected outage; answering again: resolution proposed
    const reach = await withTenant((tx) => observeRouterReachability(tx, tenantId!, data.router_id));
    if (reach.suspected || reach.proposed > 0) logger.info({ router_id: data.router_id, ...reach }, 'router outage detection');
    logger.info({ router_id: data.router_id, status: outcome.status, drift: outcome.drift.length, fixed: outcome.fixed, failed: outcome.failed }, 'router synced');
    if (data.apply && (outcome.status === 'offline' || outcome.failed > 0)) {
      throw new Error(`drift not fixed: ${outcome.error ?? 'router offline'}`);
    }
  };
