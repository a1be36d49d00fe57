/**
 * Midtrans HTTP notifications for one ISP (Payment Notification URL in the Midtrans
 * dashboard: https://<host>/api/v1/billing/webhooks/midtrans/<tenant slug>). No user
 * session: the notification proves itself with its SHA512 signature. It is recorded
 * (also when rejected) and applied by the payment_processing job; answered in the spec
 * envelope — 200 accepted, 403 bad signature, 404 unknown ISP, 400 unreadable body, 429
 * after 1000 rejected notifications in an hour from one address for this ISP
 * (rejectedNotificationLimit; valid notifications never count toward it).
 */
import { rejectedNotificationLimit } from '@rrnet/api';
import { receiveMidtransNotification } from '@rrnet/core/billing/midtrans';
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
      const limit = rejectedNotificationLimit(svc, 'midtrans', tenant, ids.ip);
      await limit.check();
      const text = await req.text();
      let body: unknown;
      try {
        body = JSON.parse(text);
      } catch {
        body = { raw: text.slice(0, 10_000) };
      }
      const result = await receiveMidtransNotification({ appSql: svc.sql, systemSql: svc.systemSql, services: svc.network }, tenant, body);
      if (result.status === 'rejected') {
        await limit.reject();
        svc.logger.warn({ notification_id: result.notification_id, reason: result.reason }, 'payment notification rejected');
        throw new AppError(result.error_code ?? 'VALIDATION_FAILED', { message: `Notification not accepted: ${result.reason}.`, details: { notification_id: result.notification_id } });
      }
      return Response.json(successEnvelope(result, ids.requestId), { status: 200, headers });
    } catch (err) {
      const envelope = envelopeFromError(err, ids.requestId);
      if (!(err instanceof AppError)) svc.logger.error({ err }, 'payment notification failed');
      return Response.json(envelope, { status: ERROR_HTTP_STATUS[envelope.error_code], headers: { ...headers, ...(err instanceof AppError ? err.headers : undefined) } });
    }
  });
}
