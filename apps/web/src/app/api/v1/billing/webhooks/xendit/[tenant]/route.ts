/**
 * Xendit invoice callbacks for one ISP (Invoices callback URL in the Xendit dashboard:
 * https://<host>/api/v1/billing/webhooks/xendit/<tenant slug>). No user session: the
 * callback proves itself with `x-callback-token`, the ISP's callback verification token.
 * Recorded (also when rejected) and applied by the payment_processing job; answered in the
 * spec envelope — 200 accepted, 401 token missing or wrong, 400 not an invoice callback,
 * 404 unknown ISP, 429 after 1000 rejected callbacks in an hour from one address for this
 * ISP (rejectedNotificationLimit). Xendit retries non-2xx answers by itself.
 */
import { rejectedNotificationLimit } from '@rrnet/api';
import { receiveXenditCallback } from '@rrnet/core/billing/xendit';
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
      const limit = rejectedNotificationLimit(svc, 'xendit', tenant, ids.ip);
      await limit.check();
      const text = await req.text();
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        body = { raw: text.slice(0, 10_000) };
      }
      const result = await receiveXenditCallback({ appSql: svc.sql, systemSql: svc.systemSql, services: svc.network }, tenant, req.headers.get('x-callback-token'), body);
      if (result.status === 'rejected') {
        await limit.reject();
        svc.logger.warn({ notification_id: result.notification_id, reason: result.reason }, 'payment callback rejected');
        throw new AppError(result.error_code ?? 'VALIDATION_FAILED', { message: `Callback not accepted: ${result.reason}.`, details: { notification_id: result.notification_id } });
      }
      return Response.json(successEnvelope(result, ids.requestId), { status: 200, headers });
    } catch (err) {
      const envelope = envelopeFromError(err, ids.requestId);
      if (!(err instanceof AppError)) svc.logger.error({ err }, 'payment callback failed');
      return Response.json(envelope, { status: ERROR_HTTP_STATUS[envelope.error_code], headers: { ...headers, ...(err instanceof AppError ? err.headers : undefined) } });
    }
  });
}
