/**
 * The platform's administration of its ISPs (rrnet_system): plans (create, edit), the
 * tenant list with plan, usage against limits, MRR and last activity, moving an ISP to
 * another plan (saas_plan_rules), suspend/reactivate and per-ISP feature overrides, each
 * audited and each invalidating the ISP's cached entitlements. Also the ISP's own view of
 * its plan and usage (as the tenant, under RLS). Platform staff see counts, never the
 * ISP's subscribers.
 */
import { AppError, FIELD_MESSAGES, fieldMessage, serverMessage } from '@rrnet/contracts';
import type {
  Feature,
  PlanChange,
  PlatformTenant,
  PlatformRevenue,
  PlatformTenantDetail,
  SaasPlan,
  SaasSubscriptionStatus,
  SubscriptionSummary,
  TenantUsage,
} from '@rrnet/contracts';
import type { Redis } from '@rrnet/cache';
import type { Sql, TenantTx } from '@rrnet/db';
import { withPlatform } from '@rrnet/db';
import { supportAccessUntil } from '../admin/support_access';
import { localDay } from '../billing/cycle';
import { invalidateEntitlements } from './entitlements';
import { platformAudit } from './platform_audit';
import { SAAS_BILLING } from './saas_billing_rules';
import { changeEffectiveOn, limitExcesses, limitsOf, monthsUpTo, mrrOf, planChangeKind, previousMonth, revenueHistory } from './saas_plan_rules';
import type { TenantMonthMrr } from './saas_plan_rules';

interface Actor {
  userId: string | null;
  requestId: string | null;
}

type Tx = TenantTx['sql'];


// ── plans ────────────────────────────────────────────────────────────────────────

const PLAN_COLUMNS = `p.id, p.code, p.name, p.price_monthly::int AS price_monthly, p.max_routers, p.max_customers, p.max_users,
  p.max_wa_messages_month, p.features, p.is_active,
  (SELECT count(*)::int FROM saas_subscriptions s WHERE s.plan_id = p.id AND s.status IN ('trialing', 'active', 'past_due')) AS subscribers`;

export async function listPlans(systemSql: Sql): Promise<SaasPlan[]> {
  return systemSql.unsafe<SaasPlan[]>(`SELECT ${PLAN_COLUMNS} FROM saas_plans p ORDER BY p.price_monthly, p.code`);
}

async function planById(sql: Tx | Sql, id: string): Promise<SaasPlan> {
  const [plan] = await sql.unsafe<SaasPlan[]>(`SELECT ${PLAN_COLUMNS} FROM saas_plans p WHERE p.id = $1`, [id]);
  if (!plan) throw new AppError('NOT_FOUND', { message: serverMessage('saas_plan_not_found') });
  return plan;
}

type PlanFields = Omit<SaasPlan, 'id' | 'subscribers'>;

export async function createPlan(systemSql: Sql, input: PlanFields, actor: Actor): Promise<SaasPlan> {
  return withPlatform(systemSql, actor, async ({ sql }) => {
    const [row] = await sql<{ id: string }[]>`
      INSERT INTO saas_plans (code, name, price_monthly, max_routers, max_customers, max_users, max_wa_messages_month, features, is_active)
      VALUES (${input.code}, ${input.name}, ${input.price_monthly}, ${input.max_routers}, ${input.max_customers}, ${input.max_users},
              ${input.max_wa_messages_month}, ${input.features}::text[], ${input.is_active})
      ON CONFLICT (code) DO NOTHING RETURNING id`;
    if (!row) throw new AppError('CONFLICT', { message: serverMessage('saas_plan_code_taken'), details: { code: FIELD_MESSAGES.already_in_use } });
    await platformAudit(sql, null, 'saas.plan.created', { plan_id: row.id, ...input });
    return planById(sql, row.id);
  });
}

