/** saas: the platform's own business — tenants (ISPs), plans, subscriptions, SaaS invoices. */
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

export const saasTenants = pgTable(
  'saas_tenants',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    slug: text('slug').notNull().unique(),
    name: text('name').notNull(),
    status: text('status').notNull().default('active'),
    timezone: text('timezone').notNull().default('Asia/Jakarta'),
    created_at: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    suspended_at: timestamp('suspended_at', { withTimezone: true }),
    /** why: 'dunning' (unpaid SaaS invoices: read-only, lifted by paying) or platform staff's reason */
    suspension_reason: text('suspension_reason'),
    /** the owner's WhatsApp number for RRNet's own messages (dunning reminders); null: the ISP's company phone */
    billing_phone: text('billing_phone'),
  },
  (t) => [
    check('saas_tenants_status_check', sql`${t.status} IN ('active', 'suspended', 'terminated')`),
    check('saas_tenants_slug_check', sql`${t.slug} ~ '^[a-z0-9][a-z0-9-]{1,62}$'`),
  ],
);

export const saasPlans = pgTable(
  'saas_plans',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull().unique(),
    name: text('name').notNull(),
    price_monthly: bigint('price_monthly', { mode: 'number' }).notNull(),
    max_routers: integer('max_routers').notNull(),
    max_customers: integer('max_customers').notNull(),
    max_users: integer('max_users').notNull(),
    max_wa_messages_month: integer('max_wa_messages_month').notNull(),
    features: text('features').array().notNull().default(sql`'{}'::text[]`),
    is_active: boolean('is_active').notNull().default(true),
    created_at: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [check('saas_plans_price_check', sql`${t.price_monthly} >= 0`)],
);

export const saasSubscriptions = pgTable(
  'saas_subscriptions',
  {
    tenant_id: uuid('tenant_id')
      .notNull()
      .references(() => saasTenants.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull().defaultRandom(),
    plan_id: uuid('plan_id')
      .notNull()
      .references(() => saasPlans.id),
    status: text('status').notNull().default('active'),
    current_period_start: date('current_period_start').notNull(),
    current_period_end: date('current_period_end').notNull(),
    created_at: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    canceled_at: timestamp('canceled_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.tenant_id, t.id] }),
    check('saas_subscriptions_status_check', sql`${t.status} IN ('trialing', 'active', 'past_due', 'canceled')`),
    index('saas_subscriptions_plan_idx').on(t.plan_id),
    uniqueIndex('saas_subscriptions_one_current')
      .on(t.tenant_id)
      .where(sql`${t.status} IN ('trialing', 'active', 'past_due')`),
  ],
);

export const saasFeatureOverrides = pgTable(
  'saas_feature_overrides',
  {
    tenant_id: uuid('tenant_id')
      .notNull()
      .references(() => saasTenants.id, { onDelete: 'cascade' }),
    feature: text('feature').notNull(),
    enabled: boolean('enabled').notNull(),
    reason: text('reason'),
    updated_at: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenant_id, t.feature] })],
);

