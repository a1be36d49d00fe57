/** pppoe_provision (high): one customer's PPPoE secret on one router made to match RRNet. */
import { provisionSecret } from '@rrnet/core/network/router_sync';
import type { JobHandler } from '@rrnet/jobs';
import type { WorkerServices } from '../services';

export const pppoeProvision =
  (services: WorkerServices): JobHandler<'pppoe_provision'> =>
  async ({ data, tenantId, withTenant, logger }) => {
    const result = await provisionSecret(withTenant, services.network, tenantId!, data.customer_id, data.router_id);
    logger.info({ customer_id: data.customer_id, router_id: data.router_id, fixed: result.fixed, drift: result.drift.map((d) => d.kind) }, 'pppoe secret provisioned');
  };
