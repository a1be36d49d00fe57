/**
 * A small in-process cache in front of Redis for the per-request answers that change
 * rarely (session still active, tenant entitlements). Bounded in size and time; a
 * change made in this process clears its entry at once, other instances see it within
 * the TTL. Nothing depends on it for correctness beyond that documented delay.
 */
export class LocalTtlCache<V> {
  private readonly entries = new Map<string, { value: V; expires: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
  ) {}

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expires <= Date.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  /** `ttlMs`: this entry's own lifetime, at most the cache's */
  set(key: string, value: V, ttlMs = this.ttlMs): void {
    const ttl = Math.min(ttlMs, this.ttlMs);
    if (ttl <= 0) return;
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
    this.entries.set(key, { value, expires: Date.now() + ttl });
  }

  delete(key: string): void {
    this.entries.delete(key);
  }
}

/**
 * One value per process under `name`, however many copies of the calling module the
 * process holds. Next.js loads a module once for the API's route handlers and again for the
 * pages' server components: a cache kept in a module variable was two caches, and a change
 * the API cleared from its copy stayed in the pages' copy for the TTL (a feature the
 * platform had just switched on showed as "not in your plan"). Caches that a change must
 * clear at once in this process are kept here.
 */
export function processWide<T>(name: string, create: () => T): T {
  const registry = globalThis as unknown as Record<symbol, T | undefined>;
  const key = Symbol.for(`rrnet.process_wide.${name}`);
  return (registry[key] ??= create());
}
