/**
 * Users of a tenant: people (global sys_users) with a membership and a role here.
 * Adding a user attaches an existing login by e-mail or creates one with a temporary
 * password shown once; creating the login is a platform write (rrnet_system), the
 * membership is a tenant write in the caller's transaction.
 */
import { randomBytes } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { AppError, FIELD_MESSAGES, serverMessage } from '@rrnet/contracts';
import type { TenantRole, TenantUser } from '@rrnet/contracts';
import { hashPassword } from '@rrnet/crypto';
import { sysUsers, tenantCustomRoles, tenantMemberships } from '@rrnet/db/schema';
import type { Sql, TenantTx } from '@rrnet/db';
import { withPlatform } from '@rrnet/db';

const userColumns = {
  user_id: sysUsers.id,
  email: sysUsers.email,
  name: sysUsers.name,
  role: tenantMemberships.role,
  custom_role_id: tenantMemberships.custom_role_id,
  custom_role_name: tenantCustomRoles.name,
  status: tenantMemberships.status,
  last_login_at: sysUsers.last_login_at,
  joined_at: tenantMemberships.created_at,
};

export async function listUsers(tx: TenantTx): Promise<TenantUser[]> {
  const rows = await tx.db
    .select(userColumns)
    .from(tenantMemberships)
    .innerJoin(sysUsers, eq(sysUsers.id, tenantMemberships.user_id))
    .leftJoin(tenantCustomRoles, eq(tenantCustomRoles.id, tenantMemberships.custom_role_id))
    .orderBy(sysUsers.name);
  return rows as TenantUser[];
}

async function getUser(tx: TenantTx, userId: string): Promise<TenantUser> {
  const [row] = await tx.db
    .select(userColumns)
    .from(tenantMemberships)
    .innerJoin(sysUsers, eq(sysUsers.id, tenantMemberships.user_id))
    .leftJoin(tenantCustomRoles, eq(tenantCustomRoles.id, tenantMemberships.custom_role_id))
    .where(eq(tenantMemberships.user_id, userId));
  if (!row) throw new AppError('NOT_FOUND', { message: serverMessage('user_not_found') });
  return row as TenantUser;
}

export async function addUser(
  tx: TenantTx,
  systemSql: Sql,
  tenantId: string,
  input: { email: string; name: string; role: TenantRole },
  actor: { userId: string | null; requestId: string },
): Promise<TenantUser & { temporary_password: string | null }> {
  let temporaryPassword: string | null = null;
  const userId = await withPlatform(systemSql, { tenantId, userId: actor.userId, requestId: actor.requestId }, async ({ sql: s }) => {
    const [existing] = await s<{ id: string }[]>`SELECT id FROM sys_users WHERE lower(email) = ${input.email}`;
    if (existing) return existing.id;
    temporaryPassword = randomBytes(9).toString('base64url');
    const [created] = await s<{ id: string }[]>`
      INSERT INTO sys_users (email, name, password_hash) VALUES (${input.email}, ${input.name}, ${await hashPassword(temporaryPassword)})
      RETURNING id`;
    return created!.id;
  });
  const inserted = await tx.db
    .insert(tenantMemberships)
    .values({ tenant_id: tenantId, user_id: userId, role: input.role })
    .onConflictDoNothing()
    .returning({ user_id: tenantMemberships.user_id });
  if (inserted.length === 0) throw new AppError('CONFLICT', { message: serverMessage('already_user'), details: { email: FIELD_MESSAGES.already_member } });
  return { ...(await getUser(tx, userId)), temporary_password: temporaryPassword };
}

export async function updateUser(
  tx: TenantTx,
  tenantId: string,
  input: { user_id: string; role?: TenantRole | undefined; custom_role_id?: string | null | undefined; status?: 'active' | 'disabled' | undefined },
  actorUserId: string | null,
): Promise<TenantUser> {
  const current = await getUser(tx, input.user_id);
  const changes: Partial<typeof tenantMemberships.$inferInsert> = {};
  if (input.custom_role_id) {
    // an ISP's own role: its template becomes the member's built-in role (tickets' assignees,
    // the web session's role); the owner keeps every permission and takes no custom role
    if (current.role === 'owner') {
      throw new AppError('CONFLICT', { message: serverMessage('owner_has_all'), details: { custom_role_id: FIELD_MESSAGES.not_for_owner } });
    }
    const [custom] = await tx.db
      .select({ base_role: tenantCustomRoles.base_role })
      .from(tenantCustomRoles)
      .where(eq(tenantCustomRoles.id, input.custom_role_id))
      .for('key share');
    if (!custom) throw new AppError('NOT_FOUND', { message: serverMessage('role_not_found'), details: { custom_role_id: FIELD_MESSAGES.unknown_role } });
    changes.role = custom.base_role;
    changes.custom_role_id = input.custom_role_id;
  } else if (input.custom_role_id === null || input.role) {
    // a built-in role chosen, or the custom role taken away (the built-in role stays)
    changes.custom_role_id = null;
  }
  const losesOwner = current.role === 'owner' && ((input.role && input.role !== 'owner') || input.status === 'disabled');
  if (losesOwner) {
    const [owners] = await tx.db
      .select({ n: sql<number>`count(*)::int` })
      .from(tenantMemberships)
      .where(and(eq(tenantMemberships.role, 'owner'), eq(tenantMemberships.status, 'active')));
    if ((owners?.n ?? 0) <= 1) throw new AppError('CONFLICT', { message: serverMessage('last_owner') });
  }
  if (input.user_id === actorUserId && input.status === 'disabled') {
    throw new AppError('CONFLICT', { message: serverMessage('disable_self') });
  }
  if (input.role) changes.role = input.role;
  if (input.status) changes.status = input.status;
  if (Object.keys(changes).length === 0) return current;
  await tx.db
    .update(tenantMemberships)
    .set(changes)
    .where(and(eq(tenantMemberships.tenant_id, tenantId), eq(tenantMemberships.user_id, input.user_id)));
  return getUser(tx, input.user_id);
}
