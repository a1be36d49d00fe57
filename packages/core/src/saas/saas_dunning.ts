/**
 * Dunning over the ISPs (rrnet_system): each ISP's state from its oldest open SaaS invoice
 * (saas_dunning_rules), applied — subscription past_due, ISP suspended by dunning — and
 * undone at once when it pays. A suspension by platform staff (any other reason) is left to
 * them. Entitlements are dropped for every ISP whose state changed, so the chain sees it on
 * the next request. The isolir sweep and the ISP's billing_isolir / restore jobs do not
 * look at any of this: subscribers never lose service because their ISP is late with RRNet.
 */
import type { Redis } from '@rrnet/cache';
import type { Sql, TenantTx } from '@rrnet/db';
import { withPlatform } from '@rrnet/db';
import { localDay } from '../billing/cycle';
import { invalidateEntitlements } from './entitlements';
import { platformAudit } from './platform_audit';
import { SAAS_BILLING } from './saas_billing_rules';
import { dunningState } from './saas_dunning_rules';
import type { DunningState } from './saas_dunning_rules';

export const DUNNING_SUSPENSION_REASON = 'dunning';

interface Row {
  tenant_id: string;
  tenant_status: 'active' | 'suspended' | 'terminated';
  suspension_reason: string | null;
  subscription_id: string;
  subscription_status: 'trialing' | 'active' | 'past_due';
  oldest_open_due: string | null;
}

export interface DunningResult {
  day: string;
  past_due: number;
  suspended: number;
  restored: number;
}

/** Brings the ISPs' states in line with their open invoices on `day`; only what changes is written. */
export async function applyDunning(sql: TenantTx['sql'], day: string, tenantId: string | null = null): Promise<DunningResult & { changed: string[] }> {
  const rows = await sql<Row[]>`
    SELECT t.id AS tenant_id, t.status AS tenant_status, t.suspension_reason, s.id AS subscription_id, s.status AS subscription_status,
           (SELECT min(i.due_date)::text FROM saas_invoices i WHERE i.tenant_id = t.id AND i.status = 'open') AS oldest_open_due
    FROM saas_tenants t JOIN saas_subscriptions s ON s.tenant_id = t.id AND s.status IN ('active', 'past_due')
    WHERE t.status <> 'terminated' AND (${tenantId}::uuid IS NULL OR t.id = ${tenantId})
    FOR UPDATE OF t, s`;
  const result = { day, past_due: 0, suspended: 0, restored: 0, changed: [] as string[] };
  for (const r of rows) {
    const state: DunningState = dunningState(r.oldest_open_due, day);
    const byDunning = r.tenant_status === 'suspended' && r.suspension_reason === DUNNING_SUSPENSION_REASON;
    let changed = false;
    const wantSub = state === 'current' ? 'active' : 'past_due';
    if (r.subscription_status !== wantSub) {
      await sql`UPDATE saas_subscriptions SET status = ${wantSub} WHERE tenant_id = ${r.tenant_id} AND id = ${r.subscription_id}`;
      changed = true;
    }
    if (state === 'suspended' && r.tenant_status === 'active') {
      await sql`UPDATE saas_tenants SET status = 'suspended', suspended_at = now(), suspension_reason = ${DUNNING_SUSPENSION_REASON} WHERE id = ${r.tenant_id}`;
      changed = true;
    } else if (state !== 'suspended' && byDunning) {
      await sql`UPDATE saas_tenants SET status = 'active', suspended_at = NULL, suspension_reason = NULL WHERE id = ${r.tenant_id}`;
      changed = true;
    }
    if (!changed) continue;
    if (state === 'past_due') result.past_due++;
    else if (state === 'suspended') result.suspended++;
    else result.restored++;
    result.changed.push(r.tenant_id);
    await platformAudit(sql, r.tenant_id, `saas.dunning.${state}`, { day, oldest_open_due: r.oldest_open_due });
  }
  return result;
}

/** The scheduled run (saas_dunning job): every ISP, the platform's calendar day of `at`. */
export async function runSaasDunning(systemSql: Sql, redis: Redis, at: Date = new Date()): Promise<DunningResult> {
  const day = localDay(SAAS_BILLING.timezone, at);
  const { changed, ...result } = await withPlatform(systemSql, { userId: null, requestId: null }, async ({ sql }) => {
    await sql`SELECT pg_advisory_xact_lock(hashtext('saas_dunning'))`;
    return applyDunning(sql, day);
  });
  for (const id of changed) await invalidateEntitlements(redis, id);
  return result;
}
