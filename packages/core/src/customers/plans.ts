/** Service plans: speed, monthly price (IDR) and the router profile their customers get. */
import { eq, sql } from 'drizzle-orm';
import { AppError, FIELD_MESSAGES, serverMessage } from '@rrnet/contracts';
import type { ServicePlan, servicePlanCreateInput, servicePlanUpdateInput } from '@rrnet/contracts';
import { tenantServicePlans } from '@rrnet/db/schema';
import type { TenantTx } from '@rrnet/db';
import type { z } from 'zod';
import { conflictOnUnique } from '../unique_conflict';

const planColumns = {
  id: tenantServicePlans.id,
  name: tenantServicePlans.name,
  download_kbps: tenantServicePlans.download_kbps,
  upload_kbps: tenantServicePlans.upload_kbps,
  price: tenantServicePlans.price,
  router_profile: tenantServicePlans.router_profile,
  is_active: tenantServicePlans.is_active,
  // spelled out: drizzle leaves columns unqualified in single-table selects, which would bind to the subquery's table
  customer_count: sql<number>`(SELECT count(*)::int FROM tenant_customers c WHERE c.tenant_id = tenant_service_plans.tenant_id AND c.plan_id = tenant_service_plans.id AND c.status <> 'terminated')`,
  created_at: tenantServicePlans.created_at,
};

export async function listPlans(tx: TenantTx): Promise<ServicePlan[]> {
  return tx.db.select(planColumns).from(tenantServicePlans).orderBy(tenantServicePlans.price, tenantServicePlans.name);
}

async function getPlan(tx: TenantTx, id: string): Promise<ServicePlan> {
  const [row] = await tx.db.select(planColumns).from(tenantServicePlans).where(eq(tenantServicePlans.id, id));
  if (!row) throw new AppError('NOT_FOUND', { message: serverMessage('plan_not_found') });
  return row;
}

const uniqueName = conflictOnUnique(serverMessage('plan_name_taken'), { name: FIELD_MESSAGES.already_used });

export async function createPlan(tx: TenantTx, tenantId: string, input: z.output<typeof servicePlanCreateInput>): Promise<ServicePlan> {
  const [row] = await tx.db
    .insert(tenantServicePlans)
    .values({ tenant_id: tenantId, ...input })
    .returning({ id: tenantServicePlans.id })
    .catch(uniqueName);
  return getPlan(tx, row!.id);
}

/**
 * Changing a plan's profile changes what its customers' secrets should have: the next
 * router sync reports it as drift (wrong_profile) and "apply" fixes it.
 */
export async function updatePlan(tx: TenantTx, input: z.output<typeof servicePlanUpdateInput>): Promise<ServicePlan> {
  await getPlan(tx, input.id);
  // is_active false hides the plan from new customers; existing ones keep it
  const { id, ...changes } = input;
  if (Object.keys(changes).length > 0) {
    await tx.db.update(tenantServicePlans).set(changes).where(eq(tenantServicePlans.id, id)).catch(uniqueName);
  }
  return getPlan(tx, id);
}