/** Edits a plan; the ISPs on it get the new limits and features within the entitlement cache's life (invalidated here). */
export async function updatePlan(systemSql: Sql, redis: Redis, input: Partial<Omit<PlanFields, 'code'>> & { id: string }, actor: Actor): Promise<SaasPlan> {
  const updated = await withPlatform(systemSql, actor, async ({ sql }) => {
    const before = await planById(sql, input.id);
    const next = { ...before, ...Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) } as SaasPlan;
    await sql`
      UPDATE saas_plans SET name = ${next.name}, price_monthly = ${next.price_monthly}, max_routers = ${next.max_routers},
             max_customers = ${next.max_customers}, max_users = ${next.max_users}, max_wa_messages_month = ${next.max_wa_messages_month},
             features = ${next.features}::text[], is_active = ${next.is_active}
      WHERE id = ${input.id}`;
    await platformAudit(sql, null, 'saas.plan.updated', { plan_id: input.id, before: { ...before, subscribers: undefined }, after: { ...next, subscribers: undefined } });
    const tenants = await sql<{ tenant_id: string }[]>`SELECT tenant_id FROM saas_subscriptions WHERE plan_id = ${input.id} AND status IN ('trialing', 'active', 'past_due')`;
    return { plan: await planById(sql, input.id), tenants: tenants.map((t) => t.tenant_id) };
  });
  for (const t of updated.tenants) await invalidateEntitlements(redis, t);
  return updated.plan;
}

// ── usage ────────────────────────────────────────────────────────────────────────

/**
 * Usage per tenant, counted the way plan_limits.ts's lockAndCount counts it (routers,
 * non-terminated customers, active memberships, WhatsApp messages sending or sent this
 * month in the tenant's timezone). Works as rrnet_system (any tenants) and as the tenant
 * under RLS (its own).
 */
export async function usageOf(sql: Tx | Sql, tenantIds: string[]): Promise<Map<string, TenantUsage>> {
  const rows = await sql<(TenantUsage & { id: string })[]>`
    SELECT t.id,
      (SELECT count(*) FROM tenant_routers r WHERE r.tenant_id = t.id)::int AS routers,
      (SELECT count(*) FROM tenant_customers c WHERE c.tenant_id = t.id AND c.status <> 'terminated')::int AS customers,
      (SELECT count(*) FROM tenant_memberships m WHERE m.tenant_id = t.id AND m.status = 'active')::int AS users,
      (SELECT count(*) FROM tenant_wa_messages w WHERE w.tenant_id = t.id
         AND (w.status = 'sending' OR w.sent_at >= (date_trunc('month', now() AT TIME ZONE t.timezone) AT TIME ZONE t.timezone)))::int AS wa_messages_month
    FROM saas_tenants t WHERE t.id = ANY(${tenantIds}::uuid[])`;
  return new Map(rows.map(({ id, ...usage }) => [id, usage]));
}

// ── tenants ──────────────────────────────────────────────────────────────────────

interface TenantRow {
  id: string;
  slug: string;
  name: string;
  status: PlatformTenant['status'];
  created_at: Date | string;
  subscription_status: SaasSubscriptionStatus | null;
  plan_id: string | null;
  plan_code: string | null;
  plan_name: string | null;
  price_monthly: number | null;
  max_routers: number | null;
  max_customers: number | null;
  max_users: number | null;
  max_wa_messages_month: number | null;
  open_invoices: number;
  last_payment: { number: string; paid_at: string; payment_method: NonNullable<PlatformTenant['last_payment']>['payment_method'] } | null;
  last_activity_at: Date | string | null;
}

interface ChangeRow {
  id: string;
  tenant_id: string;
  kind: PlanChange['kind'];
  status: PlanChange['status'];
  old_plan_code: string;
  new_plan_code: string;
  effective_on: string;
  reason: string | null;
  created_at: Date | string;
}

