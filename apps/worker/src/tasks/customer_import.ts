/** customer_import (normal): the customers of a validated CSV file, all in one transaction. */
import { runImport } from '@rrnet/core/customers/imports';
import { loadEntitlements } from '@rrnet/core/saas/entitlements';
import type { JobHandler } from '@rrnet/jobs';
import type { WorkerServices } from '../services';

export const customerImport =
  (services: WorkerServices): JobHandler<'customer_import'> =>
  async ({ data, tenantId, withTenant, appSql, logger }) => {
    const tenant = await loadEntitlements({ sql: appSql, redis: services.network.redis, logger }, tenantId!);
    if (!tenant) throw new Error(`tenant ${tenantId} not found`);
    const result = await runImport(withTenant, services.network, tenant, data.import_id);
    logger.info({ import_id: data.import_id, ...result }, 'customer import finished');
  };
