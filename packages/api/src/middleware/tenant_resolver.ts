/**
 * Step 2 — resolve the tenant from the token's `tid`; a suspended tenant is refused —
 * except that an ISP suspended by dunning (unpaid SaaS invoices) stays readable, so its
 * staff can see what is owed and its subscribers' state; paying lifts it at once.
 */
import { AppError, serverMessage } from '@rrnet/contracts';
import type { Principal } from '@rrnet/auth';
import { loadEntitlements } from '@rrnet/core/saas/entitlements';
import type { Entitlements } from '@rrnet/core/saas/entitlements';
import type { Context } from '../context';

export async function resolveTenant(ctx: Context, principal: Principal, type: 'query' | 'mutation' | 'subscription' = 'query'): Promise<Entitlements> {
  if (!principal.tenantId) {
    throw new AppError('FORBIDDEN', { message: serverMessage('choose_isp') });
  }
  return usableTenant(await loadEntitlements(ctx.services, principal.tenantId), type);
}

/** The ISP's entitlements when it may be worked in (an operator's or a portal subscriber's call); else the refusal. */
export function usableTenant(entitlements: Entitlements | null, type: 'query' | 'mutation' | 'subscription' = 'query'): Entitlements {
  if (!entitlements) throw new AppError('UNAUTHENTICATED', { message: serverMessage('isp_gone') });
  if (entitlements.status === 'suspended' && entitlements.suspension_reason === 'dunning') {
    if (type === 'query') return entitlements;
    throw new AppError('FORBIDDEN', {
      message: serverMessage('isp_suspended_unpaid'),
      details: { tenant_status: 'suspended', reason: 'dunning' },
    });
  }
  if (entitlements.status !== 'active') {
    throw new AppError('FORBIDDEN', {
      message: serverMessage('isp_suspended'),
      details: { tenant_status: entitlements.status },
    });
  }
  return entitlements;
}
