/**
 * The signed-in person's ISP's language and timezone, for rendering pages: read once a
 * minute per ISP (a settings change shows within that), null without an ISP or when
 * they cannot be read (the page still renders, in the defaults).
 */
import 'server-only';
import { cache } from 'react';
import { LocalTtlCache } from '@rrnet/cache';
import { getSettings } from '@rrnet/core/admin/settings';
import { loadEntitlements } from '@rrnet/core/saas/entitlements';
import { withTenant } from '@rrnet/db';
import { services } from '~/server/services';

export interface TenantPreferences {
  locale: string;
  timezone: string;
}

const PREFERENCES_TTL_MS = 60_000;
const store = new LocalTtlCache<TenantPreferences>(PREFERENCES_TTL_MS, 1000);

async function read(tenantId: string, userId: string): Promise<TenantPreferences> {
  const deps = services();
  const [entitlements, settings] = await Promise.all([
    loadEntitlements(deps, tenantId),
    withTenant(deps.sql, { tenantId, userId }, (tx) => getSettings(tx)),
  ]);
  return { locale: settings.locale, timezone: entitlements?.timezone ?? 'Asia/Jakarta' };
}

export const tenantPreferences = cache(async (): Promise<TenantPreferences | null> => {
  // imported here: the auth module reads the configuration when loaded, and pages
  // without a session (the not-found page at build time) must not need it
  const { webSessionClaims } = await import('~/server/auth');
  const claims = await webSessionClaims().catch(() => null);
  if (!claims?.tid) return null;
  const hit = store.get(claims.tid);
  if (hit) return hit;
  try {
    const value = await read(claims.tid, claims.sub);
    store.set(claims.tid, value);
    return value;
  } catch (err) {
    services().logger.warn({ err, tenant_id: claims.tid }, 'tenant language and timezone could not be read; rendering in the defaults');
    return null;
  }
});
