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
import { rejectedNotificationLimit } from '@rrnet/api';
import { receiveWaWebhook, verifyCloudWebhook } from '@rrnet/core/notifications/webhooks';
import { registerTicketInbound } from '@rrnet/core/tickets/inbound';
import { AppError, ERROR_HTTP_STATUS, envelopeFromError, successEnvelope } from '@rrnet/contracts';
import { requestIds, withRequestContext } from '~/server/request_context';
import { services } from '~/server/services';

export const dynamic = 'force-dynamic';

// subscribers' messages open tickets: the listener must be registered in the process that takes the webhook
registerTicketInbound();

function deps() {
  const svc = services();
  return { svc, deps: { appSql: svc.sql, systemSql: svc.systemSql, services: { secretBox: svc.network.secretBox, platformDefault: svc.waPlatformDefault ?? null } } };
}

export async function GET(req: Request, { params }: { params: Promise<{ tenant: string }> }): Promise<Response> {
  const ids = requestIds(req);
  return withRequestContext(ids, async () => {
    const { svc, deps: d } = deps();
    const headers = { 'x-request-id': ids.requestId, 'cache-control': 'no-store' };
    try {
      const { tenant } = await params;
      const challenge = await verifyCloudWebhook(d, tenant, new URL(req.url).searchParams);
      return new Response(challenge, { status: 200, headers: { ...headers, 'content-type': 'text/plain' } });
    } catch (err) {
      const envelope = envelopeFromError(err, ids.requestId);
      if (!(err instanceof AppError)) svc.logger.error({ err }, 'WhatsApp webhook verification failed');
      return Response.json(envelope, { status: ERROR_HTTP_STATUS[envelope.error_code], headers: { ...headers, ...(err instanceof AppError ? err.headers : undefined) } });
    }
  });
}

export async function POST(req: Request, { params }: { params: Promise<{ tenant: string }> }): Promise<Response> {
  const ids = requestIds(req);
  return withRequestContext(ids, async () => {
    const { svc, deps: d } = deps();
    const headers = { 'x-request-id': ids.requestId, 'cache-control': 'no-store' };
    try {
      const { tenant } = await params;
      const limit = rejectedNotificationLimit(svc, 'wa_cloud', tenant, ids.ip);
      await limit.check();
      // the signature is over these exact bytes: read as text once, never re-serialised
      const rawBody = await req.text();
      const result = await receiveWaWebhook(d, 'cloud', tenant, { rawBody, signature: req.headers.get('x-hub-signature-256'), query: new URL(req.url).searchParams });
      if (result.status === 'rejected') {
        await limit.reject();
        svc.logger.warn({ event_id: result.event_id, reason: result.reason }, 'WhatsApp webhook rejected');
        throw new AppError(result.error_code ?? 'VALIDATION_FAILED', { message: `Webhook not accepted: ${result.reason}.`, details: { event_id: result.event_id } });
      }
      return Response.json(successEnvelope(result, ids.requestId), { status: 200, headers });
    } catch (err) {
      const envelope = envelopeFromError(err, ids.requestId);
      if (!(err instanceof AppError)) svc.logger.error({ err }, 'WhatsApp webhook failed');
      return Response.json(envelope, { status: ERROR_HTTP_STATUS[envelope.error_code], headers: { ...headers, ...(err instanceof AppError ? err.headers : undefined) } });
    }
  });
}
