/**
 * The plan features of the signed-in user's ISP, read on the server for pages that show
 * or refuse one area up front (the payment-link button, the dashboard's billing cards)
 * rather than after a failed call. Same source and cache as the API's feature toggle;
 * the API still enforces it. null: no ISP, or the entitlements could not be read.
 */
import 'server-only';
import type { Feature } from '@rrnet/contracts';
import { loadEntitlements } from '@rrnet/core/saas/entitlements';
import { webSessionClaims } from '~/server/auth';
import { services } from '~/server/services';

export async function tenantFeatures(): Promise<Feature[] | null> {
  const claims = await webSessionClaims();
  if (!claims?.tid) return null;
  try {
    const entitlements = await loadEntitlements(services(), claims.tid);
    return entitlements ? entitlements.features : null;
  } catch {
    return null;
  }
}
