/**
 * portal: the ISP's subscribers signing in to /portal/{isp-slug} — one-time codes sent by
 * WhatsApp (hashed, expiring, single use, attempts capped) and the portal's own sessions
 * (never an operator session). Both rows belong to one customer; under a portal session
 * the customer scope (app.customer_id, drizzle/0034) shows a subscriber only their own.
 */
import { sql } from 'drizzle-orm';
import { check, foreignKey, index, pgTable, primaryKey, smallint, text, unique, uuid } from 'drizzle-orm/pg-core';
import { createdAt, idColumn, tenantIdColumn, timestamptz } from './columns';
import { tenantCustomers } from './customers';

export const tenantPortalCodes = pgTable(
  'tenant_portal_codes',
  {
    tenant_id: tenantIdColumn(),
    id: idColumn(),
    customer_id: uuid('customer_id').notNull(),
    /** sign_in: the portal's sign-in; phone_change: confirms a new number (sent to it) */
    purpose: text('purpose').notNull(),
    /** where the code went (the new number for phone_change), normalised +62… */
    phone: text('phone').notNull(),
    /** sha256 of the id and the code: the code itself is never stored */
    code_hash: text('code_hash').notNull(),
    attempts: smallint('attempts').notNull().default(0),
    expires_at: timestamptz('expires_at').notNull(),
    consumed_at: timestamptz('consumed_at'),
    ip: text('ip'),
    created_at: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenant_id, t.id] }),
    check('tenant_portal_codes_purpose_check', sql`${t.purpose} IN ('sign_in', 'phone_change')`),
    check('tenant_portal_codes_attempts_check', sql`${t.attempts} >= 0`),
    foreignKey({ columns: [t.tenant_id, t.customer_id], foreignColumns: [tenantCustomers.tenant_id, tenantCustomers.id] }).onDelete('cascade'),
    index('tenant_portal_codes_customer_idx').on(t.tenant_id, t.customer_id, t.created_at),
  ],
);

export const tenantPortalSessions = pgTable(
  'tenant_portal_sessions',
  {
    tenant_id: tenantIdColumn(),
    id: idColumn(),
    customer_id: uuid('customer_id').notNull(),
    /** sha256 of the cookie's secret */
    token_hash: text('token_hash').notNull(),
    ip: text('ip'),
    user_agent: text('user_agent'),
    created_at: createdAt(),
    last_seen_at: timestamptz('last_seen_at'),
    expires_at: timestamptz('expires_at').notNull(),
    revoked_at: timestamptz('revoked_at'),
  },
  (t) => [
    primaryKey({ columns: [t.tenant_id, t.id] }),
    unique('tenant_portal_sessions_token_key').on(t.tenant_id, t.token_hash),
    foreignKey({ columns: [t.tenant_id, t.customer_id], foreignColumns: [tenantCustomers.tenant_id, tenantCustomers.id] }).onDelete('cascade'),
    index('tenant_portal_sessions_customer_idx').on(t.tenant_id, t.customer_id),
  ],
);
