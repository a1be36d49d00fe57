/** notifications: WhatsApp templates, the outbox of messages with delivery status, and the gateways' status webhooks as received. */
import { sql } from 'drizzle-orm';
import { boolean, check, foreignKey, index, integer, jsonb, pgTable, primaryKey, text, unique, uuid } from 'drizzle-orm/pg-core';
import { createdAt, idColumn, tenantIdColumn, timestamptz, updatedAt } from './columns';
import { tenantCustomers } from './customers';

// the template codes are WA_TEMPLATE_CODES in @rrnet/contracts; the check constraint below lists the same

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
      // outage_notice: the code before outage_started/outage_resolved, kept valid for rows written then (not offered any more)
      sql`${t.code} IN ('invoice_issued', 'payment_reminder', 'overdue', 'isolir_notice', 'restore_notice', 'payment_receipt', 'outage_started', 'outage_resolved', 'ticket_update', 'outage_notice', 'portal_code')`,
    ),
    check('tenant_wa_templates_language_check', sql`${t.language} IN ('id', 'en')`),
  ],
);

/**
 * The outbox. A row is written in the transaction of the business event (dedupe_key: at
 * most once per event and recipient) and moves queued → sending → sent → delivered →
 * read, or failed. `sending` is committed before the gateway is called (claimed_at: the
 * lease); the provider's id is recorded with `sent`.
 */
export const tenantWaMessages = pgTable(
  'tenant_wa_messages',
  {
    tenant_id: tenantIdColumn(),
    id: idColumn(),
    customer_id: uuid('customer_id'),
    template_code: text('template_code'),
    language: text('language').notNull().default('id'),
    to_phone: text('to_phone').notNull(),
    body: text('body').notNull(),
    /** the template's variables in order (Cloud API body parameters) */
    params: jsonb('params').$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    /** urgent notices skip quiet hours and opt-out (isolir, restore, outages) */
    urgent: boolean('urgent').notNull().default(false),
    status: text('status').notNull().default('queued'),
    provider: text('provider'),
    provider_message_id: text('provider_message_id'),
    error: text('error'),
    error_code: text('error_code'),
    /** gateway calls made (the normal class allows 2 before the message fails) */
    attempts: integer('attempts').notNull().default(0),
    /** not sent before this moment (quiet hours, spread reminders, recipient spacing, a retry) */
    scheduled_at: timestamptz('scheduled_at').notNull().defaultNow(),
    /** when the current `sending` started (the lease) */
    claimed_at: timestamptz('claimed_at'),
    /** what makes a message unique (e.g. "isolir_notice:<event id>"): sent at most once */
    dedupe_key: text('dedupe_key').notNull(),
    created_at: createdAt(),
    sent_at: timestamptz('sent_at'),
    delivered_at: timestamptz('delivered_at'),
    read_at: timestamptz('read_at'),
    failed_at: timestamptz('failed_at'),
  },
  (t) => [
    primaryKey({ columns: [t.tenant_id, t.id] }),
    unique('tenant_wa_messages_dedupe_key').on(t.tenant_id, t.dedupe_key),
    check(
      'tenant_wa_messages_status_check',
      sql`${t.status} IN ('queued', 'sending', 'sent', 'delivered', 'read', 'failed')`,
    ),
    check('tenant_wa_messages_language_check', sql`${t.language} IN ('id', 'en')`),
    foreignKey({ columns: [t.tenant_id, t.customer_id], foreignColumns: [tenantCustomers.tenant_id, tenantCustomers.id] }),
    index('tenant_wa_messages_customer_idx').on(t.tenant_id, t.customer_id, t.created_at),
    index('tenant_wa_messages_status_idx').on(t.tenant_id, t.status, t.created_at),
    index('tenant_wa_messages_created_at_idx').on(t.tenant_id, t.created_at),
    index('tenant_wa_messages_due_idx').on(t.tenant_id, t.scheduled_at).where(sql`${t.status} = 'queued'`),
    index('tenant_wa_messages_sending_idx').on(t.tenant_id, t.claimed_at).where(sql`${t.status} = 'sending'`),
    index('tenant_wa_messages_recipient_idx').on(t.tenant_id, t.to_phone, t.claimed_at),
    index('tenant_wa_messages_provider_idx').on(t.tenant_id, t.provider_message_id),
  ],
);

/** Every status webhook as it arrived (also forged ones), before it is applied. */
export const tenantWaWebhookEvents = pgTable(
  'tenant_wa_webhook_events',
  {
    tenant_id: tenantIdColumn(),
    id: idColumn(),
    provider: text('provider').notNull(),
    signature_valid: boolean('signature_valid').notNull(),
    payload: jsonb('payload').notNull(),
    status: text('status').notNull(),
    reason: text('reason'),
    /** status updates applied from it (a replay applies none) */
    applied: integer('applied').notNull().default(0),
    created_at: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenant_id, t.id] }),
    check('tenant_wa_webhook_events_provider_check', sql`${t.provider} IN ('cloud', 'fonnte')`),
    check('tenant_wa_webhook_events_status_check', sql`${t.status} IN ('applied', 'ignored', 'rejected')`),
    index('tenant_wa_webhook_events_created_at_idx').on(t.tenant_id, t.created_at),
  ],
);
