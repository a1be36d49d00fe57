/**
 * Plan limits counted from the database inside the caller's tenant transaction. A
 * transaction-scoped advisory lock per (tenant, limit) serialises concurrent creates, so
 * two requests cannot both take the last slot: the second counts after the first commits.
 */
import type { PlanLimit } from '@rrnet/contracts';
import type { TenantTx } from '@rrnet/db';

export interface LimitUsage {
  limit: PlanLimit;
  used: number;
  max: number;
}

export async function lockAndCount(tx: TenantTx, tenantId: string, limit: PlanLimit, timezone: string): Promise<number> {
  const { sql } = tx;
  await sql`SELECT pg_advisory_xact_lock(hashtext(${`${tenantId}:limit:${limit}`}))`;
  let rows: { n: number }[];
  switch (limit) {
    case 'routers':
      rows = await sql`SELECT count(*)::int AS n FROM tenant_routers`;
      break;
    case 'customers':
      rows = await sql`SELECT count(*)::int AS n FROM tenant_customers WHERE status <> 'terminated'`;
      break;
    case 'users':
      rows = await sql`SELECT count(*)::int AS n FROM tenant_memberships WHERE status = 'active'`;
      break;
    case 'wa_messages_month':
      rows = await sql`
        SELECT count(*)::int AS n FROM tenant_wa_messages
        WHERE status = 'sending' OR sent_at >= (date_trunc('month', now() AT TIME ZONE ${timezone}) AT TIME ZONE ${timezone})`;
      break;
  }
  return rows[0]?.n ?? 0;
}
