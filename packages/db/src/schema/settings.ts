/** settings: one row of operator-editable settings per tenant. */
import { sql } from 'drizzle-orm';
import { boolean, check, customType, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { tenantIdColumn, timestamptz, updatedAt } from './columns';

export const tenantSettings = pgTable(
  'tenant_settings',
  {
    tenant_id: tenantIdColumn().primaryKey(),
    company_name: text('company_name').notNull(),
    company_address: text('company_address'),
    company_phone: text('company_phone'),
    invoice_prefix: text('invoice_prefix').notNull().default('INV'),
    /** days after issue an invoice is due */
    due_days: integer('due_days').notNull().default(10),
    /** days after the due date before isolir */
    grace_days: integer('grace_days').notNull().default(3),
    /** tax in basis points: 1100 = 11% PPN; 0 = no tax */
    tax_rate_bp: integer('tax_rate_bp').notNull().default(0),
    isolir_mode: text('isolir_mode').notNull().default('profile'),
    isolir_profile: text('isolir_profile').notNull().default('isolir'),
    wa_sender: text('wa_sender'),
    /** WhatsApp gateway: 'cloud' | 'fonnte'; null = the platform default. Credentials AES-256-GCM JSON, never returned */
    wa_gateway: text('wa_gateway'),
    wa_credentials_enc: text('wa_credentials_enc'),
    /** used while the main gateway's breaker is open */
    wa_fallback_gateway: text('wa_fallback_gateway'),
    wa_fallback_credentials_enc: text('wa_fallback_credentials_enc'),
    /** no reminders between these local times ('HH:MM'; start after end = overnight); null = none */
    wa_quiet_start: text('wa_quiet_start').default('21:00'),
    wa_quiet_end: text('wa_quiet_end').default('07:00'),
    /** days before the due date to remind (0 = on the day), days after it for the overdue notice */
    wa_reminder_days: integer('wa_reminder_days').array().notNull().default(sql`'{3,0}'::integer[]`),
    wa_overdue_days: integer('wa_overdue_days').array().notNull().default(sql`'{1}'::integer[]`),
    wa_language: text('wa_language').notNull().default('id'),
    /** when this month's plan quota of messages ran out (the UI's banner); cleared by a new month */
    wa_quota_exceeded_at: timestamptz('wa_quota_exceeded_at'),
    /** Midtrans: server key (AES-256-GCM, never returned), sandbox or production */
    midtrans_server_key_enc: text('midtrans_server_key_enc'),
    midtrans_production: boolean('midtrans_production').notNull().default(false),
    /** the gateway of the ISP's payment links: 'midtrans' | 'xendit' */
    payment_gateway: text('payment_gateway').notNull().default('midtrans'),
    /** Xendit: secret API key and callback verification token (AES-256-GCM, never returned) */
    xendit_secret_key_enc: text('xendit_secret_key_enc'),
    xendit_callback_token_enc: text('xendit_callback_token_enc'),
    locale: text('locale').notNull().default('id'),
    /** router_sync suspects an outage after a router has been unreachable this many minutes */
    outage_detect_minutes: integer('outage_detect_minutes').notNull().default(10),
    /** credit long outages on the next invoice (hours beyond the threshold, prorated on the plan price) */
    outage_credit_enabled: boolean('outage_credit_enabled').notNull().default(false),
    outage_credit_threshold_hours: integer('outage_credit_threshold_hours').notNull().default(4),
    /** when the credit was last switched on: outages resolved before it are not credited */
    outage_credit_since: timestamptz('outage_credit_since'),
    updated_at: updatedAt(),
  },
  (t) => [
    check('tenant_settings_isolir_mode_check', sql`${t.isolir_mode} IN ('profile', 'disable')`),
    check('tenant_settings_days_check', sql`${t.due_days} BETWEEN 0 AND 90 AND ${t.grace_days} BETWEEN 0 AND 90`),
    check('tenant_settings_tax_check', sql`${t.tax_rate_bp} BETWEEN 0 AND 10000`),
    check('tenant_settings_outage_detect_check', sql`${t.outage_detect_minutes} BETWEEN 1 AND 1440`),
    check('tenant_settings_outage_credit_check', sql`${t.outage_credit_threshold_hours} BETWEEN 1 AND 720 AND (NOT ${t.outage_credit_enabled} OR ${t.outage_credit_since} IS NOT NULL)`),
    check('tenant_settings_locale_check', sql`${t.locale} IN ('id', 'en')`),
    check('tenant_settings_wa_gateway_check', sql`${t.wa_gateway} IN ('cloud', 'fonnte') AND ${t.wa_fallback_gateway} IN ('cloud', 'fonnte')`),
    check('tenant_settings_payment_gateway_check', sql`${t.payment_gateway} IN ('midtrans', 'xendit')`),
    check('tenant_settings_wa_language_check', sql`${t.wa_language} IN ('id', 'en')`),
    check('tenant_settings_wa_quiet_check', sql`${t.wa_quiet_start} ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$' AND ${t.wa_quiet_end} ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'`),
  ],
);

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

/**
 * The ISP's logo (portal header, sidebar, printed invoice): one row per tenant, bytes in
 * Postgres, validated by magic bytes before they get here (PNG, JPEG, WebP; never SVG).
 * `content` is redacted from the audit trail like every file's bytes (sys_audit_mask).
 */
export const tenantLogos = pgTable(
  'tenant_logos',
  {
    tenant_id: tenantIdColumn().primaryKey(),
    content_type: text('content_type').notNull(),
    /** sha256 of the bytes (hex): the ETag */
    sha256: text('sha256').notNull(),
    byte_size: integer('byte_size').notNull(),
    content: bytea('content').notNull(),
    updated_at: updatedAt(),
  },
  (t) => [
    check('tenant_logos_content_type_check', sql`${t.content_type} IN ('image/png', 'image/jpeg', 'image/webp')`),
    check('tenant_logos_size_check', sql`${t.byte_size} BETWEEN 1 AND 262144 AND octet_length(${t.content}) = ${t.byte_size}`),
  ],
);
