/**
 * Xendit invoice callbacks for one ISP (Invoices callback URL in the Xendit dashboard:
 * https://<host>/api/v1/billing/webhooks/xendit/<tenant slug>). No user session: the
 * callback proves itself with `x-callback-token`, the ISP's callback verification token.
 * Recorded (also when rejected) and applied by the payment_processing job; answered in the
 * spec envelope — 200 accepted, 401 token missing or wrong, 400 not an invoice callback,
 * 404 unknown ISP, 429 after 1000 rejected callbacks in an hour from one address for this
 * ISP (rejectedNotificationLimit). Xendit retries non-2xx answers by itself.
 */
import { receiveXenditCallback } from '@rrnet/core/billing/xendit';
import { callbackRoute, jsonOrRaw } from '~/server/callback_route';

export const dynamic = 'force-dynamic';

export const POST = callbackRoute({
  gateway: 'xendit',
  noun: 'payment callback',
  receive: ({ req, svc, tenant, rawBody }) =>
    receiveXenditCallback({ appSql: svc.sql, systemSql: svc.systemSql, services: svc.network }, tenant, req.headers.get('x-callback-token'), jsonOrRaw(rawBody)),
  evidence: (result) => ({ notification_id: result.notification_id }),
});
