/** customers: service plans and subscribers (households) with their PPPoE accounts. */
import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, idColumn, location, rupiah, tenantIdColumn, timestamptz, updatedAt } from './columns';
import type { SQL } from 'drizzle-orm';
import { tenantRouters, tenantTopologyNodes } from './network';

/**
 * The text customer search matches (the search-token GIN index below): code, name, phone
 * (also as 08… for +628…) and PPPoE username, lower-cased. sys_customer_search (drizzle/0012,
 * 0056) spells out the same expression so the index applies.
 */
function customerSearchText(t: { code: unknown; name: unknown; phone: unknown; pppoe_username: unknown }): SQL {
  return sql`lower(${t.code} || ' ' || ${t.name} || ' ' || coalesce(${t.phone}, '') || ' ' || coalesce(regexp_replace(${t.phone}, '^\\+62', '0'), '') || ' ' || ${t.pppoe_username})`;
}

export const tenantServicePlans = pgTable(
  'tenant_service_plans',
  {
    tenant_id: tenantIdColumn(),
    id: idColumn(),
    name: text('name').notNull(),
    download_kbps: integer('download_kbps').notNull(),
    upload_kbps: integer('upload_kbps').notNull(),
    price: rupiah('price').notNull(),
    router_profile: text('router_profile').notNull(),
    is_active: boolean('is_active').notNull().default(true),
    created_at: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenant_id, t.id] }),
    unique('tenant_service_plans_name_key').on(t.tenant_id, t.name),
    check('tenant_service_plans_rates_check', sql`${t.download_kbps} > 0 AND ${t.upload_kbps} > 0`),
    check('tenant_service_plans_price_check', sql`${t.price} >= 0`),
  ],
);

export const tenantCustomers = pgTable(
  'tenant_customers',
  {
    tenant_id: tenantIdColumn(),
    id: idColumn(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    phone: text('phone'),
    email: text('email'),
    address: text('address'),
    /** before encryption at rest: moved into national_id_enc by the key_rotation job, then null */
    national_id: text('national_id'),
    /** NIK, SecretBox-encrypted (never searched) */
    national_id_enc: text('national_id_enc'),
    location: location(),
    plan_id: uuid('plan_id').notNull(),
    router_id: uuid('router_id'),
    odp_id: uuid('odp_id'),
    pppoe_username: text('pppoe_username').notNull(),
    /** AES-256-GCM (see @rrnet/crypto) */
    pppoe_password_enc: text('pppoe_password_enc').notNull(),
    billing_day: smallint('billing_day').notNull(),
    /** IDR off every monthly invoice (e.g. a neighbourhood or staff discount) */
    monthly_discount: rupiah('monthly_discount').notNull().default(0),
    status: text('status').notNull().default('active'),
    /** isolation was requested but the router has not confirmed it yet */
    isolir_pending: boolean('isolir_pending').notNull().default(false),
    /** the subscriber asked for no WhatsApp reminders (never covers isolir or other required notices) */
    wa_opt_out_reminders: boolean('wa_opt_out_reminders').notNull().default(false),
    /** no ticket_update notices (status changes, staff replies) for this subscriber */
    wa_opt_out_ticket_updates: boolean('wa_opt_out_ticket_updates').notNull().default(false),
    created_at: createdAt(),
    updated_at: updatedAt(),
    activated_at: timestamptz('activated_at'),
    terminated_at: timestamptz('terminated_at'),
    anonymized_at: timestamptz('anonymized_at'),
  },
  (t) => [
    primaryKey({ columns: [t.tenant_id, t.id] }),
    unique('tenant_customers_code_key').on(t.tenant_id, t.code),
    unique('tenant_customers_pppoe_username_key').on(t.tenant_id, t.pppoe_username),
    check('tenant_customers_status_check', sql`${t.status} IN ('active', 'isolated', 'suspended', 'terminated')`),
    check('tenant_customers_billing_day_check', sql`${t.billing_day} BETWEEN 1 AND 28`),
    check('tenant_customers_discount_check', sql`${t.monthly_discount} >= 0`),
    foreignKey({ columns: [t.tenant_id, t.plan_id], foreignColumns: [tenantServicePlans.tenant_id, tenantServicePlans.id] }),
    foreignKey({ columns: [t.tenant_id, t.router_id], foreignColumns: [tenantRouters.tenant_id, tenantRouters.id] }),
    foreignKey({ columns: [t.tenant_id, t.odp_id], foreignColumns: [tenantTopologyNodes.tenant_id, tenantTopologyNodes.id] }),
    // each filter the list offers, in the list's order (filter, then keyset by name): a page is
    // an ordered walk of 50 entries, not every matching customer read from a heap where ISPs'
    // rows are interleaved and then sorted (the status filter: 1.9 ms alone, 9.8 ms at 10M)
    index('tenant_customers_status_idx').on(t.tenant_id, t.status, t.name, t.id),
    index('tenant_customers_created_at_idx').on(t.tenant_id, t.created_at),
    index('tenant_customers_billing_day_idx').on(t.tenant_id, t.billing_day).where(sql`${t.status} = 'active'`),
    index('tenant_customers_router_idx').on(t.tenant_id, t.router_id, t.name, t.id),
    index('tenant_customers_odp_idx').on(t.tenant_id, t.odp_id, t.name, t.id),
    index('tenant_customers_plan_idx').on(t.tenant_id, t.plan_id, t.name, t.id),
    index('tenant_customers_location_gist').using('gist', t.tenant_id, t.location),
    // keyset pagination: (sort key, id) per tenant
    index('tenant_customers_name_id_idx').on(t.tenant_id, t.name, t.id),
    index('tenant_customers_created_id_idx').on(t.tenant_id, t.created_at, t.id),
    // search: the ISP's own trigrams (drizzle/0056), so a posting list holds one ISP's rows, not the platform's
    index('tenant_customers_search_tokens').using('gin', sql`sys_customer_search_tokens(${t.tenant_id}, ${customerSearchText(t)})`),
  ],
);

/** A CSV import: validated rows wait here for the background job (cleared once it finishes). */
export const tenantCustomerImports = pgTable(
  'tenant_customer_imports',
  {
    tenant_id: tenantIdColumn(),
    id: idColumn(),
    file_name: text('file_name').notNull(),
    status: text('status').notNull().default('queued'),
    total_rows: integer('total_rows').notNull(),
    processed_rows: integer('processed_rows').notNull().default(0),
    created_count: integer('created_count').notNull().default(0),
    /** validated rows (customer inputs) until the import finishes; then NULL */
    rows: jsonb('rows').$type<unknown[]>(),
    error: text('error'),
    created_by: uuid('created_by'),
    created_at: createdAt(),
    started_at: timestamptz('started_at'),
    finished_at: timestamptz('finished_at'),
  },
  (t) => [
    primaryKey({ columns: [t.tenant_id, t.id] }),
    check('tenant_customer_imports_status_check', sql`${t.status} IN ('queued', 'running', 'completed', 'failed')`),
    check('tenant_customer_imports_progress_check', sql`${t.processed_rows} BETWEEN 0 AND ${t.total_rows}`),
    index('tenant_customer_imports_created_at_idx').on(t.tenant_id, t.created_at),
    index('tenant_customer_imports_status_idx').on(t.tenant_id, t.status),
  ],
);
