/** saas: the platform billing its ISPs — SaaS invoices, their lines, payments recorded by platform staff. */
import { z } from 'zod';
import { FEATURES, PLAN_LIMITS } from './access';
import { text } from './validation';
import { FIELD_MESSAGES } from './field_messages';

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

/** `midtrans`: paid by the ISP through the platform's own Midtrans account (Snap); the others recorded by platform staff */
export const SAAS_PAYMENT_METHODS = ['bank_transfer', 'cash', 'gateway', 'midtrans'] as const;
export type SaasPaymentMethod = (typeof SAAS_PAYMENT_METHODS)[number];

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, FIELD_MESSAGES.day_format);
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, FIELD_MESSAGES.month_format);

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

/** An ISP paying one of its SaaS invoices through the platform's Midtrans account (POST /billing/saas-invoices/{id}/payment-link). */
export const saasPaymentLinkInput = z.strictObject({ id: z.string().uuid() });
export const saasPaymentLinkSchema = z.object({
  gateway: z.literal('midtrans'),
  /** "{invoice number}.{suffix}": a new one for each link */
  order_id: z.string(),
  /** the Snap token */
  token: z.string(),
  /** the Snap payment page to send the payer to */
  redirect_url: z.string(),
  amount: z.number().int(),
});
export type SaasPaymentLink = z.infer<typeof saasPaymentLinkSchema>;

/** The owner ending the trial to pay from today (POST /billing/subscription/start): the subscription and its first invoice. */
export const subscriptionStartSchema = z.object({
  subscription_status: z.enum(SAAS_SUBSCRIPTION_STATUSES),
  paying_from: day,
  invoice: saasInvoiceSchema,
});
export type SubscriptionStart = z.infer<typeof subscriptionStartSchema>;

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

// ── plans, subscriptions and the platform's tenant list ─────────────────────────
export const saasPlanSchema = z.object({
  id: z.string().uuid(),
  code: z.string(),
  name: z.string(),
  price_monthly: z.number().int(),
  max_routers: z.number().int(),
  max_customers: z.number().int(),
  max_users: z.number().int(),
  max_wa_messages_month: z.number().int(),
  features: z.array(z.string()),
  is_active: z.boolean(),
  /** ISPs whose current subscription is on it */
  subscribers: z.number().int(),
});
export type SaasPlan = z.infer<typeof saasPlanSchema>;

const limit = z.coerce.number().int().min(0).max(10_000_000);
export const saasPlanCreateInput = z.strictObject({
  code: z.string().regex(/^[a-z][a-z0-9_-]{1,31}$/, FIELD_MESSAGES.plan_code),
  name: text({ min: 2, max: 60 }),
  price_monthly: z.coerce.number().int().min(0).max(1_000_000_000),
  max_routers: limit,
  max_customers: limit,
  max_users: limit,
  max_wa_messages_month: limit,
  features: z.array(z.enum(FEATURES)).max(FEATURES.length),
  is_active: z.boolean().default(true),
});
export const saasPlanUpdateInput = saasPlanCreateInput.omit({ code: true }).partial().extend({ id: z.string().uuid() }).strict();

export const SAAS_TENANT_STATUSES = ['active', 'suspended', 'terminated'] as const;

export const tenantUsageSchema = z.object({ routers: z.number().int(), customers: z.number().int(), users: z.number().int(), wa_messages_month: z.number().int() });
export type TenantUsage = z.infer<typeof tenantUsageSchema>;
export const tenantLimitsSchema = z.object(Object.fromEntries(PLAN_LIMITS.map((l) => [l, z.number().int()])) as Record<(typeof PLAN_LIMITS)[number], z.ZodNumber>);

export const planChangeSchema = z.object({
  id: z.string().uuid(),
  kind: z.enum(['upgrade', 'downgrade']),
  status: z.enum(['applied', 'scheduled', 'canceled']),
  old_plan_code: z.string(),
  new_plan_code: z.string(),
  effective_on: z.string(),
  reason: z.string().nullable(),
  created_at: z.date(),
});
export type PlanChange = z.infer<typeof planChangeSchema>;

