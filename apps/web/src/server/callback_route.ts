/**
 * Routes a gateway calls without a user session, for one ISP (`/<…>/[tenant]`): Midtrans
 * notifications, Xendit callbacks, WhatsApp webhooks. The shape they share:
 *  - the request's ids in every log line (withRequestContext) and in the answer;
 *  - `publicRoute`: any failure answered in the spec envelope (an unexpected one logged),
 *    never cached;
 *  - `callbackRoute`: the per-address window of rejected calls for this ISP
 *    (rejectedNotificationLimit: 429 once it is used up, valid calls never count), the raw
 *    body read once (a signature may be over these exact bytes), the gateway's receiver, and
 *    a refused call answered with the receiver's error code and the evidence id.
 */
import 'server-only';
import { rejectedNotificationLimit } from '@rrnet/api';
import type { ApiServices } from '@rrnet/api';
import { AppError, ERROR_HTTP_STATUS, envelopeFromError, serverMessage, successEnvelope } from '@rrnet/contracts';
import type { ErrorCode } from '@rrnet/contracts';
import { requestIds, withRequestContext } from './request_context';
import type { RequestIds } from './request_context';
import { services } from './services';

export interface PublicRequest {
  req: Request;
  tenant: string;
  svc: ApiServices;
  ids: RequestIds;
  /** x-request-id and no-store: for the route's own successful answer */
  headers: Record<string, string>;
}

type RouteHandler = (req: Request, context: { params: Promise<{ tenant: string }> }) => Promise<Response>;

/** A handler for `/<…>/[tenant]` whose failures are answered in the envelope; `failure` names it in the error log. */
export function publicRoute(failure: string, handle: (request: PublicRequest) => Promise<Response>): RouteHandler {
  return async (req, { params }) => {
    const ids = requestIds(req);
    return withRequestContext(ids, async () => {
      const svc = services();
      const headers = { 'x-request-id': ids.requestId, 'cache-control': 'no-store' };
      try {
        const { tenant } = await params;
        return await handle({ req, tenant, svc, ids, headers });
      } catch (err) {
        const envelope = envelopeFromError(err, ids.requestId);
        if (!(err instanceof AppError)) svc.logger.error({ err }, failure);
        return Response.json(envelope, { status: ERROR_HTTP_STATUS[envelope.error_code], headers: { ...headers, ...(err instanceof AppError ? err.headers : undefined) } });
      }
    });
  };
}

/** What a gateway's receiver answers (core): the outcome, why it was refused, under which evidence id. */
export interface CallbackResult {
  status: string;
  reason?: string | null;
  error_code?: ErrorCode | null;
}

export function callbackRoute<R extends CallbackResult>(options: {
  /** the rejected-call window's name: one per gateway */
  gateway: string;
  /** the call in log lines and messages: 'payment notification', 'WhatsApp webhook' */
  noun: string;
  receive: (request: PublicRequest & { rawBody: string }) => Promise<R>;
  /** the stored evidence of a call, named in the refusal's details and the log */
  evidence: (result: NoInfer<R>) => Record<string, string>;
  /** after an accepted call: throw to answer otherwise (Fonnte: 409 so that it retries) */
  accepted?: (result: NoInfer<R>) => void;
}): RouteHandler {
  return publicRoute(`${options.noun} failed`, async (request) => {
    const { req, tenant, svc, ids, headers } = request;
    const limit = rejectedNotificationLimit(svc, options.gateway, tenant, ids.ip);
    await limit.check();
    const result = await options.receive({ ...request, rawBody: await req.text() });
    if (result.status === 'rejected') {
      await limit.reject();
      svc.logger.warn({ ...options.evidence(result), reason: result.reason }, `${options.noun} rejected`);
      throw new AppError(result.error_code ?? 'VALIDATION_FAILED', { message: serverMessage('callback_not_accepted', { call: capitalised(options.noun), reason: String(result.reason) }), details: options.evidence(result) });
    }
    options.accepted?.(result);
    return Response.json(successEnvelope(result, ids.requestId), { status: 200, headers });
  });
}

/** A JSON body as the payment receivers take it; unreadable text kept (cut) as `{ raw }` for the evidence. */
export function jsonOrRaw(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return { raw: text.slice(0, 10_000) };
  }
}

const capitalised = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** What the WhatsApp webhook receivers need from the web's services. */
export function waWebhookDeps(svc: ApiServices) {
  return { appSql: svc.sql, systemSql: svc.systemSql, services: { secretBox: svc.network.secretBox, platformDefault: svc.waPlatformDefault ?? null } };
}
