/**
 * outages: a failed node or router and the customers below it in the topology.
 * Statuses (contracts' OUTAGE_TRANSITIONS): suspected (router_sync found the router
 * unreachable; staff confirm or dismiss) → open → resolved; suspected → dismissed.
 */
import { sql } from 'drizzle-orm';
import { boolean, check, foreignKey, index, integer, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { tenantInvoices } from './billing';
import { createdAt, idColumn, rupiah, tenantIdColumn, timestamptz, updatedAt } from './columns';
import { tenantCustomers } from './customers';
import { tenantRouters, tenantTopologyNodes } from './network';

export const tenantOutages = pgTable(
  'tenant_outages',
  {
    tenant_id: tenantIdColumn(),
    id: idColumn(),
    title: text('title').notNull(),
    /** the staff's notes */
    description: text('description'),
    cause: text('cause').notNull().default('unknown'),
    expected_restoration_at: timestamptz('expected_restoration_at'),
    node_id: uuid('node_id'),
    router_id: uuid('router_id'),
    status: text('status').notNull().default('open'),
    detected_by: text('detected_by').notNull().default('manual'),
    started_at: timestamptz('started_at').notNull().defaultNow(),
    resolved_at: timestamptz('resolved_at'),
    /** a suspected outage confirmed by staff */
    confirmed_at: timestamptz('confirmed_at'),
    dismissed_at: timestamptz('dismissed_at'),
    /** the router answered again (router_sync): staff are asked to resolve */
    resolution_proposed_at: timestamptz('resolution_proposed_at'),
    /** outage_propagation recorded the affected customers */
    propagated_at: timestamptz('propagated_at'),
    created_by: uuid('created_by'),
    resolved_by: uuid('resolved_by'),
    created_at: createdAt(),
    updated_at: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenant_id, t.id] }),
    check('tenant_outages_status_check', sql`${t.status} IN ('suspected', 'open', 'resolved', 'dismissed')`),
    check('tenant_outages_cause_check', sql`${t.cause} IN ('unknown', 'fiber_cut', 'power', 'equipment', 'maintenance', 'weather', 'upstream', 'other')`),
    check('tenant_outages_resolved_check', sql`(${t.status} = 'resolved') = (${t.resolved_at} IS NOT NULL)`),
    check('tenant_outages_detected_by_check', sql`${t.detected_by} IN ('manual', 'router_sync')`),
    check('tenant_outages_source_check', sql`${t.node_id} IS NOT NULL OR ${t.router_id} IS NOT NULL`),
    foreignKey({ columns: [t.tenant_id, t.node_id], foreignColumns: [tenantTopologyNodes.tenant_id, tenantTopologyNodes.id] }),
    foreignKey({ columns: [t.tenant_id, t.router_id], foreignColumns: [tenantRouters.tenant_id, tenantRouters.id] }),
    index('tenant_outages_node_idx').on(t.tenant_id, t.node_id),
    index('tenant_outages_router_idx').on(t.tenant_id, t.router_id),
    index('tenant_outages_status_idx').on(t.tenant_id, t.status),
    index('tenant_outages_created_at_idx').on(t.tenant_id, t.created_at),
    // router_sync opens at most one suspected/open outage per router
    uniqueIndex('tenant_outages_detected_router_key')
      .on(t.tenant_id, t.router_id)
      .where(sql`${t.detected_by} = 'router_sync' AND ${t.status} IN ('suspected', 'open')`),
  ],
);

export const tenantOutageCustomers = pgTable(
  'tenant_outage_customers',
  {
    tenant_id: tenantIdColumn(),
    outage_id: uuid('outage_id').notNull(),
    customer_id: uuid('customer_id').notNull(),
    /** this outage queued the customer's 'started' notice (null: covered by an overlapping outage, suspected, or not yet) */
    notified_at: timestamptz('notified_at'),
    /** the 'resolved' notice was queued (once; none while another open outage still covers the customer) */
    resolved_notified_at: timestamptz('resolved_notified_at'),
    /**
     * The customer is owed this outage's 'started' notice and it is not in the WhatsApp
     * outbox yet: the drain releases owed notices into the outbox at the pace it sends
     * (releaseOutageNotices); a notice still owed when the outage ends is dropped.
     */
    notice_pending: boolean('notice_pending').notNull().default(false),
    /**
     * The outage credit (ISP setting) consumed by this invoice: set once, by the billing run.
     * Overlapping outages are one stretch, credited on the row of its first outage; the
     * others of the stretch are marked with 0 minutes.
     */
    credit_invoice_id: uuid('credit_invoice_id'),
    credit_minutes: integer('credit_minutes'),
    credit_amount: rupiah('credit_amount'),
  },
  (t) => [
    primaryKey({ columns: [t.tenant_id, t.outage_id, t.customer_id] }),
    foreignKey({ columns: [t.tenant_id, t.outage_id], foreignColumns: [tenantOutages.tenant_id, tenantOutages.id] }).onDelete('cascade'),
    foreignKey({ columns: [t.tenant_id, t.customer_id], foreignColumns: [tenantCustomers.tenant_id, tenantCustomers.id] }),
    foreignKey({ columns: [t.tenant_id, t.credit_invoice_id], foreignColumns: [tenantInvoices.tenant_id, tenantInvoices.id] }),
    check(
      'tenant_outage_customers_credit_check',
      sql`(${t.credit_invoice_id} IS NULL) = (${t.credit_minutes} IS NULL) AND (${t.credit_invoice_id} IS NULL) = (${t.credit_amount} IS NULL) AND ${t.credit_minutes} >= 0 AND ${t.credit_amount} >= 0`,
    ),
    index('tenant_outage_customers_customer_idx').on(t.tenant_id, t.customer_id),
    index('tenant_outage_customers_credit_invoice_idx').on(t.tenant_id, t.credit_invoice_id),
  ],
);
