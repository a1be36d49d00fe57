/**
 * The signed-in ISP's standing with RRNet, read on the server for the shell's banner: past
 * due (no new customers or routers), suspended for unpaid RRNet invoices (read-only until
 * paid) or suspended by RRNet staff. Same source and cache as the API's chain (entitlements),
 * which still enforces it. null: no ISP, all well, or the entitlements could not be read.
 */
import 'server-only';
import { loadEntitlements } from '@rrnet/core/saas/entitlements';
import type { Entitlements } from '@rrnet/core/saas/entitlements';
import { webSessionClaims } from '~/server/auth';
import { services } from '~/server/services';

export type AccountNotice = 'past_due' | 'suspended' | 'suspended_staff';

/** The banner an ISP's standing calls for (null: none). */
export function accountNoticeOf(e: Pick<Entitlements, 'status' | 'suspension_reason' | 'subscription_status'>): AccountNotice | null {
  if (e.status === 'suspended') return e.suspension_reason === 'dunning' ? 'suspended' : 'suspended_staff';
  if (e.subscription_status === 'past_due') return 'past_due';
  return null;
}

export async function tenantAccountNotice(): Promise<AccountNotice | null> {
  const claims = await webSessionClaims();
  if (!claims?.tid) return null;
  try {
    const e = await loadEntitlements(services(), claims.tid);
    return e ? accountNoticeOf(e) : null;
  } catch {
    return null;
  }
}
