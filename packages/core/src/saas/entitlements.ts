/**
 * What a tenant may use: its status, plan features (plus per-tenant overrides) and plan
 * limits. Read as the tenant itself (RLS) and cached in Redis for an hour (spec:
 * configuration 1 hour); platform changes call `invalidateEntitlements`. A read that began before a change never puts the old value back (tenantCache: entries
 * carry the tenant's generation), and the local copy is one per process.
 */
import { FEATURES, PLAN_LIMITS } from '@rrnet/contracts';
import type { Feature, PlanLimit } from '@rrnet/contracts';
import type { Redis } from '@rrnet/cache';
import { tenantCache } from '@rrnet/cache';
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

/** In Redis for an hour; in this process for 15 s (platform changes reach other instances within 15 s, this one at once). */
const cache = tenantCache<Entitlements>({
  name: 'entitlements',
  redisKey: (tenantId) => `rrnet:tenant:${tenantId}:entitlements`,
  ttlSeconds: ENTITLEMENTS_TTL_SECONDS,
  localMs: 15_000,
});

export async function loadEntitlements(deps: { sql: Sql; redis: Redis; logger: Logger }, tenantId: string): Promise<Entitlements | null> {
  return cache.get(deps, tenantId, () => readEntitlements(deps.sql, tenantId));
}

async function readEntitlements(sql: Sql, tenantId: string): Promise<Entitlements | null> {
  const fresh = await withTenant(sql, { tenantId }, async ({ sql }) => {
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
  return {
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
}

/** After a change to what the tenant may use: no cached copy (here, in Redis, or one being read now) is used again. */
export async function invalidateEntitlements(redis: Redis, tenantId: string): Promise<void> {
  await cache.invalidate(redis, tenantId);
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
