/**
 * An ISP's own roles (issue #17): made from a built-in role (the template), granting
 * permissions of the catalogue — never a platform one (the contract refuses it, the table's
 * check constraint too). A member holding one gets its permissions instead of their
 * built-in role's (auth/role_grants.ts, read by the chain); the caller drops that cache
 * after the commit. Every write is audited by the table's trigger.
 */
import { AppError, ROLE_PERMISSIONS, FIELD_MESSAGES, serverMessage } from '@rrnet/contracts';
import type { CustomRole, CustomRoleTemplate, Permission } from '@rrnet/contracts';
import type { TenantTx } from '@rrnet/db';
import { conflictOnUnique } from '../unique_conflict';

const nameTaken = conflictOnUnique(serverMessage('role_name_taken'), { name: FIELD_MESSAGES.already_used }, 'tenant_custom_roles_name_key');

/** A role may grant only what its author holds (as an API key may: a member cannot hand out more than they have). */
function refuseBeyond(permissions: readonly string[], grantable: readonly Permission[]): void {
  const beyond = permissions.filter((p) => !grantable.includes(p as Permission));
  if (beyond.length > 0) {
    throw new AppError('FORBIDDEN', { message: serverMessage('role_permissions'), details: { permissions: beyond.join(', ') } });
  }
}

type RoleRow = Omit<CustomRole, 'created_at' | 'updated_at'> & { created_at: string; updated_at: string };
const toRole = (r: RoleRow): CustomRole => ({ ...r, created_at: new Date(r.created_at), updated_at: new Date(r.updated_at) });

function selectRoles(tx: TenantTx, id: string | null) {
  return tx.sql<RoleRow[]>`
    SELECT r.id, r.name, r.description, r.base_role, r.permissions, r.created_at::text, r.updated_at::text,
           (SELECT count(*)::int FROM tenant_memberships m WHERE m.tenant_id = r.tenant_id AND m.custom_role_id = r.id) AS members
    FROM tenant_custom_roles r WHERE ${id}::uuid IS NULL OR r.id = ${id}::uuid ORDER BY lower(r.name)`;
}

export async function listCustomRoles(tx: TenantTx): Promise<CustomRole[]> {
  return (await selectRoles(tx, null)).map(toRole);
}

export async function getCustomRole(tx: TenantTx, id: string): Promise<CustomRole> {
  const [row] = await selectRoles(tx, id);
  if (!row) throw new AppError('NOT_FOUND', { message: serverMessage('role_not_found') });
  return toRole(row);
}

export async function createCustomRole(
  tx: TenantTx,
  tenantId: string,
  input: { name: string; description?: string | null | undefined; base_role: CustomRoleTemplate; permissions?: string[] | undefined },
  grantable: readonly Permission[],
): Promise<CustomRole> {
  const permissions = input.permissions ?? [...ROLE_PERMISSIONS[input.base_role]];
  refuseBeyond(permissions, grantable);
  const [row] = await tx.sql<{ id: string }[]>`
    INSERT INTO tenant_custom_roles (tenant_id, name, description, base_role, permissions)
    VALUES (${tenantId}, ${input.name}, ${input.description ?? null}, ${input.base_role}, ${permissions}::text[])
    RETURNING id`.catch(nameTaken);
  return getCustomRole(tx, row!.id);
}

export async function updateCustomRole(
  tx: TenantTx,
  input: { id: string; name?: string | undefined; description?: string | null | undefined; permissions?: string[] | undefined },
  grantable: readonly Permission[],
): Promise<CustomRole> {
  if (input.permissions) refuseBeyond(input.permissions, grantable);
  const updated = await tx.sql`
    UPDATE tenant_custom_roles SET
      name = coalesce(${input.name ?? null}, name),
      description = CASE WHEN ${input.description !== undefined} THEN ${input.description ?? null} ELSE description END,
      permissions = coalesce(${input.permissions ?? null}::text[], permissions),
      updated_at = now()
    WHERE id = ${input.id}`.catch(nameTaken);
  if (updated.count === 0) throw new AppError('NOT_FOUND', { message: serverMessage('role_not_found') });
  return getCustomRole(tx, input.id);
}

/** Deletes a role nobody holds; while a member holds it, 409 with how many do. */
export async function deleteCustomRole(tx: TenantTx, id: string): Promise<CustomRole> {
  // locked first: an assignment committing meanwhile waits for this delete, then finds no role
  const [locked] = await tx.sql<{ id: string }[]>`SELECT id FROM tenant_custom_roles WHERE id = ${id} FOR UPDATE`;
  if (!locked) throw new AppError('NOT_FOUND', { message: serverMessage('role_not_found') });
  const role = await getCustomRole(tx, id);
  if (role.members > 0) {
    throw new AppError('CONFLICT', {
      message: serverMessage('role_held'),
      details: { members: String(role.members) },
    });
  }
  await tx.sql`DELETE FROM tenant_custom_roles WHERE id = ${id}`;
  return role;
}