const toChange = (c: ChangeRow): PlanChange => ({
  id: c.id,
  kind: c.kind,
  status: c.status,
  old_plan_code: c.old_plan_code,
  new_plan_code: c.new_plan_code,
  effective_on: c.effective_on,
  reason: c.reason,
  created_at: new Date(c.created_at),
});

async function changesOf(sql: Tx | Sql, tenantIds: string[], onlyScheduled: boolean): Promise<ChangeRow[]> {
  return sql<ChangeRow[]>`
    SELECT c.id, c.tenant_id, c.kind, c.status, op.code AS old_plan_code, np.code AS new_plan_code, c.effective_on::text, c.reason, c.created_at
    FROM saas_subscription_changes c JOIN saas_plans op ON op.id = c.old_plan_id JOIN saas_plans np ON np.id = c.new_plan_id
    WHERE c.tenant_id = ANY(${tenantIds}::uuid[]) AND (${!onlyScheduled} OR c.status = 'scheduled')
    ORDER BY c.created_at DESC`;
}

async function tenantRows(sql: Tx | Sql, tenantId: string | null): Promise<TenantRow[]> {
  return sql<TenantRow[]>`
    SELECT t.id, t.slug, t.name, t.status, t.created_at, s.status AS subscription_status, p.id AS plan_id, p.code AS plan_code,
           p.name AS plan_name, p.price_monthly::int AS price_monthly, p.max_routers, p.max_customers, p.max_users, p.max_wa_messages_month,
           (SELECT count(*)::int FROM saas_invoices i WHERE i.tenant_id = t.id AND i.status = 'open') AS open_invoices,
           (SELECT json_build_object('number', i.number, 'paid_at', i.paid_at, 'payment_method', i.payment_method) FROM saas_invoices i
            WHERE i.tenant_id = t.id AND i.status = 'paid' ORDER BY i.paid_at DESC, i.number DESC LIMIT 1) AS last_payment,
           (SELECT max(se.last_used_at) FROM sys_sessions se WHERE se.tenant_id = t.id) AS last_activity_at
    FROM saas_tenants t
    LEFT JOIN saas_subscriptions s ON s.tenant_id = t.id AND s.status IN ('trialing', 'active', 'past_due')
    LEFT JOIN saas_plans p ON p.id = s.plan_id
    WHERE (${tenantId}::uuid IS NULL OR t.id = ${tenantId})
    ORDER BY t.name, t.id`;
}

function toTenant(r: TenantRow, usage: TenantUsage | undefined, scheduled: ChangeRow | undefined): PlatformTenant {
  return {
    id: r.id,
    slug: r.slug,
    name: r.name,
    status: r.status,
    created_at: new Date(r.created_at),
    subscription_status: r.subscription_status,
    plan_id: r.plan_id,
    plan_code: r.plan_code,
    plan_name: r.plan_name,
    mrr: mrrOf(r.subscription_status, r.price_monthly),
    usage: usage ?? { routers: 0, customers: 0, users: 0, wa_messages_month: 0 },
    limits: limitsOf({ max_routers: r.max_routers ?? 0, max_customers: r.max_customers ?? 0, max_users: r.max_users ?? 0, max_wa_messages_month: r.max_wa_messages_month ?? 0 }),
    open_invoices: r.open_invoices,
    last_payment: r.last_payment ? { ...r.last_payment, paid_at: new Date(r.last_payment.paid_at) } : null,
    last_activity_at: r.last_activity_at ? new Date(r.last_activity_at) : null,
    scheduled_change: scheduled ? toChange(scheduled) : null,
  };
}

export async function listPlatformTenants(systemSql: Sql): Promise<PlatformTenant[]> {
  const rows = await tenantRows(systemSql, null);
  const ids = rows.map((r) => r.id);
  const usage = await usageOf(systemSql, ids);
  const scheduled = await changesOf(systemSql, ids, true);
  return rows.map((r) => toTenant(r, usage.get(r.id), scheduled.find((c) => c.tenant_id === r.id)));
}