export const saasInvoices = pgTable(
  'saas_invoices',
  {
    tenant_id: uuid('tenant_id')
      .notNull()
      .references(() => saasTenants.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull().defaultRandom(),
    number: text('number').notNull().unique(),
    subscription_id: uuid('subscription_id').notNull(),
    period_start: date('period_start').notNull(),
    period_end: date('period_end').notNull(),
    /** the total: subtotal + tax */
    amount: bigint('amount', { mode: 'number' }).notNull(),
    subtotal: bigint('subtotal', { mode: 'number' }).notNull().default(0),
    tax: bigint('tax', { mode: 'number' }).notNull().default(0),
    /** SaasInvoiceLine[] (contracts), fixed when issued */
    lines: jsonb('lines').notNull().default(sql`'[]'::jsonb`),
    status: text('status').notNull().default('open'),
    due_date: date('due_date').notNull(),
    issued_at: timestamp('issued_at', { withTimezone: true }).notNull().defaultNow(),
    paid_at: timestamp('paid_at', { withTimezone: true }),
    payment_method: text('payment_method'),
    payment_reference: text('payment_reference'),
    paid_by: uuid('paid_by'),
    created_at: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenant_id, t.id] }),
    check('saas_invoices_status_check', sql`${t.status} IN ('open', 'paid', 'void')`),
    check('saas_invoices_amount_check', sql`${t.amount} >= 0`),
    check('saas_invoices_total_check', sql`${t.amount} = ${t.subtotal} + ${t.tax} OR ${t.lines} = '[]'::jsonb`),
    check('saas_invoices_payment_method_check', sql`${t.payment_method} IS NULL OR ${t.payment_method} IN ('bank_transfer', 'cash', 'gateway', 'midtrans')`),
    check('saas_invoices_paid_check', sql`(${t.status} = 'paid') = (${t.paid_at} IS NOT NULL)`),
    index('saas_invoices_tenant_status_idx').on(t.tenant_id, t.status),
    // one invoice per subscription and billed month: the run is idempotent
    uniqueIndex('saas_invoices_subscription_period').on(t.tenant_id, t.subscription_id, t.period_start),
    index('saas_invoices_period_idx').on(t.period_start),
  ],
);

/**
 * The platform's own payment gateway inbox (ISPs paying SaaS invoices through RRNet's Midtrans
 * account): every notification as it came — received, or rejected with why (a bad signature, not a
 * notification) — before anything is decided; applied, ignored or rejected once afterwards, naming
 * the SaaS invoice it paid. The platform's alone (rrnet_system). `tenant_id`: the ISP whose invoice
 * the order names, when known.
 */
export const saasGatewayNotifications = pgTable(
  'saas_gateway_notifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenant_id: uuid('tenant_id').references(() => saasTenants.id, { onDelete: 'cascade' }),
    gateway: text('gateway').notNull(),
    transaction_id: text('transaction_id'),
    order_id: text('order_id'),
    transaction_status: text('transaction_status'),
    gross_amount: text('gross_amount'),
    signature_valid: boolean('signature_valid').notNull(),
    payload: jsonb('payload').notNull(),
    status: text('status').notNull().default('received'),
    reason: text('reason'),
    invoice_id: uuid('invoice_id'),
    created_at: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    processed_at: timestamp('processed_at', { withTimezone: true }),
  },
  (t) => [
    check('saas_gateway_notifications_status_check', sql`${t.status} IN ('received', 'applied', 'ignored', 'rejected')`),
    index('saas_gateway_notifications_txn_idx').on(t.gateway, t.transaction_id),
    index('saas_gateway_notifications_tenant_idx').on(t.tenant_id, t.created_at),
    // a SaaS invoice is paid through the gateway once: one applied notification per invoice
    uniqueIndex('saas_gateway_notifications_applied_invoice').on(t.invoice_id).where(sql`${t.status} = 'applied'`),
  ],
);

/** Gap-free SaaS invoice numbers per billed month ("RRN-YYYYMM-00001"): advanced by the run under its lock. */
export const saasInvoiceSequences = pgTable('saas_invoice_sequences', {
  period: text('period').primaryKey(),
  last_number: integer('last_number').notNull().default(0),
});

/**
 * Plan changes of a subscription: an upgrade takes effect at once (effective_on = the day
 * it was made) and is prorated on the next monthly invoice; a downgrade is scheduled for
 * the first day of the next month. `invoice_id` names the invoice that billed its proration.
 */
