/** reports: generated reports (CSV) and the nightly per-tenant analytics rollup. */
import { sql } from 'drizzle-orm';
import { check, date, index, integer, jsonb, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt, idColumn, rupiah, tenantIdColumn, timestamptz } from './columns';

export const tenantReports = pgTable(
  'tenant_reports',
  {
    tenant_id: tenantIdColumn(),
    id: idColumn(),
    kind: text('kind').notNull(),
    params: jsonb('params').notNull().default(sql`'{}'::jsonb`),
    status: text('status').notNull().default('queued'),
    result_csv: text('result_csv'),
    row_count: integer('row_count'),
    error: text('error'),
    requested_by: uuid('requested_by'),
    created_at: createdAt(),
    completed_at: timestamptz('completed_at'),
  },
  (t) => [
    primaryKey({ columns: [t.tenant_id, t.id] }),
    check(
      'tenant_reports_kind_check',
      sql`${t.kind} IN ('revenue', 'arrears_ageing', 'customer_growth', 'collection_rate')`,
    ),
    check('tenant_reports_status_check', sql`${t.status} IN ('queued', 'running', 'completed', 'failed')`),
    index('tenant_reports_created_at_idx').on(t.tenant_id, t.created_at),
    index('tenant_reports_status_idx').on(t.tenant_id, t.status),
  ],
);

export const tenantAnalyticsDaily = pgTable(
  'tenant_analytics_daily',
  {
    tenant_id: tenantIdColumn(),
    day: date('day').notNull(),
    active_customers: integer('active_customers').notNull().default(0),
    isolated_customers: integer('isolated_customers').notNull().default(0),
    new_customers: integer('new_customers').notNull().default(0),
    terminated_customers: integer('terminated_customers').notNull().default(0),
    invoices_issued: integer('invoices_issued').notNull().default(0),
    invoiced_amount: rupiah('invoiced_amount').notNull().default(0),
    payments_count: integer('payments_count').notNull().default(0),
    collected_amount: rupiah('collected_amount').notNull().default(0),
    computed_at: timestamptz('computed_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenant_id, t.day] })],
);
