/**
 * REST at /api/v1/{module}/{resource}: the same procedures as tRPC (trpc-to-openapi),
 * answered in the spec §2 envelope. Mutations honour Idempotency-Key (see the chain).
 */
import { classifyError } from '@rrnet/api';
import { AppError, ERROR_HTTP_STATUS, errorEnvelope, successEnvelope } from '@rrnet/contracts';
import { openApiFetch } from '~/server/openapi_fetch';
import { requestIds, withRequestContext } from '~/server/request_context';
import { createContext } from '~/server/trpc_context';

export const dynamic = 'force-dynamic';

/**
 * trpc-to-openapi refuses a POST/PUT/PATCH without a JSON body, even for an operation the
 * document gives no (or an optional) request body: …/payment-link, /isolir/sweeps,
 * /auth/logout. An empty body is read as `{}` (whatever its content type, which may be
 * missing), so such calls work as documented; any other body is passed on as it came.
 */
async function emptyBodyAsJson(req: Request): Promise<Request> {
  if (req.method !== 'POST' && req.method !== 'PUT' && req.method !== 'PATCH') return req;
  const text = req.body === null ? '' : await req.text();
  const headers = new Headers(req.headers);
  if (text.trim() === '') {
    headers.set('content-type', 'application/json');
    headers.delete('content-length');
  }
  return new Request(req.url, { method: req.method, headers, body: text.trim() === '' ? '{}' : text, signal: req.signal });
}

async function handler(incoming: Request): Promise<Response> {
  const req = await emptyBodyAsJson(incoming);
  const ids = requestIds(req);
  return withRequestContext(ids, async () => {
    // the chain's headers (X-RateLimit-*, Idempotent-Replayed), then the answer's own
    const headers = new Headers();
    const answer = await openApiFetch('/api/v1', { req, createContext: () => createContext(req, ids, headers, true) });
    headers.set('x-request-id', ids.requestId);
    headers.set('cache-control', 'no-store');
    if (!answer.ok) {
      const failed = answer.error;
      const classified = classifyError(failed);
      if (failed.cause instanceof AppError) {
        for (const [name, value] of Object.entries(failed.cause.headers ?? {})) headers.set(name, value);
      }
      return Response.json(errorEnvelope(classified.code, ids.requestId, classified.message, classified.details), {
        status: ERROR_HTTP_STATUS[classified.code],
        headers,
      });
    }
    // the dispatcher's JSON of the procedure's output goes into the envelope as it is: one
    // serialisation per response (parsing it back only to serialise it again cost as much
    // CPU as writing it for a page of 50 rows); the same bytes as successEnvelope's JSON
    const meta = successEnvelope(null, ids.requestId).meta;
    headers.set('content-type', 'application/json');
    return new Response(`{"status":"success","data":${answer.json || 'null'},"meta":${JSON.stringify(meta)}}`, { status: 200, headers });
  });
}

export { handler as GET, handler as POST, handler as PUT, handler as PATCH, handler as DELETE };
