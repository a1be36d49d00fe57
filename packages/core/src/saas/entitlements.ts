/**
 * What a tenant may use: its status, plan features (plus per-tenant overrides) and plan
 * limits. Read as the tenant itself (RLS) and cached in Redis for an hour (spec:
 * configuration 1 hour); platform changes call `invalidateEntitlements`.
 *
 * A read that began before a change must not put the old value back after the change
 * invalidated it (a page loading while staff switch a feature on would otherwise keep it off
 * for the hour): each tenant has a generation in Redis that `invalidateEntitlements` bumps;
 * an entry holds the generation it was read under and is used only while that is still
 * current (one MGET reads both). In this process, a read overtaken by an invalidation is
 * not kept at all.
 */
import { FEATURES, PLAN_LIMITS } from '@rrnet/contracts';
import type { Feature, PlanLimit } from '@rrnet/contracts';
import type { Redis } from '@rrnet/cache';
import { LocalTtlCache, processWide } from '@rrnet/cache';
import type { Sql } from '@rrnet/db';
import { withTenant } from '@rrnet/db';
import type { Logger } from '@rrnet/logger';

export const ENTITLEMENTS_TTL_SECONDS = 3600;

export interface Entitlements {
  tenant_id: string;
  name: string;
  slug: string;
  status: 'active' | 'suspended' | 'terminated';
  timezone: string;
  plan_code: string | null;
  /** the current subscription's status (past_due: no new customers or routers); absent in entries cached before it existed */
  subscription_status?: 'trialing' | 'active' | 'past_due' | null;
  /** 'dunning' for a suspension over unpaid SaaS invoices (read-only), else staff's reason */
  suspension_reason?: string | null;
  features: Feature[];
  limits: Record<PlanLimit, number>;
}

const key = (tenantId: string) => `rrnet:tenant:${tenantId}:entitlements`;
const generationKey = (tenantId: string) => `rrnet:tenant:${tenantId}:entitlements:generation`;

/** What Redis holds: the entitlements and the generation they were read under. */
interface CachedEntitlements {
  generation: number;
  entitlements: Entitlements;
}

/** Invalidations made by this process, per tenant (a read they overtook is not kept locally). */
const localInvalidations = processWide('entitlements.invalidations', () => new Map<string, number>());

/** In-process copy for 15 s: every request needs it; platform changes reach other instances within 15 s (this one at once). */
const local = processWide('entitlements.local', () => new LocalTtlCache<Entitlements>(15_000));

export async function loadEntitlements(deps: { sql: Sql; redis: Redis; logger: Logger }, tenantId: string): Promise<Entitlements | null> {
  const near = local.get(tenantId);
  if (near) return near;
  let generation: number | null = null;
  try {
    const [cached, current] = await deps.redis.mget<[CachedEntitlements | null, number | null]>(key(tenantId), generationKey(tenantId));
    generation = Number(current ?? 0);
    if (cached?.entitlements && cached.generation === generation) {
      local.set(tenantId, cached.entitlements);
      return cached.entitlements;
    }
  } catch (err) {
    deps.logger.warn({ err }, 'entitlements cache unavailable; reading the database');
  }
  const invalidationsBefore = localInvalidations.get(tenantId) ?? 0;
  const fresh = await withTenant(deps.sql, { tenantId }, async ({ sql }) => {
    const [row] = await sql<
      { name: string; slug: string; status: Entitlements['status']; timezone: string; plan_code: string | null; features: string[];
        subscription_status: Entitlements['subscription_status']; suspension_reason: string | null;
        max_routers: number | null; max_customers: number | null; max_users: number | null; max_wa_messages_month: number | null }[]
    >`
      SELECT t.name, t.slug, t.status, t.timezone, p.code AS plan_code, sys_tenant_features(t.id) AS features, t.suspension_reason,
             (SELECT s.status FROM saas_subscriptions s WHERE s.tenant_id = t.id AND s.status IN ('trialing', 'active', 'past_due')) AS subscription_status,
             p.max_routers, p.max_customers, p.max_users, p.max_wa_messages_month
      FROM saas_tenants t
      LEFT JOIN saas_plans p ON p.id = sys_tenant_plan(t.id)
      WHERE t.id = ${tenantId}`;
    return row;
  });
  if (!fresh) return null;
  // the rule is sys_tenant_features (drizzle/0017); here only names this build doesn't know are dropped
  const features = fresh.features.filter((f): f is Feature => (FEATURES as readonly string[]).includes(f));
  const limits = Object.fromEntries(PLAN_LIMITS.map((l) => [l, 0])) as Record<PlanLimit, number>;
  limits.routers = fresh.max_routers ?? 0;
  limits.customers = fresh.max_customers ?? 0;
  limits.users = fresh.max_users ?? 0;
  limits.wa_messages_month = fresh.max_wa_messages_month ?? 0;
  const entitlements: Entitlements = {
    tenant_id: tenantId,
    name: fresh.name,
    slug: fresh.slug,
    status: fresh.status,
    timezone: fresh.timezone,
    plan_code: fresh.plan_code,
    subscription_status: fresh.subscription_status ?? null,
    suspension_reason: fresh.suspension_reason,
    features,
    limits,
  };
  if (generation !== null) {
    const entry: CachedEntitlements = { generation, entitlements };
    await deps.redis.set(key(tenantId), entry, { ex: ENTITLEMENTS_TTL_SECONDS }).catch(() => undefined);
  }
  if ((localInvalidations.get(tenantId) ?? 0) === invalidationsBefore) local.set(tenantId, entitlements);
  return entitlements;
}

/** After a change to what the tenant may use: no cached copy (here, in Redis, or one being read now) is used again. */
export async function invalidateEntitlements(redis: Redis, tenantId: string): Promise<void> {
  localInvalidations.set(tenantId, (localInvalidations.get(tenantId) ?? 0) + 1);
  local.delete(tenantId);
  await redis.incr(generationKey(tenantId));
  // kept beyond the entries' life; once gone, generation 0 and the entries written under it agree again
  await redis.expire(generationKey(tenantId), 2 * ENTITLEMENTS_TTL_SECONDS);
  await redis.del(key(tenantId));
}

/**
 * Active tenants for which a feature is on (the same rule as `loadEntitlements`:
 * sys_tenant_features) — the schedulers' view across tenants, read as rrnet_system.
 */
export async function tenantsWithFeature(systemSql: Sql, feature: Feature): Promise<{ id: string; timezone: string }[]> {
  return systemSql<{ id: string; timezone: string }[]>`
    SELECT t.id, t.timezone FROM saas_tenants t
    WHERE t.status = 'active' AND ${feature} = ANY(sys_tenant_features(t.id))
    ORDER BY t.id`;
}
