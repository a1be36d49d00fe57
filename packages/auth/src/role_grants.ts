/**
 * Custom roles in the chain (issue #17): which members of an ISP hold one of its own roles
 * and what each role grants. Cached like the entitlements (core/saas/entitlements.ts): in
 * Redis for an hour (spec: configuration 1 hour) and in this process for 15 s; a change
 * calls `invalidateRoleGrants`, so it takes effect at once on this instance and within
 * 15 s elsewhere (the hour only bounds an entry nobody invalidated). One entry per ISP
 * holds both the assignments and the roles, so a request needs one lookup, not two.
 * Read as the tenant itself (rrnet_app under RLS).
 */
import { ROLE_PERMISSIONS, customRolePermissionProblem } from '@rrnet/contracts';
import type { Permission, Role } from '@rrnet/contracts';
import type { Redis } from '@rrnet/cache';
import { tenantCache } from '@rrnet/cache';
import type { Sql } from '@rrnet/db';
import { withTenant } from '@rrnet/db';
import type { Logger } from '@rrnet/logger';

/** The entitlements' TTL (core/saas/entitlements ENTITLEMENTS_TTL_SECONDS). */
export const ROLE_GRANTS_TTL_SECONDS = 3600;

export interface RoleGrants {
  /** active member's user id → the custom role they hold (members without one are absent) */
  members: Record<string, string>;
  /** custom role id → what it grants */
  roles: Record<string, Permission[]>;
}

/** In Redis for the TTL, in this process for 15 s; a read that began before a role change never puts the old grants back (tenantCache). */
const cache = tenantCache<RoleGrants>({
  name: 'role_grants',
  redisKey: (tenantId) => `rrnet:tenant:${tenantId}:role_grants`,
  ttlSeconds: ROLE_GRANTS_TTL_SECONDS,
  localMs: 15_000,
});

export async function loadRoleGrants(deps: { sql: Sql; redis: Redis; logger: Logger }, tenantId: string): Promise<RoleGrants> {
  return (await cache.get(deps, tenantId, () => readRoleGrants(deps.sql, tenantId)))!;
}

async function readRoleGrants(sql: Sql, tenantId: string): Promise<RoleGrants> {
  const rows = await withTenant(sql, { tenantId }, ({ sql }) => sql<{ user_id: string; role_id: string; permissions: string[] }[]>`
    SELECT m.user_id, r.id AS role_id, r.permissions
    FROM tenant_memberships m JOIN tenant_custom_roles r ON r.tenant_id = m.tenant_id AND r.id = m.custom_role_id
    WHERE m.status = 'active'`);
  const grants: RoleGrants = { members: {}, roles: {} };
  for (const row of rows) {
    grants.members[row.user_id] = row.role_id;
    // what the catalogue of this build does not know, or a platform permission, never counts
    grants.roles[row.role_id] ??= row.permissions.filter((p): p is Permission => customRolePermissionProblem(p) === null);
  }
  return grants;
}

export async function invalidateRoleGrants(redis: Redis, tenantId: string): Promise<void> {
  await cache.invalidate(redis, tenantId);
}

/** A member's permissions: their custom role's, else their built-in role's. */
export function memberPermissions(grants: RoleGrants, userId: string, role: Role): readonly Permission[] {
  const roleId = grants.members[userId];
  const custom = roleId ? grants.roles[roleId] : undefined;
  return custom ?? ROLE_PERMISSIONS[role];
}
