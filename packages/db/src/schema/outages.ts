/** outages: a failed node or router and the customers below it in the topology. */
import { sql } from 'drizzle-orm';
import { check, foreignKey, index, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, idColumn, tenantIdColumn, timestamptz } from './columns';
import { tenantCustomers } from './customers';
import { tenantRouters, tenantTopologyNodes } from './network';

export const tenantOutages = pgTable(
  'tenant_outages',
  {
    tenant_id: tenantIdColumn(),
    id: idColumn(),
    title: text('title').notNull(),
    description: text('description'),
    node_id: uuid('node_id'),
    router_id: uuid('router_id'),
    status: text('status').notNull().default('open'),
    detected_by: text('detected_by').notNull().default('manual'),
    started_at: timestamptz('started_at').notNull().defaultNow(),
    resolved_at: timestamptz('resolved_at'),
    created_by: uuid('created_by'),
    created_at: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenant_id, t.id] }),
    check('tenant_outages_status_check', sql`${t.status} IN ('open', 'resolved')`),
    check('tenant_outages_detected_by_check', sql`${t.detected_by} IN ('manual', 'router_sync')`),
    check('tenant_outages_source_check', sql`${t.node_id} IS NOT NULL OR ${t.router_id} IS NOT NULL`),
    foreignKey({ columns: [t.tenant_id, t.node_id], foreignColumns: [tenantTopologyNodes.tenant_id, tenantTopologyNodes.id] }),
    foreignKey({ columns: [t.tenant_id, t.router_id], foreignColumns: [tenantRouters.tenant_id, tenantRouters.id] }),
    index('tenant_outages_node_idx').on(t.tenant_id, t.node_id),
    index('tenant_outages_router_idx').on(t.tenant_id, t.router_id),
    index('tenant_outages_status_idx').on(t.tenant_id, t.status),
    index('tenant_outages_created_at_idx').on(t.tenant_id, t.created_at),
  ],
);

export const tenantOutageCustomers = pgTable(
  'tenant_outage_customers',
  {
    tenant_id: tenantIdColumn(),
    outage_id: uuid('outage_id').notNull(),
    customer_id: uuid('customer_id').notNull(),
    notified_at: timestamptz('notified_at'),
  },
  (t) => [
    primaryKey({ columns: [t.tenant_id, t.outage_id, t.customer_id] }),
    foreignKey({ columns: [t.tenant_id, t.outage_id], foreignColumns: [tenantOutages.tenant_id, tenantOutages.id] }).onDelete('cascade'),
    foreignKey({ columns: [t.tenant_id, t.customer_id], foreignColumns: [tenantCustomers.tenant_id, tenantCustomers.id] }),
    index('tenant_outage_customers_customer_idx').on(t.tenant_id, t.customer_id),
  ],
);
