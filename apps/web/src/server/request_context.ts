/**
 * Per-request facts: request_id (echoed in every envelope and the X-Request-Id header),
 * trace_id (from a W3C `traceparent` header when present), the client's IP and user
 * agent. Route handlers run inside `withRequestContext` so every log line below them
 * carries the ids.
 *
 * Client IP: see ~/lib/client_ip (the entry our outermost trusted proxy appended).
 */
import 'server-only';
import { randomUUID } from 'node:crypto';
import { newTraceId, runWithContext } from '@rrnet/logger';
import type { LogContext } from '@rrnet/logger';
import { webConfig } from '~/config';
import { clientIp } from '~/lib/client_ip';

export interface RequestIds {
  requestId: string;
  traceId: string;
  ip: string | null;
  userAgent: string | null;
}

const SAFE_ID = /^[A-Za-z0-9._-]{8,128}$/;

/** From a request, or from a server action's `headers()` (only the headers are read). */
export function requestIds(req: { headers: { get(name: string): string | null } }): RequestIds {
  const incoming = req.headers.get('x-request-id');
  const requestId = incoming && SAFE_ID.test(incoming) ? incoming : randomUUID();
  const traceparent = req.headers.get('traceparent');
  const traceId = /^00-([0-9a-f]{32})-/.exec(traceparent ?? '')?.[1] ?? newTraceId();
  const ip = clientIp(req.headers.get('x-forwarded-for'), webConfig().TRUSTED_PROXY_HOPS) ?? req.headers.get('x-real-ip') ?? null;
  return { requestId, traceId, ip, userAgent: req.headers.get('user-agent') };
}

export function withRequestContext<T>(ids: RequestIds, fn: () => T): T {
  const context: LogContext = { trace_id: ids.traceId, request_id: ids.requestId };
  return runWithContext(context, fn);
}
