/**
 * Who may read GET /api/metrics (Prometheus text, operators of RRNet only):
 * - METRICS_TOKEN set: a request with `Authorization: Bearer <METRICS_TOKEN>`, from
 *   anywhere (compared in constant time); anything else is 401.
 * - unset, development or test: loopback clients only (a developer's own Prometheus
 *   or curl), by the client address request_context resolves; others get 404.
 * - unset, production: nobody — 404, as if the route did not exist. Metrics are off
 *   until a token is configured; the app itself still starts.
 */
import 'server-only';
import { createHash, timingSafeEqual } from 'node:crypto';

export type MetricsAccess = 'allow' | 'unauthorized' | 'not_found';

export interface MetricsAccessInput {
  authorization: string | null;
  /** the client's address as request_context resolves it (null: unknown) */
  ip: string | null;
  token: string | undefined;
  nodeEnv: 'development' | 'test' | 'production';
}

export function metricsAccess(input: MetricsAccessInput): MetricsAccess {
  if (input.token) {
    const presented = /^Bearer (.+)$/i.exec(input.authorization ?? '')?.[1]?.trim() ?? '';
    return sameSecret(presented, input.token) ? 'allow' : 'unauthorized';
  }
  if (input.nodeEnv === 'production') return 'not_found';
  return isLoopback(input.ip) ? 'allow' : 'not_found';
}

/** 127.0.0.0/8, ::1 and their IPv4-mapped forms. */
export function isLoopback(ip: string | null): boolean {
  if (!ip) return false;
  const v4 = ip.startsWith('::ffff:') ? ip.slice(7) : ip;
  return ip === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

/** A presented secret equals the configured one (constant time, whatever the lengths). */
export function sameSecret(a: string, b: string): boolean {
  // hashing first makes the comparison length-independent
  const ha = createHash('sha256').update(a).digest();
  const hb = createHash('sha256').update(b).digest();
  return timingSafeEqual(ha, hb) && a.length > 0;
}
