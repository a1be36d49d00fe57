/** billing: customer invoices, payments and the gap-free invoice numbering per period. */
import type { InvoiceCredit, InvoiceLine } from '@rrnet/contracts';
import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  date,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { createdAt, idColumn, rupiah, tenantIdColumn, timestamptz } from './columns';
import { tenantCustomers, tenantServicePlans } from './customers';

export const tenantInvoices = pgTable(
  'tenant_invoices',
  {
    tenant_id: tenantIdColumn(),
    id: idColumn(),
    number: text('number').notNull(),
    customer_id: uuid('customer_id').notNull(),
    period_start: date('period_start').notNull(),
    period_end: date('period_end').notNull(),
    subtotal: rupiah('subtotal').notNull(),
    discount: rupiah('discount').notNull().default(0),
    tax: rupiah('tax').notNull().default(0),
    total: rupiah('total').notNull(),
    paid_amount: rupiah('paid_amount').notNull().default(0),
    status: text('status').notNull().default('unpaid'),
    issued_at: timestamptz('issued_at').notNull().defaultNow(),
    due_date: date('due_date').notNull(),
    paid_at: timestamptz('paid_at'),
    voided_at: timestamptz('voided_at'),
    void_reason: text('void_reason'),
    /** what the subtotal is made of, fixed at issue: one line per plan segment of the period */
    lines: jsonb('lines').$type<InvoiceLine[]>().notNull().default(sql`'[]'::jsonb`),
    /** outage credits taken off at issue (part of `discount`): one per stretch of outage beyond the ISP's threshold */
    credits: jsonb('credits').$type<InvoiceCredit[]>().notNull().default(sql`'[]'::jsonb`),
    created_at: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenant_id, t.id] }),
    check(
      'tenant_invoices_lines_check',
      sql`jsonb_typeof(${t.lines}) = 'array' AND (${t.lines} = '[]'::jsonb OR sys_invoice_lines_total(${t.lines}) = ${t.subtotal})`,
    ),
    check('tenant_invoices_credits_check', sql`jsonb_typeof(${t.credits}) = 'array'`),
    unique('tenant_invoices_number_key').on(t.tenant_id, t.number),
    // one invoice per customer and period: the billing run is idempotent
    unique('tenant_invoices_customer_period_key').on(t.tenant_id, t.customer_id, t.period_start),
    check('tenant_invoices_status_check', sql`${t.status} IN ('unpaid', 'overdue', 'paid', 'void')`),
    check(
      'tenant_invoices_amounts_check',
      sql`${t.subtotal} >= 0 AND ${t.discount} >= 0 AND ${t.tax} >= 0 AND ${t.total} = ${t.subtotal} - ${t.discount} + ${t.tax} AND ${t.total} >= 0 AND ${t.paid_amount} BETWEEN 0 AND ${t.total}`,
    ),
    check('tenant_invoices_period_check', sql`${t.period_end} >= ${t.period_start}`),
    foreignKey({ columns: [t.tenant_id, t.customer_id], foreignColumns: [tenantCustomers.tenant_id, tenantCustomers.id] }),
    index('tenant_invoices_status_due_idx').on(t.tenant_id, t.status, t.due_date),
    index('tenant_invoices_customer_idx').on(t.tenant_id, t.customer_id, t.period_start),
    index('tenant_invoices_created_at_idx').on(t.tenant_id, t.created_at),
  ],
);

export const tenantPayments = pgTable(
  'tenant_payments',
  {
    tenant_id: tenantIdColumn(),
    id: idColumn(),
    invoice_id: uuid('invoice_id').notNull(),
    customer_id: uuid('customer_id').notNull(),
    amount: rupiah('amount').notNull(),
    method: text('method').notNull(),
    gateway: text('gateway'),
    gateway_transaction_id: text('gateway_transaction_id'),
    receipt_number: text('receipt_number').notNull(),
    collected_by: uuid('collected_by'),
    status: text('status').notNull().default('completed'),
    paid_at: timestamptz('paid_at').notNull().defaultNow(),
    voided_at: timestamptz('voided_at'),
    void_reason: text('void_reason'),
    created_at: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenant_id, t.id] }),
    unique('tenant_payments_receipt_key').on(t.tenant_id, t.receipt_number),
    // a gateway transaction is applied at most once
    unique('tenant_payments_gateway_txn_key').on(t.tenant_id, t.gateway, t.gateway_transaction_id),
    check('tenant_payments_amount_check', sql`${t.amount} > 0`),
    check('tenant_payments_method_check', sql`${t.method} IN ('cash', 'bank_transfer', 'gateway')`),
    check('tenant_payments_status_check', sql`${t.status} IN ('completed', 'voided')`),
    check('tenant_payments_gateway_check', sql`(${t.method} = 'gateway') = (${t.gateway_transaction_id} IS NOT NULL)`),
    foreignKey({ columns: [t.tenant_id, t.invoice_id], foreignColumns: [tenantInvoices.tenant_id, tenantInvoices.id] }),
    foreignKey({ columns: [t.tenant_id, t.customer_id], foreignColumns: [tenantCustomers.tenant_id, tenantCustomers.id] }),
    index('tenant_payments_customer_idx').on(t.tenant_id, t.customer_id),
    index('tenant_payments_invoice_idx').on(t.tenant_id, t.invoice_id),
    index('tenant_payments_created_at_idx').on(t.tenant_id, t.created_at),
    index('tenant_payments_paid_at_idx').on(t.tenant_id, t.paid_at, t.id),
  ],
);

