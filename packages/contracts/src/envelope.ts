/**
 * The spec §2 response envelopes, as zod schemas (for clients and docs) and builders
 * (for transports). Success: { status, data, meta }. Error: { status, error_code,
 * message, details, request_id, meta }.
 */
import { z } from 'zod';
import { AppError, DEFAULT_ERROR_MESSAGES, ERROR_CODES } from './errors';
import type { ErrorCode, ErrorDetails } from './errors';

export const responseMetaSchema = z.object({
  timestamp: z.string(),
  request_id: z.string(),
});
export type ResponseMeta = z.infer<typeof responseMetaSchema>;

export const errorEnvelopeSchema = z.object({
  status: z.literal('error'),
  error_code: z.enum(ERROR_CODES),
  message: z.string(),
  details: z.record(z.string(), z.string()),
  request_id: z.string(),
  meta: responseMetaSchema,
});
export type ErrorEnvelope = z.infer<typeof errorEnvelopeSchema>;

export function successEnvelopeSchema<T extends z.ZodType>(data: T) {
  return z.object({ status: z.literal('success'), data, meta: responseMetaSchema });
}
export interface SuccessEnvelope<T> {
  status: 'success';
  data: T;
  meta: ResponseMeta;
}

export function buildMeta(requestId: string, now: Date = new Date()): ResponseMeta {
  return { timestamp: now.toISOString(), request_id: requestId };
}

export function successEnvelope<T>(data: T, requestId: string): SuccessEnvelope<T> {
  return { status: 'success', data, meta: buildMeta(requestId) };
}

export function errorEnvelope(
  code: ErrorCode,
  requestId: string,
  message: string = DEFAULT_ERROR_MESSAGES[code],
  details: ErrorDetails = {},
): ErrorEnvelope {
  return {
    status: 'error',
    error_code: code,
    message,
    details,
    request_id: requestId,
    meta: buildMeta(requestId),
  };
}

/**
 * Turns anything thrown into a safe envelope. AppErrors keep their code, message and
 * details; anything else becomes INTERNAL_ERROR with the generic message, so stack
 * traces and SQL never reach a client.
 */
export function envelopeFromError(err: unknown, requestId: string): ErrorEnvelope {
  if (err instanceof AppError) {
    return errorEnvelope(err.code, requestId, err.message, err.details ?? {});
  }
  return errorEnvelope('INTERNAL_ERROR', requestId);
}
