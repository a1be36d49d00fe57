/**
 * What a tenant may use: its status, plan features (plus per-tenant overrides) and plan
 * limits. Read as the tenant itself (RLS) and cached in Redis for an hour (spec:
 * configuration 1 hour); platform changes call `invalidateEntitlements`.
 */
import { FEATURES, PLAN_LIMITS } from '@rrnet/contracts';
import type { Feature, PlanLimit } from '@rrnet/contracts';
import type { Redis } from '@rrnet/cache';
import { LocalTtlCache } from '@rrnet/cache';
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
  features: Feature[];
  limits: Record<PlanLimit, number>;
}

const key = (tenantId: string) => `rrnet:tenant:${tenantId}:entitlements`;

/** In-process copy for 15 s: every request needs it; platform changes reach other instances within 15 s. */
const local = new LocalTtlCache<Entitlements>(15_000);

export async function loadEntitlements(deps: { sql: Sql; redis: Redis; logger: Logger }, tenantId: string): Promise<Entitlements | null> {
  const near = local.get(tenantId);
  if (near) return near;
  try {
    const cached = await deps.redis.get<Entitlements>(key(tenantId));
    if (cached) {
      local.set(tenantId, cached);
      return cached;
    }
  } catch (err) {
    deps.logger.warn({ err }, 'entitlements cache unavailable; reading the database');
  }
  const fresh = await withTenant(deps.sql, { tenantId }, async ({ sql }) => {
    const [row] = await sql<
      { name: string; slug: string; status: Entitlements['status']; timezone: string; plan_code: string | null; features: string[] | null;
        max_routers: number | null; max_customers: number | null; max_users: number | null; max_wa_messages_month: number | null;
        overrides: { feature: string; enabled: boolean }[] }[]
    >`
      SELECT t.name, t.slug, t.status, t.timezone, p.code AS plan_code, p.features,
             p.max_routers, p.max_customers, p.max_users, p.max_wa_messages_month,
             coalesce((SELECT json_agg(json_build_object('feature', o.feature, 'enabled', o.enabled)) FROM saas_feature_overrides o), '[]') AS overrides
      FROM saas_tenants t
      LEFT JOIN saas_subscriptions s ON s.tenant_id = t.id AND s.status IN ('trialing', 'active', 'past_due')
      LEFT JOIN saas_plans p ON p.id = s.plan_id
      WHERE t.id = ${tenantId}`;
    return row;
  });
  if (!fresh) return null;
  const features = new Set((fresh.features ?? []).filter((f): f is Feature => (FEATURES as readonly string[]).includes(f)));
  for (const o of fresh.overrides) {
    if (!(FEATURES as readonly string[]).includes(o.feature)) continue;
    if (o.enabled) features.add(o.feature as Feature);
    else features.delete(o.feature as Feature);
  }
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
    features: [...features].sort(),
    limits,
  };
  await deps.redis.set(key(tenantId), entitlements, { ex: ENTITLEMENTS_TTL_SECONDS }).catch(() => undefined);
  local.set(tenantId, entitlements);
  return entitlements;
}

export async function invalidateEntitlements(redis: Redis, tenantId: string): Promise<void> {
  local.delete(tenantId);
  await redis.del(key(tenantId));
}

/**
 * Active tenants for which a feature is on (plan features, then per-tenant overrides) —
 * the schedulers' view across tenants, read as rrnet_system.
 */
export async function tenantsWithFeature(systemSql: Sql, feature: Feature): Promise<{ id: string; timezone: string }[]> {
  return systemSql<{ id: string; timezone: string }[]>`
    SELECT t.id, t.timezone FROM saas_tenants t
    LEFT JOIN saas_subscriptions s ON s.tenant_id = t.id AND s.status IN ('trialing', 'active', 'past_due')
    LEFT JOIN saas_plans p ON p.id = s.plan_id
    LEFT JOIN saas_feature_overrides o ON o.tenant_id = t.id AND o.feature = ${feature}
    WHERE t.status = 'active' AND coalesce(o.enabled, ${feature} = ANY(coalesce(p.features, '{}'::text[])))
    ORDER BY t.id`;
}