export const saasSubscriptionChanges = pgTable(
  'saas_subscription_changes',
  {
    tenant_id: uuid('tenant_id')
      .notNull()
      .references(() => saasTenants.id, { onDelete: 'cascade' }),
    id: uuid('id').notNull().defaultRandom(),
    subscription_id: uuid('subscription_id').notNull(),
    old_plan_id: uuid('old_plan_id')
      .notNull()
      .references(() => saasPlans.id),
    new_plan_id: uuid('new_plan_id')
      .notNull()
      .references(() => saasPlans.id),
    old_price: bigint('old_price', { mode: 'number' }).notNull(),
    new_price: bigint('new_price', { mode: 'number' }).notNull(),
    kind: text('kind').notNull(),
    status: text('status').notNull(),
    effective_on: date('effective_on').notNull(),
    reason: text('reason'),
    invoice_id: uuid('invoice_id'),
    created_by: uuid('created_by'),
    created_at: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenant_id, t.id] }),
    check('saas_subscription_changes_kind_check', sql`${t.kind} IN ('upgrade', 'downgrade')`),
    check('saas_subscription_changes_status_check', sql`${t.status} IN ('applied', 'scheduled', 'canceled')`),
    index('saas_subscription_changes_subscription_idx').on(t.tenant_id, t.subscription_id, t.effective_on),
    index('saas_subscription_changes_old_plan_idx').on(t.old_plan_id),
    index('saas_subscription_changes_new_plan_idx').on(t.new_plan_id),
  ],
);

/**
 * An ISP signing itself up, between the form and the WhatsApp code: what it typed (the
 * password already hashed), the code as an HMAC only, when it expires, how many wrong
 * codes were tried, and — once verified — the ISP and owner it became. Read and written by
 * the platform (rrnet_system) only.
 */
export const saasSignups = pgTable(
  'saas_signups',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    isp_name: text('isp_name').notNull(),
    slug: text('slug').notNull(),
    owner_name: text('owner_name').notNull(),
    email: text('email').notNull(),
    phone: text('phone').notNull(),
    password_hash: text('password_hash').notNull(),
    locale: text('locale').notNull().default('id'),
    code_hash: text('code_hash').notNull(),
    attempts: integer('attempts').notNull().default(0),
    expires_at: timestamp('expires_at', { withTimezone: true }).notNull(),
    consumed_at: timestamp('consumed_at', { withTimezone: true }),
    tenant_id: uuid('tenant_id').references(() => saasTenants.id, { onDelete: 'set null' }),
    ip: text('ip'),
    /** where the current code went (whatsapp: the phone; email: the e-mail) */
    channel: text('channel').notNull().default('whatsapp'),
    /** codes delivered by each channel (the per-number and per-address hourly caps count these) */
    wa_sends: integer('wa_sends').notNull().default(0),
    email_sends: integer('email_sends').notNull().default(0),
    /** the last code delivered (a resend waits SIGNUP_RULES.resendAfterMs after it) */
    last_sent_at: timestamp('last_sent_at', { withTimezone: true }),
    created_at: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('saas_signups_attempts_check', sql`${t.attempts} >= 0`),
    check('saas_signups_locale_check', sql`${t.locale} IN ('id', 'en')`),
    check('saas_signups_channel_check', sql`${t.channel} IN ('whatsapp', 'email')`),
    check('saas_signups_sends_check', sql`${t.wa_sends} >= 0 AND ${t.email_sends} >= 0`),
    index('saas_signups_created_idx').on(t.created_at),
    index('saas_signups_tenant_idx').on(t.tenant_id),
    index('saas_signups_phone_idx').on(t.phone, t.created_at),
    index('saas_signups_email_idx').on(t.email, t.created_at),
  ],
);

/**
 * Dunning reminders sent to an ISP's owner for a SaaS invoice, one row per (invoice, stage):
 * claimed before the WhatsApp call, so a second run never sends the same stage twice.
 */
export const saasDunningReminders = pgTable(
  'saas_dunning_reminders',
  {
    tenant_id: uuid('tenant_id')
      .notNull()
      .references(() => saasTenants.id, { onDelete: 'cascade' }),
    invoice_id: uuid('invoice_id').notNull(),
    /** before_due_3, after_due_1, after_due_7… */
    stage: text('stage').notNull(),
    status: text('status').notNull().default('sending'),
    to_phone: text('to_phone'),
    provider_message_id: text('provider_message_id'),
    error: text('error'),
    created_at: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    sent_at: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.tenant_id, t.invoice_id, t.stage] }),
    check('saas_dunning_reminders_status_check', sql`${t.status} IN ('sending', 'sent', 'failed', 'skipped')`),
  ],
);
