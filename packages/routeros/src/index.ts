/**
 * @rrnet/routeros: RRNet's adapter for MikroTik RouterOS v7 (REST). The simulator is a
 * separate entry point, `@rrnet/routeros/simulator`, so production code never loads it.
 */
export { RouterOsClient, ROUTER_TIMEOUT_MS, dialAddress, plainHttpRefusal } from './client';
export type { PlainHttpPolicy, RouterOsClientOptions } from './client';
export { RouterClientPool, routerClientPool, routerKey } from './pool';
export type { RouterClientPoolOptions } from './pool';
export {
  RouterBreaker,
  BREAKER_FAILURE_THRESHOLD,
  BREAKER_HALF_OPEN_TRIALS,
  BREAKER_OPEN_MS,
} from './breaker';
export type { RouterBreakerOptions } from './breaker';
export {
  RouterOsError,
  TRANSIENT_KINDS,
  isRouterOsError,
  isTransientRouterError,
  kindForStatus,
} from './errors';
export type { RouterOsErrorInit } from './errors';
export { createRetryPolicy, linearDelays, RETRY_ATTEMPTS, RETRY_BASE_DELAY_MS } from './retry';
export type { RetryOptions } from './retry';
export type { HttpRequest, HttpResponse, HttpTransport } from './transport';
export type * from './types';
