/**
 * Notifications listen to billing: a payment that settles an invoice sends the receipt,
 * in the payment's transaction (billing never imports this module).
 */
import { onSettlement } from '../billing/settlement_hooks';
import { queuePaymentReceipt } from './outbox';

export function registerNotificationHooks(): void {
  onSettlement('notifications.receipt', async (tx, _services, e) => {
    if (e.cause === 'payment' && e.paymentId) await queuePaymentReceipt(tx, e.tenantId, e.paymentId);
  });
}
registerNotificationHooks();