export const platformTenantSchema = z.object({
  id: z.string().uuid(),
  slug: z.string(),
  name: z.string(),
  status: z.enum(SAAS_TENANT_STATUSES),
  created_at: z.date(),
  subscription_status: z.enum(SAAS_SUBSCRIPTION_STATUSES).nullable(),
  plan_id: z.string().uuid().nullable(),
  plan_code: z.string().nullable(),
  plan_name: z.string().nullable(),
  /** monthly recurring revenue: the current plan's price while the subscription is active or past due */
  mrr: z.number().int(),
  usage: tenantUsageSchema,
  limits: tenantLimitsSchema,
  open_invoices: z.number().int(),
  /** the ISP's most recently paid SaaS invoice (how: recorded by staff, or online through Midtrans) */
  last_payment: z.object({ number: z.string(), paid_at: z.date(), payment_method: z.enum(SAAS_PAYMENT_METHODS).nullable() }).nullable(),
  last_activity_at: z.date().nullable(),
  scheduled_change: planChangeSchema.nullable(),
});
export type PlatformTenant = z.infer<typeof platformTenantSchema>;

export const platformTenantIdInput = z.strictObject({ id: z.string().uuid() });
export const planChangeInput = z.strictObject({ id: z.string().uuid(), plan_id: z.string().uuid(), reason: text({ min: 3, max: 300 }).optional() });
export const planChangeResultSchema = z.object({ change: planChangeSchema, tenant: platformTenantSchema });
export const tenantStatusInput = z.strictObject({ id: z.string().uuid(), reason: text({ min: 3, max: 300 }) });
export const featureOverrideInput = z.strictObject({
  id: z.string().uuid(),
  feature: z.enum(FEATURES),
  /** true: on whatever the plan says; false: off; null: back to the plan */
  enabled: z.boolean().nullable(),
  reason: text({ min: 3, max: 300 }),
});
export const featureOverrideSchema = z.object({ feature: z.string(), enabled: z.boolean(), reason: z.string().nullable(), updated_at: z.date() });
export const platformTenantDetailSchema = platformTenantSchema.extend({
  features: z.array(z.string()),
  overrides: z.array(featureOverrideSchema),
  changes: z.array(planChangeSchema),
  /** the end of the ISP's support access grant in effect, or null: without one platform staff cannot read its data */
  support_access_until: z.date().nullable(),
});
export type PlatformTenantDetail = z.infer<typeof platformTenantDetailSchema>;

/** The ISP's own plan, limits and usage (its billing page). */
export const subscriptionSummarySchema = z.object({
  plan_code: z.string().nullable(),
  plan_name: z.string().nullable(),
  price_monthly: z.number().int(),
  subscription_status: z.enum(SAAS_SUBSCRIPTION_STATUSES).nullable(),
  current_period_end: z.string().nullable(),
  usage: tenantUsageSchema,
  limits: tenantLimitsSchema,
  scheduled_change: planChangeSchema.nullable(),
});
export type SubscriptionSummary = z.infer<typeof subscriptionSummarySchema>;

/** The platform's revenue, month by month (platform timezone). */
export const platformRevenueInput = z.strictObject({ months: z.coerce.number().int().min(2).max(36).default(12) });
export const revenueMonthSchema = z.object({
  month: z.string().regex(/^\d{4}-\d{2}$/),
  mrr: z.number().int(),
  paying_isps: z.number().int(),
  arpu: z.number().int(),
  new_isps: z.number().int(),
  churned_isps: z.number().int(),
  churn_rate: z.number().nullable(),
});
export type RevenueMonth = z.infer<typeof revenueMonthSchema>;
export const platformRevenueSchema = z.object({
  /** the live subscriptions, now */
  current: revenueMonthSchema,
  /** oldest first; the last is `current` */
  months: z.array(revenueMonthSchema),
});
export type PlatformRevenue = z.infer<typeof platformRevenueSchema>;
