/**
 * Per-request ids: request_id (echoed in every envelope and the X-Request-Id header)
 * and trace_id (from a W3C `traceparent` header when present). Route handlers run
 * inside `withRequestContext` so every log line below them carries the ids.
 */
import 'server-only';
import { randomUUID } from 'node:crypto';
import { newTraceId, runWithContext } from '@rrnet/logger';
import type { LogContext } from '@rrnet/logger';

export interface RequestIds {
  requestId: string;
  traceId: string;
  ip: string | null;
}

const SAFE_ID = /^[A-Za-z0-9._-]{8,128}$/;

export function requestIds(req: Request): RequestIds {
  const incoming = req.headers.get('x-request-id');
  const requestId = incoming && SAFE_ID.test(incoming) ? incoming : randomUUID();
  const traceparent = req.headers.get('traceparent');
  const traceId = /^00-([0-9a-f]{32})-/.exec(traceparent ?? '')?.[1] ?? newTraceId();
  const forwarded = req.headers.get('x-forwarded-for')?.split(',')[0]?.trim();
  const ip = forwarded || req.headers.get('x-real-ip') || null;
  return { requestId, traceId, ip };
}

export function withRequestContext<T>(ids: RequestIds, fn: () => T): T {
  const context: LogContext = { trace_id: ids.traceId, request_id: ids.requestId };
  return runWithContext(context, fn);
}
