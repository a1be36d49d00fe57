/**
 * Process-wide registry of router clients: one client and one circuit breaker per
 * router key (`${tenantId}:${routerId}`). When a router's endpoint changes (host, port,
 * TLS, tunnel mode or credentials edited), the client is rebuilt but the breaker is kept, so editing
 * a router does not hide that it has been failing.
 */
import { RouterBreaker } from './breaker';
import type { RouterBreakerOptions } from './breaker';
import { RouterOsClient } from './client';
import type { RouterOsClientOptions } from './client';
import type { BreakerState, RouterEndpoint } from './types';

export interface RouterClientPoolOptions {
  /** applied to every client the pool builds */
  client?: Omit<RouterOsClientOptions, 'routerKey' | 'breaker' | 'breakerOptions'>;
  breaker?: Omit<RouterBreakerOptions, 'routerKey'>;
}

interface Entry {
  client: RouterOsClient;
  breaker: RouterBreaker;
}

export function routerKey(tenantId: string, routerId: string): string {
  return `${tenantId}:${routerId}`;
}

function sameEndpoint(a: RouterEndpoint, b: RouterEndpoint): boolean {
  return (
    a.host === b.host &&
    (a.tunnelAddress ?? null) === (b.tunnelAddress ?? null) &&
    a.port === b.port &&
    a.useTls === b.useTls &&
    (a.caPem ?? null) === (b.caPem ?? null) &&
    a.username === b.username &&
    a.password === b.password
  );
}

export class RouterClientPool {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly options: RouterClientPoolOptions = {}) {}

  /** The client for `key`, built (or rebuilt, keeping the breaker) for `endpoint`. */
  get(key: string, endpoint: RouterEndpoint): RouterOsClient {
    const entry = this.entries.get(key);
    if (entry && sameEndpoint(entry.client.endpoint, endpoint)) return entry.client;
    const breaker =
      entry?.breaker ?? new RouterBreaker({ ...this.options.breaker, routerKey: key });
    const client = new RouterOsClient(endpoint, {
      ...this.options.client,
      routerKey: key,
      breaker,
    });
    this.entries.set(key, { client, breaker });
    return client;
  }

  /** `closed` for a router the pool has not seen. */
  breakerState(key: string): BreakerState {
    return this.entries.get(key)?.breaker.state ?? 'closed';
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  /** Forgets a router (deleted, or moved to another worker); its breaker goes too. */
  delete(key: string): boolean {
    return this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}

/** The process's pool, for code without a composition root of its own. */
export const routerClientPool = new RouterClientPool();
