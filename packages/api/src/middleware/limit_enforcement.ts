/**
 * Step 6 — plan limits, counted in the procedure's own tenant transaction under a lock
 * (see core/saas/plan_limits), so the handler's insert and the count commit together.
 */
import { AppError, serverMessage } from '@rrnet/contracts';
import type { Entitlements } from '@rrnet/core/saas/entitlements';
import { lockAndCount } from '@rrnet/core/saas/plan_limits';
import type { TenantTx } from '@rrnet/db';
import type { ProcedureMeta } from '../meta';

export async function enforceLimit(tx: TenantTx, meta: ProcedureMeta | undefined, entitlements: Entitlements): Promise<void> {
  if (!meta?.limit) return;
  // dunning: an ISP past due with RRNet can still collect payments and isolate, but not grow
  if (entitlements.subscription_status === 'past_due' && (meta.limit === 'customers' || meta.limit === 'routers')) {
    throw new AppError('LIMIT_EXCEEDED', {
      message: serverMessage('subscription_past_due'),
      details: { limit: meta.limit, subscription_status: 'past_due' },
    });
  }
  const used = await lockAndCount(tx, entitlements.tenant_id, meta.limit, entitlements.timezone);
  const max = entitlements.limits[meta.limit];
  if (used >= max) {
    throw new AppError('LIMIT_EXCEEDED', {
      message: serverMessage('plan_limit', { max, limit: meta.limit.replace(/_/g, ' ') }),
      details: { limit: meta.limit, max: String(max), used: String(used) },
    });
  }
}