/**
 * The platform's revenue over the last `months` months (platform timezone): past months
 * from their SaaS invoices (the plan line's monthly price; void invoices count for nothing),
 * this month from the live subscriptions, so a month not yet invoiced is not read as churn.
 * SQL gathers one row per ISP and month; revenueHistory decides MRR, ARPU and churn.
 */
export async function platformRevenue(systemSql: Sql, months: number, now: Date = new Date()): Promise<PlatformRevenue> {
  const thisMonth = localDay(SAAS_BILLING.timezone, now).slice(0, 7);
  const shown = monthsUpTo(thisMonth, months);
  const from = `${previousMonth(shown[0]!)}-01`;
  const invoiced = await systemSql<TenantMonthMrr[]>`
    SELECT to_char(i.period_start, 'YYYY-MM') AS month, i.tenant_id,
           max(coalesce((SELECT max((l->>'monthly_price')::bigint) FROM jsonb_array_elements(i.lines) l WHERE l->>'kind' = 'plan'),
                        CASE WHEN i.lines = '[]'::jsonb THEN i.amount END, 0))::int AS mrr
    FROM saas_invoices i
    WHERE i.status <> 'void' AND i.period_start >= ${from}::date AND i.period_start < ${`${thisMonth}-01`}::date
    GROUP BY 1, 2`;
  const live = await systemSql<{ tenant_id: string; status: SaasSubscriptionStatus; price_monthly: number }[]>`
    SELECT s.tenant_id, s.status, p.price_monthly::int AS price_monthly
    FROM saas_subscriptions s JOIN saas_plans p ON p.id = s.plan_id
    WHERE s.status IN ('trialing', 'active', 'past_due')`;
  const rows = [...invoiced, ...live.map((s) => ({ month: thisMonth, tenant_id: s.tenant_id, mrr: mrrOf(s.status, s.price_monthly) }))];
  const history = revenueHistory(shown, rows);
  return { current: history[history.length - 1]!, months: history };
}

export async function getPlatformTenant(sql: Tx | Sql, id: string): Promise<PlatformTenantDetail> {
  const [row] = await tenantRows(sql, id);
  if (!row) throw new AppError('NOT_FOUND', { message: serverMessage('isp_not_found') });
  const usage = await usageOf(sql, [id]);
  const changes = await changesOf(sql, [id], false);
  const [features] = await sql<{ f: string[] }[]>`SELECT sys_tenant_features(${id}) AS f`;
  const overrides = await sql<{ feature: string; enabled: boolean; reason: string | null; updated_at: Date | string }[]>`
    SELECT feature, enabled, reason, updated_at FROM saas_feature_overrides WHERE tenant_id = ${id} ORDER BY feature`;
  return {
    ...toTenant(row, usage.get(id), changes.find((c) => c.status === 'scheduled')),
    features: features!.f,
    overrides: overrides.map((o) => ({ ...o, updated_at: new Date(o.updated_at) })),
    changes: changes.map(toChange),
    support_access_until: await supportAccessUntil(sql, id),
  };
}

/**
 * Moves an ISP to another plan. Upgrade: now (the subscription's plan changes, the
 * difference is prorated on the next invoice). Downgrade: on the 1st of next month,
 * refused (409, each limit in `details`) while usage exceeds the new plan. A new request
 * replaces a downgrade still scheduled. Audited.
 */
