/** payment_processing (critical): the recorded gateway notifications of one transaction, applied at most once. */
import { GATEWAY, processMidtransTransaction } from '@rrnet/core/billing/midtrans';
import type { JobHandler } from '@rrnet/jobs';
import type { WorkerServices } from '../services';

export const paymentProcessing =
  (services: WorkerServices): JobHandler<'payment_processing'> =>
  async ({ data, tenantId, withTenant, logger }) => {
    if (data.gateway !== GATEWAY) throw new Error(`unknown payment gateway ${data.gateway}`);
    const result = await withTenant((tx) => processMidtransTransaction(tx, services.network, tenantId!, data.transaction_id));
    logger.info({ transaction_id: data.transaction_id, ...result }, 'gateway notifications processed');
  };
