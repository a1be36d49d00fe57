/**
 * The subscriber portal's pages on the server: the ISP behind /portal/{slug} and the
 * signed-in subscriber (the `rrnet_portal` cookie, checked like the API checks it), or
 * null. A portal session of another ISP counts as signed out here.
 */
import 'server-only';
import { cookies } from 'next/headers';
import { cache } from 'react';
import { findPortalTenant, portalSessionOf } from '@rrnet/core/portal/portal_auth';
import type { PortalScope } from '@rrnet/core/portal/portal_auth';
import { PORTAL_COOKIE } from '@rrnet/core/portal/portal_rules';
import type { PortalBrand } from '@rrnet/contracts';
import { services } from './services';

export const portalPage = cache(async (slug: string): Promise<{ brand: PortalBrand; scope: PortalScope | null } | null> => {
  if (!/^[a-z0-9][a-z0-9-]{1,62}$/.test(slug)) return null;
  const tenant = await findPortalTenant(services().systemSql, slug);
  if (!tenant) return null;
  const { tenant_id: tenantId, ...brand } = tenant;
  const token = (await cookies()).get(PORTAL_COOKIE)?.value ?? null;
  const scope = token ? await portalSessionOf(services().sql, token) : null;
  return { brand, scope: scope?.tenantId === tenantId ? scope : null };
});
