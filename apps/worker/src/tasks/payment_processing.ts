/** payment_processing (critical): the recorded gateway notifications of one transaction (Midtrans or Xendit), applied at most once. */
import { processGatewayTransaction } from '@rrnet/core/billing/payment_gateway';
import type { JobHandler } from '@rrnet/jobs';
import type { WorkerServices } from '../services';

export const paymentProcessing =
  (services: WorkerServices): JobHandler<'payment_processing'> =>
  async ({ data, tenantId, withTenant, logger }) => {
    const result = await withTenant((tx) => processGatewayTransaction(tx, services.network, tenantId!, data.gateway, data.transaction_id));
    logger.info({ gateway: data.gateway, transaction_id: data.transaction_id, ...result }, 'gateway notifications processed');
  };
