/** billing: invoices, payments, arrears, the payment gateway, isolir. */
import { z } from 'zod';
import { text } from './validation';
import { FIELD_MESSAGES } from './field_messages';
import { INVOICE_STATUSES } from './constants';

export { INVOICE_STATUSES };
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];
/** open = still owed */
export const OPEN_INVOICE_STATUSES = ['unpaid', 'overdue'] as const;

/** The invoice state machine: unpaid → paid | overdue | void; overdue → paid | void; paid and void are final. */
export const INVOICE_TRANSITIONS: Record<InvoiceStatus, readonly InvoiceStatus[]> = {
  unpaid: ['paid', 'overdue', 'void'],
  overdue: ['paid', 'void'],
  paid: [],
  void: [],
};
export function canInvoiceTransition(from: InvoiceStatus, to: InvoiceStatus): boolean {
  return INVOICE_TRANSITIONS[from].includes(to);
}
/**
 * The one way back, part of the same machine: voiding a payment of a paid invoice reopens
 * it (to unpaid or overdue, by its due date). Nothing else leaves paid; void stays final.
 */
export const INVOICE_REVERSALS: Readonly<Partial<Record<InvoiceStatus, readonly InvoiceStatus[]>>> = { paid: OPEN_INVOICE_STATUSES };

export const PAYMENT_METHODS = ['cash', 'bank_transfer', 'gateway'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, FIELD_MESSAGES.day_format);

/**
 * One line of an invoice, fixed when it is issued: a stretch of the period on one plan
 * (new customers from their activation day; a plan change splits the period). amount =
 * monthly_price × days / period_days, rounded to the rupiah; the lines add up to the subtotal.
 */
export const invoiceLineSchema = z.object({
  plan_id: z.string().uuid(),
  plan_name: z.string(),
  from: z.string(),
  to: z.string(),
  days: z.number().int(),
  period_days: z.number().int(),
  monthly_price: z.number().int(),
  amount: z.number().int(),
});
export type InvoiceLine = z.infer<typeof invoiceLineSchema>;

/**
 * A credit for a long outage (the ISP's outage credit, optional): the hours the customer
 * was without service beyond the ISP's threshold, prorated on the monthly plan price and
 * taken off this invoice once. Overlapping outages are one stretch (`outage_ids`, `title`
 * of each). Part of the invoice's discount; amount never more than what was left to pay.
 */
export const invoiceCreditSchema = z.object({
  kind: z.literal('outage'),
  outage_ids: z.array(z.string().uuid()),
  title: z.string(),
  /** minutes credited (beyond the threshold) */
  minutes: z.number().int(),
  amount: z.number().int(),
});
export type InvoiceCredit = z.infer<typeof invoiceCreditSchema>;

export const invoiceSchema = z.object({
  id: z.string().uuid(),
  number: z.string(),
  customer_id: z.string().uuid(),
  customer_code: z.string(),
  customer_name: z.string(),
  period_start: z.string(),
  period_end: z.string(),
  subtotal: z.number().int(),
  discount: z.number().int(),
  tax: z.number().int(),
  total: z.number().int(),
  paid_amount: z.number().int(),
  outstanding: z.number().int(),
  status: z.enum(INVOICE_STATUSES),
  issued_at: z.date(),
  due_date: z.string(),
  paid_at: z.date().nullable(),
  voided_at: z.date().nullable(),
  void_reason: z.string().nullable(),
  /** empty for invoices entered before lines were kept: the subtotal is then one service line */
  lines: z.array(invoiceLineSchema),
  /** outage credits in `discount` (the rest of it is the customer's monthly discount) */
  credits: z.array(invoiceCreditSchema),
});
export type Invoice = z.infer<typeof invoiceSchema>;

export const invoiceListInput = z.strictObject({
  status: z.enum(INVOICE_STATUSES).optional(),
  customer_id: z.string().uuid().optional(),
  /**
   * billing month "YYYY-MM": invoices issued for that month, i.e. whose billing day (the day
   * after the period, in arrears) falls in it — the month in the invoice number
   */
  period: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, FIELD_MESSAGES.month_format).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(512).optional(),
});
export const invoicePageSchema = z.object({ items: z.array(invoiceSchema), next_cursor: z.string().nullable() });

export const invoiceVoidInput = z.strictObject({ id: z.string().uuid(), reason: text({ min: 3, max: 300 }) });

export const paymentSchema = z.object({
  id: z.string().uuid(),
  invoice_id: z.string().uuid(),
  invoice_number: z.string(),
  customer_id: z.string().uuid(),
  customer_name: z.string(),
  amount: z.number().int(),
  method: z.enum(PAYMENT_METHODS),
  gateway: z.string().nullable(),
  gateway_transaction_id: z.string().nullable(),
  receipt_number: z.string(),
  collected_by: z.string().uuid().nullable(),
  status: z.enum(['completed', 'voided']),
  paid_at: z.date(),
  voided_at: z.date().nullable(),
  void_reason: z.string().nullable(),
});
export type Payment = z.infer<typeof paymentSchema>;
export const paymentPageSchema = z.object({ items: z.array(paymentSchema), next_cursor: z.string().nullable() });