/** Last invoice number issued per tenant and period ("2026-11"): numbers are gap-free. */
export const tenantInvoiceSequences = pgTable(
  'tenant_invoice_sequences',
  {
    tenant_id: tenantIdColumn(),
    period: text('period').notNull(),
    last_number: integer('last_number').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.tenant_id, t.period] }),
    check('tenant_invoice_sequences_period_check', sql`${t.period} ~ '^[0-9]{4}-[0-9]{2}$'`),
  ],
);

/**
 * A customer's plan changes, for proration: the billing run charges each day of a period
 * at the price of the plan the customer had that day.
 */
export const tenantCustomerPlanChanges = pgTable(
  'tenant_customer_plan_changes',
  {
    tenant_id: tenantIdColumn(),
    id: idColumn(),
    customer_id: uuid('customer_id').notNull(),
    old_plan_id: uuid('old_plan_id').notNull(),
    new_plan_id: uuid('new_plan_id').notNull(),
    old_price: rupiah('old_price').notNull(),
    new_price: rupiah('new_price').notNull(),
    /** first day (tenant calendar) on the new plan */
    effective_on: date('effective_on').notNull(),
    created_at: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.tenant_id, t.id] }),
    foreignKey({ columns: [t.tenant_id, t.customer_id], foreignColumns: [tenantCustomers.tenant_id, tenantCustomers.id] }),
    foreignKey({ columns: [t.tenant_id, t.old_plan_id], foreignColumns: [tenantServicePlans.tenant_id, tenantServicePlans.id] }),
    foreignKey({ columns: [t.tenant_id, t.new_plan_id], foreignColumns: [tenantServicePlans.tenant_id, tenantServicePlans.id] }),
    index('tenant_customer_plan_changes_old_plan_idx').on(t.tenant_id, t.old_plan_id),
    index('tenant_customer_plan_changes_new_plan_idx').on(t.tenant_id, t.new_plan_id),
    index('tenant_customer_plan_changes_customer_idx').on(t.tenant_id, t.customer_id, t.effective_on),
    index('tenant_customer_plan_changes_created_at_idx').on(t.tenant_id, t.created_at),
  ],
);

export const GATEWAY_NOTIFICATION_STATUSES = ['received', 'applied', 'ignored', 'rejected'] as const;

/**
 * Every payment-gateway notification as received (also the ones with a bad signature or
 * for an unknown order): recorded first, applied by the payment_processing job.
 */
export const tenantGatewayNotifications = pgTable(
  'tenant_gateway_notifications',
  {
    tenant_id: tenantIdColumn(),
    id: idColumn(),
    gateway: text('gateway').notNull(),
    transaction_id: text('transaction_id'),
    order_id: text('order_id'),
    transaction_status: text('transaction_status'),
    gross_amount: text('gross_amount'),
    signature_valid: boolean('signature_valid').notNull(),
    payload: jsonb('payload').notNull(),
    status: text('status').notNull().default('received'),
    reason: text('reason'),
    payment_id: uuid('payment_id'),
    created_at: createdAt(),
    processed_at: timestamptz('processed_at'),
  },
  (t) => [
    primaryKey({ columns: [t.tenant_id, t.id] }),
    check('tenant_gateway_notifications_status_check', sql`${t.status} IN ('received', 'applied', 'ignored', 'rejected')`),
    index('tenant_gateway_notifications_txn_idx').on(t.tenant_id, t.gateway, t.transaction_id),
    // Xendit applies a payment once per external_id (the order id)
    index('tenant_gateway_notifications_order_idx').on(t.tenant_id, t.gateway, t.order_id),
    index('tenant_gateway_notifications_status_idx').on(t.tenant_id, t.status),
    index('tenant_gateway_notifications_created_at_idx').on(t.tenant_id, t.created_at),
  ],
);
