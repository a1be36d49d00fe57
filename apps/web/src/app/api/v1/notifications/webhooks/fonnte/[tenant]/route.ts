/**
 * Fonnte "update message status" webhook for one ISP
 * (https://<host>/api/v1/notifications/webhooks/fonnte/<tenant slug>?secret=<the ISP's webhook secret>):
 * Fonnte signs nothing, so the URL carries a per-ISP secret. Stored first (also forged
 * ones), checked, applied forward-only. 200 accepted (a replay changes nothing), 403 bad
 * secret, 404 unknown ISP, 400 not a status webhook, 409 a message id RRNet has not
 * recorded yet (the send's answer is still on its way) so Fonnte retries it.
 */
import { rejectedNotificationLimit } from '@rrnet/api';
import { receiveWaWebhook } from '@rrnet/core/notifications/webhooks';
import { AppError, ERROR_HTTP_STATUS, envelopeFromError, successEnvelope } from '@rrnet/contracts';
import { requestIds, withRequestContext } from '~/server/request_context';
import { services } from '~/server/services';

export const dynamic = 'force-dynamic';

export async function POST(req: Request, { params }: { params: Promise<{ tenant: string }> }): Promise<Response> {
  const ids = requestIds(req);
  return withRequestContext(ids, async () => {
    const svc = services();
    const headers = { 'x-request-id': ids.requestId, 'cache-control': 'no-store' };
    try {
      const { tenant } = await params;
      const limit = rejectedNotificationLimit(svc, 'wa_fonnte', tenant, ids.ip);
      await limit.check();
      const rawBody = await req.text();
      const result = await receiveWaWebhook(
        { appSql: svc.sql, systemSql: svc.systemSql, services: { secretBox: svc.network.secretBox, platformDefault: svc.waPlatformDefault ?? null } },
        'fonnte',
        tenant,
        { rawBody, signature: null, query: new URL(req.url).searchParams },
      );
      if (result.status === 'rejected') {
        await limit.reject();
        svc.logger.warn({ event_id: result.event_id, reason: result.reason }, 'WhatsApp webhook rejected');
        throw new AppError(result.error_code ?? 'VALIDATION_FAILED', { message: `Webhook not accepted: ${result.reason}.`, details: { event_id: result.event_id } });
      }
      if (result.retry) throw new AppError('CONFLICT', { message: 'Unknown message id for now; try again later.', details: { event_id: result.event_id } });
      return Response.json(successEnvelope(result, ids.requestId), { status: 200, headers });
    } catch (err) {
      const envelope = envelopeFromError(err, ids.requestId);
      if (!(err instanceof AppError)) svc.logger.error({ err }, 'WhatsApp webhook failed');
      return Response.json(envelope, { status: ERROR_HTTP_STATUS[envelope.error_code], headers: { ...headers, ...(err instanceof AppError ? err.headers : undefined) } });
    }
  });
}
