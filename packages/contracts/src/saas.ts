/** saas: the platform billing its ISPs — SaaS invoices, their lines, payments recorded by platform staff. */
import { z } from 'zod';
import { text } from './validation';

export const SAAS_INVOICE_STATUSES = ['open', 'paid', 'void'] as const;
export type SaasInvoiceStatus = (typeof SAAS_INVOICE_STATUSES)[number];

/** The SaaS invoice state machine: open → paid | void; paid and void are final. */
export const SAAS_INVOICE_TRANSITIONS: Record<SaasInvoiceStatus, readonly SaasInvoiceStatus[]> = {
  open: ['paid', 'void'],
  paid: [],
  void: [],
};
export function canSaasInvoiceTransition(from: SaasInvoiceStatus, to: SaasInvoiceStatus): boolean {
  return SAAS_INVOICE_TRANSITIONS[from].includes(to);
}

export const SAAS_SUBSCRIPTION_STATUSES = ['trialing', 'active', 'past_due', 'canceled'] as const;
export type SaasSubscriptionStatus = (typeof SAAS_SUBSCRIPTION_STATUSES)[number];

export const SAAS_PAYMENT_METHODS = ['bank_transfer', 'cash', 'gateway'] as const;
export type SaasPaymentMethod = (typeof SAAS_PAYMENT_METHODS)[number];

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM');

/**
 * One line of a SaaS invoice, fixed when issued:
 *   plan       the month (or the rest of it, for a subscription started during it) on the current plan
 *   proration  an upgrade during an earlier month: the price difference for the days it was in effect
 *   tax        the platform's tax on the subtotal (basis points)
 */
export const saasInvoiceLineSchema = z.object({
  kind: z.enum(['plan', 'proration', 'tax']),
  description: z.string(),
  plan_code: z.string().nullable(),
  from: z.string().nullable(),
  to: z.string().nullable(),
  days: z.number().int().nullable(),
  period_days: z.number().int().nullable(),
  monthly_price: z.number().int().nullable(),
  amount: z.number().int(),
});
export type SaasInvoiceLine = z.infer<typeof saasInvoiceLineSchema>;

export const saasInvoiceSchema = z.object({
  id: z.string().uuid(),
  tenant_id: z.string().uuid(),
  tenant_name: z.string(),
  tenant_slug: z.string(),
  number: z.string(),
  subscription_id: z.string().uuid(),
  period_start: z.string(),
  period_end: z.string(),
  subtotal: z.number().int(),
  tax: z.number().int(),
  /** subtotal + tax */
  total: z.number().int(),
  status: z.enum(SAAS_INVOICE_STATUSES),
  issued_at: z.date(),
  due_date: z.string(),
  paid_at: z.date().nullable(),
  payment_method: z.enum(SAAS_PAYMENT_METHODS).nullable(),
  payment_reference: z.string().nullable(),
  /** empty for invoices entered before lines were kept: the total is then one plan line */
  lines: z.array(saasInvoiceLineSchema),
});
export type SaasInvoice = z.infer<typeof saasInvoiceSchema>;

/** The ISP's own SaaS invoices (GET /billing/saas-invoices). */
export const saasInvoiceListInput = z.strictObject({
  status: z.enum(SAAS_INVOICE_STATUSES).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});

/** The platform's list across ISPs. */
export const platformSaasInvoiceListInput = z.strictObject({
  status: z.enum(SAAS_INVOICE_STATUSES).optional(),
  tenant_id: z.string().uuid().optional(),
  /** the billed month, YYYY-MM */
  period: month.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(100),
});

export const saasPaymentRecordInput = z.strictObject({
  id: z.string().uuid(),
  method: z.enum(['bank_transfer', 'cash']),
  /** the transfer reference or receipt number */
  reference: text({ min: 1, max: 64 }),
  /** when the money was received (default now) */
  paid_at: z.coerce.date().optional(),
});

export const saasBillingRunInput = z.strictObject({
  /** the moment the run stands for (default now): its month in the platform's timezone is billed */
  at: z.coerce.date().optional(),
});
export const saasBillingRunResultSchema = z.object({
  month: month,
  period_start: day,
  period_end: day,
  created: z.number().int(),
  total: z.number().int(),
});
export type SaasBillingRunResult = z.infer<typeof saasBillingRunResultSchema>;
