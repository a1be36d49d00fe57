/** reports: background exports (CSV, XLSX) with their files, and the nightly per-tenant analytics rollup. */
import { sql } from 'drizzle-orm';
import { bigint, check, customType, date, foreignKey, index, integer, jsonb, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });
import { createdAt, idColumn, rupiah, tenantIdColumn, timestamptz } from './columns';

/**
 * A background export (report_generation): what was asked (kind, format, params), its
 * progress as rows are written, and when its file is purged (expires_at; cleanup_jobs).
 * The file itself is in tenant_report_chunks.
 */
export const tenantReports = pgTable(
  'tenant_reports',
  {
    tenant_id: tenantIdColumn(),
    id: idColumn(),
    kind: text('kind').notNull(),
    format: text('format').notNull().default('csv'),
    params: jsonb('params').notNull().default(sql`'{}'::jsonb`),
    status: text('status').notNull().default('queued'),
    /** rows the export will write (counted when it starts) and has written */
    total_rows: integer('total_rows'),
    processed_rows: integer('processed_rows').notNull().default(0),
    file_name: text('file_name'),
    byte_size: bigint('byte_size', { mode: 'number' }),
    error: text('error'),
    requested_by: uuid('requested_by'),
    created_at: createdAt(),
    started_at: timestamptz('started_at'),
    completed_at: timestamptz('completed_at'),
    expires_at: timestamptz('expires_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenant_id, t.id] }),
    check('tenant_reports_kind_check', sql`${t.kind} IN ('customers', 'invoices', 'arrears')`),
    check('tenant_reports_format_check', sql`${t.format} IN ('csv', 'xlsx')`),
    check('tenant_reports_status_check', sql`${t.status} IN ('queued', 'running', 'completed', 'failed')`),
    check('tenant_reports_progress_check', sql`${t.processed_rows} >= 0`),
    index('tenant_reports_created_at_idx').on(t.tenant_id, t.created_at),
    index('tenant_reports_status_idx').on(t.tenant_id, t.status),
    index('tenant_reports_expires_at_idx').on(t.tenant_id, t.expires_at),
  ],
);

/** An export's file in pieces of at most a few hundred KiB, in order (seq), so neither side holds it whole. */
export const tenantReportChunks = pgTable(
  'tenant_report_chunks',
  {
    tenant_id: tenantIdColumn(),
    report_id: uuid('report_id').notNull(),
    seq: integer('seq').notNull(),
    /** bytes of the file (the audit trail records the row, never this: see sys_audit_mask) */
    content: bytea('content').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenant_id, t.report_id, t.seq] }),
    foreignKey({ columns: [t.tenant_id, t.report_id], foreignColumns: [tenantReports.tenant_id, tenantReports.id] }).onDelete('cascade'),
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
    /** the routers as the rollup found them (a router sync keeps no history): total, synced once or more, online at their last sync */
    routers_total: integer('routers_total').notNull().default(0),
    routers_synced: integer('routers_synced').notNull().default(0),
    routers_online: integer('routers_online').notNull().default(0),
    /** minutes of the day inside a confirmed outage (overlapping outages counted once) */
    outage_minutes: integer('outage_minutes').notNull().default(0),
    computed_at: timestamptz('computed_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenant_id, t.day] })],
);
