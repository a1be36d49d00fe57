/** notifications: WhatsApp templates and the outbox of messages with delivery status. */
import { sql } from 'drizzle-orm';
import { boolean, check, foreignKey, index, pgTable, primaryKey, text, unique, uuid } from 'drizzle-orm/pg-core';
import { createdAt, idColumn, tenantIdColumn, timestamptz, updatedAt } from './columns';
import { tenantCustomers } from './customers';

export const WA_TEMPLATE_CODES = [
  'invoice_issued',
  'payment_reminder',
  'isolir_notice',
  'restore_notice',
  'payment_receipt',
  'outage_notice',
] as const;

export const tenantWaTemplates = pgTable(
  'tenant_wa_templates',
  {
    tenant_id: tenantIdColumn(),
    id: idColumn(),
    code: text('code').notNull(),
    language: text('language').notNull().default('id'),
    body: text('body').notNull(),
    is_active: boolean('is_active').notNull().default(true),
    updated_at: updatedAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenant_id, t.id] }),
    unique('tenant_wa_templates_code_key').on(t.tenant_id, t.code, t.language),
    check(
      'tenant_wa_templates_code_check',
      sql`${t.code} IN ('invoice_issued', 'payment_reminder', 'isolir_notice', 'restore_notice', 'payment_receipt', 'outage_notice')`,
    ),
    check('tenant_wa_templates_language_check', sql`${t.language} IN ('id', 'en')`),
  ],
);

export const tenantWaMessages = pgTable(
  'tenant_wa_messages',
  {
    tenant_id: tenantIdColumn(),
    id: idColumn(),
    customer_id: uuid('customer_id'),
    template_code: text('template_code'),
    to_phone: text('to_phone').notNull(),
    body: text('body').notNull(),
    status: text('status').notNull().default('queued'),
    provider: text('provider'),
    provider_message_id: text('provider_message_id'),
    error: text('error'),
    /** what makes a message unique (e.g. "isolir_notice:<event id>"): sent at most once */
    dedupe_key: text('dedupe_key').notNull(),
    created_at: createdAt(),
    sent_at: timestamptz('sent_at'),
    delivered_at: timestamptz('delivered_at'),
  },
  (t) => [
    primaryKey({ columns: [t.tenant_id, t.id] }),
    unique('tenant_wa_messages_dedupe_key').on(t.tenant_id, t.dedupe_key),
    check(
      'tenant_wa_messages_status_check',
      sql`${t.status} IN ('queued', 'sending', 'sent', 'delivered', 'read', 'failed')`,
    ),
    foreignKey({ columns: [t.tenant_id, t.customer_id], foreignColumns: [tenantCustomers.tenant_id, tenantCustomers.id] }),
    index('tenant_wa_messages_customer_idx').on(t.tenant_id, t.customer_id, t.created_at),
    index('tenant_wa_messages_status_idx').on(t.tenant_id, t.status, t.created_at),
    index('tenant_wa_messages_created_at_idx').on(t.tenant_id, t.created_at),
  ],
);