export async function changePlan(
  systemSql: Sql,
  redis: Redis,
  input: { id: string; plan_id: string; reason?: string | undefined },
  actor: Actor,
  now: Date = new Date(),
): Promise<{ change: PlanChange; tenant: PlatformTenant }> {
  const today = localDay(SAAS_BILLING.timezone, now);
  const result = await withPlatform(systemSql, actor, async ({ sql }) => {
    await sql`SELECT pg_advisory_xact_lock(hashtext(${`${input.id}:saas_plan_change`}))`;
    const [sub] = await sql<{ id: string; plan_id: string; price_monthly: number; code: string }[]>`
      SELECT s.id, s.plan_id, p.price_monthly::int AS price_monthly, p.code FROM saas_subscriptions s JOIN saas_plans p ON p.id = s.plan_id
      WHERE s.tenant_id = ${input.id} AND s.status IN ('trialing', 'active', 'past_due') FOR UPDATE OF s`;
    if (!sub) throw new AppError('NOT_FOUND', { message: serverMessage('no_subscription') });
    const plan = await planById(sql, input.plan_id);
    if (!plan.is_active) throw new AppError('CONFLICT', { message: serverMessage('plan_withdrawn'), details: { plan_id: FIELD_MESSAGES.inactive_plan } });
    if (plan.id === sub.plan_id) throw new AppError('CONFLICT', { message: serverMessage('plan_current'), details: { plan_id: FIELD_MESSAGES.current_plan } });
    const kind = planChangeKind(sub.price_monthly, plan.price_monthly);
    if (kind === 'downgrade') {
      const usage = (await usageOf(sql, [input.id])).get(input.id)!;
      const excesses = limitExcesses(usage, plan);
      if (excesses.length > 0) {
        throw new AppError('CONFLICT', {
          message: serverMessage('plan_too_small', { plan: plan.name, excesses: excesses.map((e) => `${e.limit} ${e.used} of ${e.max}`).join(', ') }),
          details: Object.fromEntries(excesses.map((e) => [e.limit, fieldMessage('plan_allows', { used: e.used, max: e.max })])),
        });
      }
    }
    // a downgrade still waiting is replaced by this request
    await sql`UPDATE saas_subscription_changes SET status = 'canceled' WHERE tenant_id = ${input.id} AND subscription_id = ${sub.id} AND status = 'scheduled'`;
    const effectiveOn = changeEffectiveOn(kind, today);
    const [row] = await sql<{ id: string }[]>`
      INSERT INTO saas_subscription_changes (tenant_id, subscription_id, old_plan_id, new_plan_id, old_price, new_price, kind, status, effective_on, reason, created_by)
      VALUES (${input.id}, ${sub.id}, ${sub.plan_id}, ${plan.id}, ${sub.price_monthly}, ${plan.price_monthly}, ${kind},
              ${kind === 'upgrade' ? 'applied' : 'scheduled'}, ${effectiveOn}, ${input.reason ?? null}, ${actor.userId})
      RETURNING id`;
    if (kind === 'upgrade') await sql`UPDATE saas_subscriptions SET plan_id = ${plan.id} WHERE tenant_id = ${input.id} AND id = ${sub.id}`;
    await platformAudit(sql, input.id, `saas.plan.${kind}`, { change_id: row!.id, from: sub.code, to: plan.code, effective_on: effectiveOn, reason: input.reason ?? null });
    const [change] = await changesOf(sql, [input.id], false);
    const [t] = await tenantRows(sql, input.id);
    const usage = await usageOf(sql, [input.id]);
    return { change: toChange(change!), tenant: toTenant(t!, usage.get(input.id), kind === 'downgrade' ? change : undefined) };
  });
  await invalidateEntitlements(redis, input.id);
  return result;
}

/** Applies the downgrades due by `day` (the billing run calls it before invoicing the month). */
export async function applyScheduledChanges(sql: Tx, day: string): Promise<number> {
  const applied = await sql<{ tenant_id: string }[]>`
    WITH due AS (
      UPDATE saas_subscription_changes c SET status = 'applied'
      WHERE c.status = 'scheduled' AND c.effective_on <= ${day}::date
      RETURNING c.tenant_id, c.subscription_id, c.new_plan_id
    )
    UPDATE saas_subscriptions s SET plan_id = due.new_plan_id FROM due
    WHERE s.tenant_id = due.tenant_id AND s.id = due.subscription_id
    RETURNING s.tenant_id`;
  return applied.length;
}

