/**
 * Midtrans HTTP notifications for one ISP (Payment Notification URL in the Midtrans
 * dashboard: https://<host>/api/v1/billing/webhooks/midtrans/<tenant slug>). No user
 * session: the notification proves itself with its SHA512 signature. It is recorded
 * (also when rejected) and applied by the payment_processing job; answered in the spec
 * envelope — 200 accepted, 403 bad signature, 404 unknown ISP, 400 unreadable body, 429
 * after 1000 rejected notifications in an hour from one address for this ISP
 * (rejectedNotificationLimit; valid notifications never count toward it).
 */
import { receiveMidtransNotification } from '@rrnet/core/billing/midtrans';
import { callbackRoute, jsonOrRaw } from '~/server/callback_route';

export const dynamic = 'force-dynamic';

export const POST = callbackRoute({
  gateway: 'midtrans',
  noun: 'payment notification',
  receive: ({ svc, tenant, rawBody }) =>
    receiveMidtransNotification({ appSql: svc.sql, systemSql: svc.systemSql, services: svc.network }, tenant, jsonOrRaw(rawBody)),
  evidence: (result) => ({ notification_id: result.notification_id }),
});
