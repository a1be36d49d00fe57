/**
 * What the network, customers and maps modules need beyond the tenant transaction: the
 * Redis cache (router status 1 min, map data 5 min — spec TTLs), the SecretBox for
 * router and PPPoE passwords, and the process's router clients (one breaker per router);
 * also where billing's payment gateways are reached (it shares these services).
 */
import type { Redis } from '@rrnet/cache';
import type { SecretBox } from '@rrnet/crypto';
import type { Logger } from '@rrnet/logger';
import type { PlainHttpPolicy, RouterClientPool } from '@rrnet/routeros';
import type { TunnelSettings } from './tunnels';

export interface NetworkServices {
  redis: Redis;
  secretBox: SecretBox;
  routers: RouterClientPool;
  logger: Logger;
  /** prefix of cache keys (separate stacks sharing one Redis) */
  cachePrefix: string;
  /** router tunnels (routers behind NAT); absent when the platform has no tunnel endpoint */
  tunnel?: TunnelSettings;
  /** `loopback_only` in production: routers must use HTTPS unless on this machine or the tunnel (the pool enforces it too); default `allowed` */
  plainHttp?: PlainHttpPolicy;
  /** payment gateways' API base URL overrides (a proxy, the simulators), for every caller of createPaymentLink; absent: the gateways' own */
  paymentGatewayUrls?: { midtransSnap?: string; xenditApi?: string };
}

/** Spec §4 TTLs. */
export const ROUTER_STATUS_TTL_SECONDS = 60;
export const MAP_DATA_TTL_SECONDS = 300;

/** Cache keys, always under the tenant: `{prefix}:t:{tenant}:…`. */
export const cacheKeys = {
  routerStatus: (prefix: string, tenantId: string, routerId: string) => `${prefix}:t:${tenantId}:router_status:${routerId}`,
  mapVersion: (prefix: string, tenantId: string) => `${prefix}:t:${tenantId}:map_version`,
  mapData: (prefix: string, tenantId: string, version: number, query: string) => `${prefix}:t:${tenantId}:map:${version}:${query}`,
};

/**
 * Something on the map changed (a customer, router or node was added, moved or changed
 * status): bump the tenant's map version so cached answers are not served again. Best
 * effort — if Redis is down the 5-minute TTL still bounds staleness.
 */
export async function invalidateMap(services: Pick<NetworkServices, 'redis' | 'logger' | 'cachePrefix'>, tenantId: string): Promise<void> {
  try {
    await services.redis.incr(cacheKeys.mapVersion(services.cachePrefix, tenantId));
  } catch (err) {
    services.logger.warn({ err }, 'map cache invalidation failed; entries expire within 5 minutes');
  }
}

/** Bumps coalesced per tenant within this window (see invalidateMapCoalesced). */
export const MAP_INVALIDATION_WINDOW_MS = 1_000;

interface CoalescingWindow {
  again: boolean;
  timer: ReturnType<typeof setTimeout>;
  bump: () => Promise<void>;
}
const coalescing = new Map<string, CoalescingWindow>();
const inFlight = new Set<Promise<void>>();

function track(bump: Promise<void>): void {
  inFlight.add(bump);
  void bump.finally(() => inFlight.delete(bump));
}

/**
 * invalidateMap for bursts from the worker (an isolir sweep changes hundreds of customers
 * of one tenant within seconds): the first change bumps at once, further changes within
 * MAP_INVALIDATION_WINDOW_MS bump once more when the window ends, so the map is never
 * staler than the window and Redis sees at most two bumps per tenant per second. Not
 * awaited by the caller's work: the job does not wait on the cache. A stopping worker
 * calls flushMapInvalidations so no owed bump is lost with the process.
 */
export function invalidateMapCoalesced(services: Pick<NetworkServices, 'redis' | 'logger' | 'cachePrefix'>, tenantId: string): void {
  const key = cacheKeys.mapVersion(services.cachePrefix, tenantId);
  const window = coalescing.get(key);
  if (window) {
    window.again = true;
    return;
  }
  const bump = () => invalidateMap(services, tenantId);
  const state: CoalescingWindow = {
    again: false,
    bump,
    timer: setTimeout(() => {
      coalescing.delete(key);
      if (state.again) invalidateMapCoalesced(services, tenantId);
    }, MAP_INVALIDATION_WINDOW_MS).unref(),
  };
  coalescing.set(key, state);
  track(bump());
}

/** Runs every bump still owed by an open window now and waits for all bumps in flight (worker shutdown). */
export async function flushMapInvalidations(): Promise<void> {
  const owed = [...coalescing.values()];
  coalescing.clear();
  for (const w of owed) {
    clearTimeout(w.timer);
    if (w.again) track(w.bump());
  }
  await Promise.all([...inFlight]);
}
