/**
 * The signed-in ISP's logo URL, read on the server for the sidebar and the printed
 * invoice (the image itself comes from /api/v1/admin/logos/{tenant}, cached by its ETag). null: no
 * ISP, no logo, or it could not be read — the ISP's initials or name are shown instead.
 */
import 'server-only';
import { getLogo } from '@rrnet/core/admin/logo';
import { withTenant } from '@rrnet/db';
import { webSessionClaims } from '~/server/auth';
import { services } from '~/server/services';

export async function tenantLogoUrl(): Promise<string | null> {
  const claims = await webSessionClaims();
  if (!claims?.tid) return null;
  try {
    const logo = await withTenant(services().sql, { tenantId: claims.tid }, (tx) => getLogo(tx));
    return logo?.url ?? null;
  } catch {
    return null;
  }
}
