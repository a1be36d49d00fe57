/**
 * A per-tenant answer read from the database and kept in Redis (and for a few seconds in
 * this process), cleared by `invalidate` when the tenant's data changes: entitlements,
 * custom-role grants.
 *
 * A read that began before a change must not put the old answer back after the change
 * cleared it (a feature switched on, a permission taken away, undone for the TTL): each
 * tenant has a generation in Redis that `invalidate` bumps; an entry holds the generation
 * it was read under and is used only while that is still current (one MGET reads both). In
 * this process a read overtaken by an invalidation is not kept at all. The local copy is
 * one per process (processWide), whatever copies of the calling module Next.js loads.
 */
import type { Redis } from '@upstash/redis';
import { LocalTtlCache, processWide } from './local_cache';

interface Entry<V> {
  generation: number;
  value: V;
}

export interface TenantCache<V> {
  /** The cached answer, else `load()` (kept unless an invalidation overtook it); null answers are not kept. */
  get(deps: { redis: Redis; logger: { warn: (obj: object, msg: string) => void } }, tenantId: string, load: () => Promise<V | null>): Promise<V | null>;
  /** After a change: no copy (in this process, in Redis, or being read now) is used again. */
  invalidate(redis: Redis, tenantId: string): Promise<void>;
}

export function tenantCache<V>(options: { name: string; redisKey: (tenantId: string) => string; ttlSeconds: number; localMs: number }): TenantCache<V> {
  const { name, redisKey, ttlSeconds } = options;
  const local = processWide(`${name}.local`, () => new LocalTtlCache<V>(options.localMs));
  const invalidations = processWide(`${name}.invalidations`, () => new Map<string, number>());
  const generationKey = (tenantId: string) => `${redisKey(tenantId)}:generation`;
  return {
    async get(deps, tenantId, load) {
      const near = local.get(tenantId);
      if (near !== undefined) return near;
      let generation: number | null = null;
      try {
        const [cached, current] = await deps.redis.mget<[Entry<V> | null, number | null]>(redisKey(tenantId), generationKey(tenantId));
        generation = Number(current ?? 0);
        if (cached && cached.generation === generation && cached.value !== undefined) {
          local.set(tenantId, cached.value);
          return cached.value;
        }
      } catch (err) {
        deps.logger.warn({ err }, `${name} cache unavailable; reading the database`);
      }
      const before = invalidations.get(tenantId) ?? 0;
      const value = await load();
      if (value === null) return null;
      if (generation !== null) {
        const entry: Entry<V> = { generation, value };
        await deps.redis.set(redisKey(tenantId), entry, { ex: ttlSeconds }).catch(() => undefined);
      }
      if ((invalidations.get(tenantId) ?? 0) === before) local.set(tenantId, value);
      return value;
    },
    async invalidate(redis, tenantId) {
      invalidations.set(tenantId, (invalidations.get(tenantId) ?? 0) + 1);
      local.delete(tenantId);
      await redis.incr(generationKey(tenantId));
      // kept beyond the entries' life; once gone, generation 0 and the entries written under it agree again
      await redis.expire(generationKey(tenantId), 2 * ttlSeconds);
      await redis.del(redisKey(tenantId));
    },
  };
}
