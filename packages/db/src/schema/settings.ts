/** settings: one row of operator-editable settings per tenant. */
import { sql } from 'drizzle-orm';
import { boolean, check, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { tenantIdColumn, updatedAt } from './columns';

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
    /** Midtrans: server key (AES-256-GCM, never returned), sandbox or production */
    midtrans_server_key_enc: text('midtrans_server_key_enc'),
    midtrans_production: boolean('midtrans_production').notNull().default(false),
    locale: text('locale').notNull().default('id'),
    updated_at: updatedAt(),
  },
  (t) => [
    check('tenant_settings_isolir_mode_check', sql`${t.isolir_mode} IN ('profile', 'disable')`),
    check('tenant_settings_days_check', sql`${t.due_days} BETWEEN 0 AND 90 AND ${t.grace_days} BETWEEN 0 AND 90`),
    check('tenant_settings_tax_check', sql`${t.tax_rate_bp} BETWEEN 0 AND 10000`),
    check('tenant_settings_locale_check', sql`${t.locale} IN ('id', 'en')`),
  ],
);