export const paymentRecordInput = z.strictObject({
  invoice_id: z.string().uuid(),
  amount: z.number().int().positive().max(1_000_000_000),
  method: z.enum(['cash', 'bank_transfer']),
  /** the receipt (kuitansi) or transfer reference; generated when left out */
  receipt_number: text({ min: 1, max: 64 }).optional(),
  /** when the money was received (default now) */
  paid_at: z.coerce.date().optional(),
});
export const paymentVoidInput = z.strictObject({ id: z.string().uuid(), reason: text({ min: 3, max: 300 }) });
export const paymentListInput = z.strictObject({
  customer_id: z.string().uuid().optional(),
  invoice_id: z.string().uuid().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** next_cursor of the previous page (newest first) */
  cursor: z.string().max(512).optional(),
});

export const arrearsSchema = z.object({
  customer_id: z.string().uuid(),
  customer_code: z.string(),
  customer_name: z.string(),
  customer_status: z.string(),
  isolir_pending: z.boolean(),
  open_invoices: z.number().int(),
  outstanding: z.number().int(),
  oldest_due_date: z.string(),
  days_overdue: z.number().int(),
});
export type Arrears = z.infer<typeof arrearsSchema>;

export const billingRunInput = z.strictObject({ day: day.optional() });
export const billingRunResultSchema = z.object({ day: day, created: z.number().int(), period_start: z.string(), period_end: z.string() });

// ── isolir ──
export const ISOLATION_ACTIONS = ['isolate', 'restore'] as const;
export const isolationEventSchema = z.object({
  id: z.string().uuid(),
  customer_id: z.string().uuid(),
  customer_code: z.string(),
  customer_name: z.string(),
  invoice_id: z.string().uuid().nullable(),
  router_id: z.string().uuid().nullable(),
  action: z.enum(ISOLATION_ACTIONS),
  trigger: z.enum(['auto', 'manual', 'payment']),
  reason: z.string().nullable(),
  status: z.enum(['pending', 'applied', 'failed']),
  error: z.string().nullable(),
  created_at: z.date(),
  applied_at: z.date().nullable(),
});
export type IsolationEvent = z.infer<typeof isolationEventSchema>;
export const isolationListInput = z.strictObject({
  status: z.enum(['pending', 'applied', 'failed']).optional(),
  customer_id: z.string().uuid().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(100),
});
export const isolirActionInput = z.strictObject({
  customer_id: z.string().uuid(),
  action: z.enum(ISOLATION_ACTIONS),
  reason: text({ min: 3, max: 300 }),
});

// ── dashboard ──
export const billingSummarySchema = z.object({
  month: z.string(),
  revenue: z.number().int(),
  invoiced: z.number().int(),
  collection_rate: z.number(),
  overdue_count: z.number().int(),
  overdue_amount: z.number().int(),
  isolated_count: z.number().int(),
  isolir_pending_count: z.number().int(),
  revenue_by_day: z.array(z.object({ day: z.string(), amount: z.number().int() })),
});
export type BillingSummary = z.infer<typeof billingSummarySchema>;

/** The payment gateways an ISP can take online payments through. */
export const PAYMENT_GATEWAYS = ['midtrans', 'xendit'] as const;
export type PaymentGatewayName = (typeof PAYMENT_GATEWAYS)[number];

/** Which gateway makes the ISP's payment links, which have keys (never the keys), and where each gateway must send its notifications. */
export const paymentGatewayStatusSchema = z.object({
  gateway: z.enum(PAYMENT_GATEWAYS),
  midtrans: z.object({ configured: z.boolean(), production: z.boolean() }),
  xendit: z.object({ configured: z.boolean() }),
  callback_urls: z.object({ midtrans: z.string(), xendit: z.string() }),
});
export type PaymentGatewayStatusOutput = z.infer<typeof paymentGatewayStatusSchema>;

export const paymentGatewaySelectInput = z.strictObject({ gateway: z.enum(PAYMENT_GATEWAYS) });
export const midtransKeyInput = z.strictObject({ server_key: text({ min: 10, max: 200 }), production: z.boolean().default(false) });
/** Xendit dashboard → Settings → API keys (secret key) and → Callbacks (verification token). */
export const xenditKeysInput = z.strictObject({ secret_key: text({ min: 10, max: 200 }), callback_token: text({ min: 10, max: 200 }) });

export const paymentLinkSchema = z.object({
  gateway: z.enum(PAYMENT_GATEWAYS),
  order_id: z.string(),
  /** Midtrans's Snap token, or Xendit's invoice id */
  token: z.string(),
  redirect_url: z.string(),
  amount: z.number().int(),
});
export type PaymentLinkOutput = z.infer<typeof paymentLinkSchema>;