/** Suspends (read-only for the ISP's staff) or reactivates an ISP, with a reason; audited. */
export async function setTenantStatus(systemSql: Sql, redis: Redis, input: { id: string; reason: string }, status: 'active' | 'suspended', actor: Actor): Promise<PlatformTenantDetail> {
  const result = await withPlatform(systemSql, actor, async ({ sql }) => {
    const [row] = await sql<{ status: string }[]>`SELECT status FROM saas_tenants WHERE id = ${input.id} FOR UPDATE`;
    if (!row) throw new AppError('NOT_FOUND', { message: serverMessage('isp_not_found') });
    const allowed = status === 'suspended' ? row.status === 'active' : row.status === 'suspended';
    if (!allowed) throw new AppError('CONFLICT', { message: serverMessage('isp_status', { status: row.status }), details: { status: row.status } });
    await sql`UPDATE saas_tenants SET status = ${status}, suspended_at = ${status === 'suspended' ? sql`now()` : null},
              suspension_reason = ${status === 'suspended' ? input.reason : null} WHERE id = ${input.id}`;
    await platformAudit(sql, input.id, status === 'suspended' ? 'saas.tenant.suspended' : 'saas.tenant.reactivated', { reason: input.reason });
    return getPlatformTenant(sql, input.id);
  });
  await invalidateEntitlements(redis, input.id);
  return result;
}

/** Turns a feature on or off for one ISP whatever its plan says (null: back to the plan), with a reason; audited. */
export async function setFeatureOverride(
  systemSql: Sql,
  redis: Redis,
  input: { id: string; feature: Feature; enabled: boolean | null; reason: string },
  actor: Actor,
): Promise<PlatformTenantDetail> {
  const result = await withPlatform(systemSql, actor, async ({ sql }) => {
    const [row] = await sql`SELECT 1 FROM saas_tenants WHERE id = ${input.id}`;
    if (!row) throw new AppError('NOT_FOUND', { message: serverMessage('isp_not_found') });
    if (input.enabled === null) {
      await sql`DELETE FROM saas_feature_overrides WHERE tenant_id = ${input.id} AND feature = ${input.feature}`;
    } else {
      await sql`
        INSERT INTO saas_feature_overrides (tenant_id, feature, enabled, reason, updated_at) VALUES (${input.id}, ${input.feature}, ${input.enabled}, ${input.reason}, now())
        ON CONFLICT (tenant_id, feature) DO UPDATE SET enabled = EXCLUDED.enabled, reason = EXCLUDED.reason, updated_at = now()`;
    }
    await platformAudit(sql, input.id, 'saas.feature_override', { feature: input.feature, enabled: input.enabled, reason: input.reason });
    return getPlatformTenant(sql, input.id);
  });
  await invalidateEntitlements(redis, input.id);
  return result;
}

/** The ISP's own plan, limits and usage (as the tenant: RLS shows its own rows). */
export async function subscriptionSummary(tx: TenantTx, tenantId: string): Promise<SubscriptionSummary> {
  const { sql } = tx;
  const [row] = await tenantRows(sql, tenantId);
  const [sub] = await sql<{ current_period_end: string }[]>`
    SELECT current_period_end::text FROM saas_subscriptions WHERE tenant_id = ${tenantId} AND status IN ('trialing', 'active', 'past_due')`;
  const usage = await usageOf(sql, [tenantId]);
  const [scheduled] = await changesOf(sql, [tenantId], true);
  const tenant = toTenant(row!, usage.get(tenantId), scheduled);
  return {
    plan_code: tenant.plan_code,
    plan_name: tenant.plan_name,
    price_monthly: row!.price_monthly ?? 0,
    subscription_status: tenant.subscription_status,
    current_period_end: sub?.current_period_end ?? null,
    usage: tenant.usage,
    limits: tenant.limits,
    scheduled_change: tenant.scheduled_change,
  };
}
