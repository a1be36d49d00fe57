/**
 * Fonnte "update message status" webhook for one ISP
 * (https://<host>/api/v1/notifications/webhooks/fonnte/<tenant slug>?secret=<the ISP's webhook secret>):
 * Fonnte signs nothing, so the URL carries a per-ISP secret. Stored first (also forged
 * ones), checked, applied forward-only. 200 accepted (a replay changes nothing), 403 bad
 * secret, 404 unknown ISP, 400 not a status webhook, 409 a message id RRNet has not
 * recorded yet (the send's answer is still on its way) so Fonnte retries it.
 */
import { receiveWaWebhook } from '@rrnet/core/notifications/webhooks';
import { AppError, serverMessage } from '@rrnet/contracts';
import { callbackRoute, waWebhookDeps } from '~/server/callback_route';

export const dynamic = 'force-dynamic';

export const POST = callbackRoute({
  gateway: 'wa_fonnte',
  noun: 'WhatsApp webhook',
  receive: ({ req, svc, tenant, rawBody }) => receiveWaWebhook(waWebhookDeps(svc), 'fonnte', tenant, { rawBody, signature: null, query: new URL(req.url).searchParams }),
  evidence: (result) => ({ event_id: result.event_id }),
  accepted: (result) => {
    if (result.retry) throw new AppError('CONFLICT', { message: serverMessage('unknown_message_id'), details: { event_id: result.event_id } });
  },
});
