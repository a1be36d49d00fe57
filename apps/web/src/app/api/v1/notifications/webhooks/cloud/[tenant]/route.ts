/**
 * WhatsApp Cloud API webhook for one ISP (Callback URL in the Meta app:
 * https://<host>/api/v1/notifications/webhooks/cloud/<tenant slug>).
 *  GET: Meta's verification — `hub.challenge` echoed as text when `hub.verify_token` is
 *       the ISP's, else 403.
 *  POST: status updates, stored first (also forged ones), verified by X-Hub-Signature-256
 *       over the raw body with the ISP's app secret, applied forward-only; a subscriber's
 *       text message becomes a ticket or a comment on their open one (tickets/inbound). 200 accepted
 *       (also a replay: nothing changes), 403 bad signature, 404 unknown ISP, 400 not a
 *       status webhook. Rejected webhooks count toward the per-address window like
 *       Midtrans's (rejectedNotificationLimit).
 */
import { receiveWaWebhook, verifyCloudWebhook } from '@rrnet/core/notifications/webhooks';
import { registerTicketInbound } from '@rrnet/core/tickets/inbound';
import { callbackRoute, publicRoute, waWebhookDeps } from '~/server/callback_route';

export const dynamic = 'force-dynamic';

// subscribers' messages open tickets: the listener must be registered in the process that takes the webhook
registerTicketInbound();

export const GET = publicRoute('WhatsApp webhook verification failed', async ({ req, svc, tenant, headers }) => {
  const challenge = await verifyCloudWebhook(waWebhookDeps(svc), tenant, new URL(req.url).searchParams);
  return new Response(challenge, { status: 200, headers: { ...headers, 'content-type': 'text/plain' } });
});

export const POST = callbackRoute({
  gateway: 'wa_cloud',
  noun: 'WhatsApp webhook',
  // the signature is over the exact bytes read: never re-serialised
  receive: ({ req, svc, tenant, rawBody }) =>
    receiveWaWebhook(waWebhookDeps(svc), 'cloud', tenant, { rawBody, signature: req.headers.get('x-hub-signature-256'), query: new URL(req.url).searchParams }),
  evidence: (result) => ({ event_id: result.event_id }),
});
