/** JSON responses in the spec §2 envelope for the REST-style route handlers. */
import 'server-only';
import { SERVICE_UNAVAILABLE_RETRY_AFTER_SECONDS, envelopeFromError, errorEnvelope, successEnvelope } from '@rrnet/contracts';
import type { AppError, ErrorCode, ErrorDetails } from '@rrnet/contracts';

export function ok<T>(data: T, requestId: string, status = 200): Response {
  return Response.json(successEnvelope(data, requestId), {
    status,
    headers: { 'x-request-id': requestId, 'cache-control': 'no-store' },
  });
}

export function fail(
  code: ErrorCode,
  status: number,
  requestId: string,
  message?: string,
  details?: ErrorDetails,
): Response {
  return Response.json(errorEnvelope(code, requestId, message, details), {
    status,
    headers: {
      'x-request-id': requestId,
      'cache-control': 'no-store',
      // every 503 says when to come back (as an AppError with that code does)
      ...(status === 503 ? { 'Retry-After': String(SERVICE_UNAVAILABLE_RETRY_AFTER_SECONDS) } : {}),
    },
  });
}

export function failFrom(err: unknown, requestId: string): Response {
  const body = envelopeFromError(err, requestId);
  const appError = err as Partial<AppError>;
  const status = typeof appError.httpStatus === 'number' ? appError.httpStatus : 500;
  return Response.json(body, {
    status,
    headers: { 'x-request-id': requestId, ...(appError.headers ?? {}) },
  });
}
