/** isolir: every isolate/restore of a customer's connection, requested and applied. */
import { sql } from 'drizzle-orm';
import { check, foreignKey, index, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, idColumn, tenantIdColumn, timestamptz } from './columns';
import { tenantInvoices } from './billing';
import { tenantCustomers } from './customers';
import { tenantRouters } from './network';

export const tenantIsolationEvents = pgTable(
  'tenant_isolation_events',
  {
    tenant_id: tenantIdColumn(),
    id: idColumn(),
    customer_id: uuid('customer_id').notNull(),
    invoice_id: uuid('invoice_id'),
    router_id: uuid('router_id'),
    action: text('action').notNull(),
    trigger: text('trigger').notNull(),
    reason: text('reason'),
    status: text('status').notNull().default('pending'),
    error: text('error'),
    requested_by: uuid('requested_by'),
    created_at: createdAt(),
    applied_at: timestamptz('applied_at'),
  },
  (t) => [
    primaryKey({ columns: [t.tenant_id, t.id] }),
    check('tenant_isolation_events_action_check', sql`${t.action} IN ('isolate', 'restore')`),
    check('tenant_isolation_events_trigger_check', sql`${t.trigger} IN ('auto', 'manual', 'payment')`),
    check('tenant_isolation_events_status_check', sql`${t.status} IN ('pending', 'applied', 'failed')`),
    foreignKey({ columns: [t.tenant_id, t.customer_id], foreignColumns: [tenantCustomers.tenant_id, tenantCustomers.id] }),
    foreignKey({ columns: [t.tenant_id, t.invoice_id], foreignColumns: [tenantInvoices.tenant_id, tenantInvoices.id] }),
    foreignKey({ columns: [t.tenant_id, t.router_id], foreignColumns: [tenantRouters.tenant_id, tenantRouters.id] }),
    index('tenant_isolation_events_invoice_idx').on(t.tenant_id, t.invoice_id),
    index('tenant_isolation_events_router_idx').on(t.tenant_id, t.router_id),
    index('tenant_isolation_events_customer_idx').on(t.tenant_id, t.customer_id, t.created_at),
    index('tenant_isolation_events_status_idx').on(t.tenant_id, t.status),
    index('tenant_isolation_events_created_at_idx').on(t.tenant_id, t.created_at),
  ],
);
