/**
 * tickets: trouble reports from staff (phone call, walk-in), the portal or an inbound
 * WhatsApp message; assigned to a technician, with an SLA due time by priority, comments
 * (internal or visible to the subscriber), linked to the outage affecting the customer.
 * Statuses: contracts' TICKET_TRANSITIONS.
 */
import { sql } from 'drizzle-orm';
import { boolean, check, foreignKey, index, pgTable, primaryKey, text, unique, uuid } from 'drizzle-orm/pg-core';
import { createdAt, idColumn, tenantIdColumn, timestamptz, updatedAt } from './columns';
import { tenantCustomers } from './customers';
import { tenantMemberships } from './identity';
import { tenantOutages } from './outages';

export const tenantTickets = pgTable(
  'tenant_tickets',
  {
    tenant_id: tenantIdColumn(),
    id: idColumn(),
    number: text('number').notNull(),
    customer_id: uuid('customer_id'),
    outage_id: uuid('outage_id'),
    subject: text('subject').notNull(),
    description: text('description'),
    category: text('category').notNull(),
    priority: text('priority').notNull().default('normal'),
    status: text('status').notNull().default('open'),
    source: text('source').notNull().default('staff'),
    assignee_id: uuid('assignee_id'),
    created_by: uuid('created_by'),
    /** the SLA: resolved by then (from the priority at creation or its last change) */
    due_at: timestamptz('due_at').notNull(),
    resolved_at: timestamptz('resolved_at'),
    closed_at: timestamptz('closed_at'),
    created_at: createdAt(),
    updated_at: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenant_id, t.id] }),
    unique('tenant_tickets_number_key').on(t.tenant_id, t.number),
    check('tenant_tickets_category_check', sql`${t.category} IN ('no_connection', 'slow', 'billing', 'relocation', 'other')`),
    check('tenant_tickets_priority_check', sql`${t.priority} IN ('low', 'normal', 'high', 'urgent')`),
    check('tenant_tickets_status_check', sql`${t.status} IN ('open', 'in_progress', 'waiting_customer', 'resolved', 'closed')`),
    check('tenant_tickets_source_check', sql`${t.source} IN ('staff', 'portal', 'whatsapp')`),
    foreignKey({ columns: [t.tenant_id, t.customer_id], foreignColumns: [tenantCustomers.tenant_id, tenantCustomers.id] }),
    foreignKey({ columns: [t.tenant_id, t.outage_id], foreignColumns: [tenantOutages.tenant_id, tenantOutages.id] }),
    foreignKey({ columns: [t.tenant_id, t.assignee_id], foreignColumns: [tenantMemberships.tenant_id, tenantMemberships.user_id] }),
    index('tenant_tickets_customer_idx').on(t.tenant_id, t.customer_id),
    index('tenant_tickets_outage_idx').on(t.tenant_id, t.outage_id),
    index('tenant_tickets_assignee_idx').on(t.tenant_id, t.assignee_id, t.status),
    index('tenant_tickets_status_idx').on(t.tenant_id, t.status, t.due_at),
    index('tenant_tickets_created_at_idx').on(t.tenant_id, t.created_at),
  ],
);

export const tenantTicketComments = pgTable(
  'tenant_ticket_comments',
  {
    tenant_id: tenantIdColumn(),
    id: idColumn(),
    ticket_id: uuid('ticket_id').notNull(),
    author_id: uuid('author_id'),
    /** the subscriber's own words (portal, WhatsApp) rather than staff's */
    from_customer: boolean('from_customer').notNull().default(false),
    body: text('body').notNull(),
    /** internal: staff only; visible: the subscriber sees it (portal, WhatsApp) */
    visibility: text('visibility').notNull().default('internal'),
    /** the gateway's message id of a subscriber's WhatsApp message: taken in once */
    external_id: text('external_id'),
    created_at: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenant_id, t.id] }),
    unique('tenant_ticket_comments_external_id_key').on(t.tenant_id, t.external_id),
    check('tenant_ticket_comments_visibility_check', sql`${t.visibility} IN ('internal', 'visible')`),
    foreignKey({ columns: [t.tenant_id, t.ticket_id], foreignColumns: [tenantTickets.tenant_id, tenantTickets.id] }).onDelete('cascade'),
    index('tenant_ticket_comments_ticket_idx').on(t.tenant_id, t.ticket_id, t.created_at),
  ],
);
