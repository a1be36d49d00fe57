/** identity: people (global users), their tenant memberships, sessions and API keys. */
import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  foreignKey,
  index,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, idColumn, tenantIdColumn, timestamptz, updatedAt } from './columns';
import { saasTenants } from './saas';

export const TENANT_ROLES = ['owner', 'admin', 'billing', 'technician', 'customer_service', 'viewer'] as const;

/** A person. One login may belong to several tenants (memberships) or the platform. */
export const sysUsers = pgTable(
  'sys_users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    password_hash: text('password_hash').notNull(),
    status: text('status').notNull().default('active'),
    is_platform_admin: boolean('is_platform_admin').notNull().default(false),
    created_at: createdAt(),
    last_login_at: timestamptz('last_login_at'),
  },
  (t) => [
    uniqueIndex('sys_users_email_key').on(sql`lower(${t.email})`),
    check('sys_users_status_check', sql`${t.status} IN ('active', 'disabled')`),
  ],
);

/**
 * An ISP's own role (issue #17, custom roles): a name and a set of permissions from the
 * catalogue (never a platform one), made from a built-in role (`base_role`, the template),
 * which a member holding it keeps as their built-in role.
 */
export const tenantCustomRoles = pgTable(
  'tenant_custom_roles',
  {
    tenant_id: tenantIdColumn(),
    id: idColumn(),
    name: text('name').notNull(),
    description: text('description'),
    base_role: text('base_role').notNull(),
    permissions: text('permissions').array().notNull(),
    created_at: createdAt(),
    updated_at: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenant_id, t.id] }),
    uniqueIndex('tenant_custom_roles_name_key').on(t.tenant_id, sql`lower(${t.name})`),
    check('tenant_custom_roles_base_role_check', sql`${t.base_role} IN ('admin', 'billing', 'technician', 'customer_service', 'viewer')`),
    check('tenant_custom_roles_platform_check', sql`array_to_string(${t.permissions}, ' ') !~ '(^| )platform[.]'`),
  ],
);

export const tenantMemberships = pgTable(
  'tenant_memberships',
  {
    tenant_id: tenantIdColumn(),
    user_id: uuid('user_id')
      .notNull()
      .references(() => sysUsers.id, { onDelete: 'cascade' }),
    role: text('role').notNull(),
    /** an ISP's own role: its permissions instead of the built-in role's (which stays as the base) */
    custom_role_id: uuid('custom_role_id'),
    status: text('status').notNull().default('active'),
    created_at: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenant_id, t.user_id] }),
    foreignKey({ name: 'tenant_memberships_custom_role_fk', columns: [t.tenant_id, t.custom_role_id], foreignColumns: [tenantCustomRoles.tenant_id, tenantCustomRoles.id] }),
    index('tenant_memberships_custom_role_idx').on(t.tenant_id, t.custom_role_id),
    check('tenant_memberships_role_check', sql`${t.role} IN ('owner', 'admin', 'billing', 'technician', 'customer_service', 'viewer')`),
    check('tenant_memberships_status_check', sql`${t.status} IN ('active', 'disabled')`),
    index('tenant_memberships_user_idx').on(t.user_id),
  ],
);

/**
 * A login session: the server-side row behind a refresh-token family. Refresh tokens
 * are stored as hashes; rotation keeps the family, reuse revokes it.
 */
export const sysSessions = pgTable(
  'sys_sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    user_id: uuid('user_id')
      .notNull()
      .references(() => sysUsers.id, { onDelete: 'cascade' }),
    tenant_id: uuid('tenant_id').references(() => saasTenants.id, { onDelete: 'cascade' }),
    family_id: uuid('family_id').notNull(),
    refresh_token_hash: text('refresh_token_hash').notNull().unique(),
    fingerprint: text('fingerprint').notNull(),
    user_agent: text('user_agent'),
    ip: text('ip'),
    created_at: createdAt(),
    last_used_at: timestamptz('last_used_at'),
    expires_at: timestamptz('expires_at').notNull(),
    rotated_at: timestamptz('rotated_at'),
    revoked_at: timestamptz('revoked_at'),
    revoked_reason: text('revoked_reason'),
  },
  (t) => [
    // deleting a user finds all its sessions, revoked ones too (the foreign key's index)
    index('sys_sessions_user_idx').on(t.user_id),
    index('sys_sessions_user_active_idx').on(t.user_id, t.created_at).where(sql`${t.revoked_at} IS NULL`),
    index('sys_sessions_tenant_idx').on(t.tenant_id),
    index('sys_sessions_family_idx').on(t.family_id),
  ],
);

export const tenantApiKeys = pgTable(
  'tenant_api_keys',
  {
    tenant_id: tenantIdColumn(),
    id: idColumn(),
    name: text('name').notNull(),
    prefix: text('prefix').notNull(),
    key_hash: text('key_hash').notNull(),
    permissions: text('permissions').array().notNull(),
    created_by: uuid('created_by').references(() => sysUsers.id, { onDelete: 'set null' }),
    created_at: createdAt(),
    last_used_at: timestamptz('last_used_at'),
    expires_at: timestamptz('expires_at'),
    revoked_at: timestamptz('revoked_at'),
  },
  (t) => [
    primaryKey({ columns: [t.tenant_id, t.id] }),
    // keys carry their tenant (rrk_<tenant>_<secret>), so lookups are (tenant_id, key_hash)
    uniqueIndex('tenant_api_keys_hash_key').on(t.tenant_id, t.key_hash),
    uniqueIndex('tenant_api_keys_tenant_name_key').on(t.tenant_id, t.name),
    // deleting a user clears created_by in every tenant: the foreign key needs an index by user
    index('tenant_api_keys_created_by_idx').on(t.created_by),
  ],
);

/**
 * Support access: an ISP lets RRNet's platform staff see its data (its audit trail, personal
 * data unmasked) for a limited time, with a reason; revocable at once. Without an active
 * grant platform staff see counts, never the ISP's subscribers.
 */
export const tenantSupportGrants = pgTable(
  'tenant_support_grants',
  {
    tenant_id: tenantIdColumn(),
    id: idColumn(),
    reason: text('reason').notNull(),
    granted_by: uuid('granted_by').references(() => sysUsers.id, { onDelete: 'set null' }),
    created_at: createdAt(),
    expires_at: timestamptz('expires_at').notNull(),
    revoked_at: timestamptz('revoked_at'),
    revoked_by: uuid('revoked_by').references(() => sysUsers.id, { onDelete: 'set null' }),
  },
  (t) => [
    primaryKey({ columns: [t.tenant_id, t.id] }),
    check('tenant_support_grants_expiry_check', sql`${t.expires_at} > ${t.created_at}`),
    index('tenant_support_grants_tenant_expires_idx').on(t.tenant_id, t.expires_at),
    index('tenant_support_grants_granted_by_idx').on(t.granted_by),
    index('tenant_support_grants_revoked_by_idx').on(t.revoked_by),
  ],
);
