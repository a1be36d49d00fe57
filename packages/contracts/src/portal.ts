/**
 * portal: what an ISP's subscriber does at /portal/{isp-slug} — sign in with the customer
 * code or phone number and a one-time code sent by WhatsApp, then see their service,
 * invoices and receipts, pay, follow outages and tickets, and keep their contact details
 * and message preferences. Shapes are the subscriber's view: no staff ids or notes.
 */
import { z } from 'zod';
import { emailSchema } from './auth';
import { invoiceSchema } from './billing';
import { CUSTOMER_STATUSES, phoneSchema } from './customers';
import { OUTAGE_CAUSES, OUTAGE_STATUSES } from './outages';
import { TICKET_CATEGORIES, TICKET_STATUSES } from './tickets';
import { text } from './validation';
import { FIELD_MESSAGES } from './field_messages';

const uuid = z.string().uuid();
export const portalSlug = z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, FIELD_MESSAGES.unknown_isp);
/** the six digits sent by WhatsApp */
export const portalCode = z.string().trim().regex(/^\d{6}$/, FIELD_MESSAGES.otp_code);

export const PORTAL_CODE_PURPOSES = ['sign_in', 'phone_change'] as const;
export type PortalCodePurpose = (typeof PORTAL_CODE_PURPOSES)[number];

export const portalSlugInput = z.strictObject({ slug: portalSlug });

/** The ISP as its subscribers see it on the sign-in page. */
export const portalBrandSchema = z.object({
  slug: z.string(),
  name: z.string(),
  /** the ISP's own logo (tenant_logos, served by /api/v1/admin/logos/{tenant}): null shows its initials */
  logo_url: z.string().nullable(),
  phone: z.string().nullable(),
});
export type PortalBrand = z.infer<typeof portalBrandSchema>;

export const portalSignInStartInput = z.strictObject({
  slug: portalSlug,
  /** the customer code (e.g. SN-0001) or the phone number the ISP has on file */
  identifier: text({ min: 3, max: 40 }),
});
/** Always the same shape, known customer or not (no enumeration): the code goes to the number on file. */
export const portalChallengeSchema = z.object({
  challenge_id: uuid,
  expires_in_seconds: z.number().int(),
});
export type PortalChallenge = z.infer<typeof portalChallengeSchema>;

export const portalSignInVerifyInput = z.strictObject({ slug: portalSlug, challenge_id: uuid, code: portalCode });
export const portalSignedInSchema = z.object({ customer_name: z.string(), expires_at: z.date() });

// ── my service ──
export const portalServiceSchema = z.object({
  code: z.string(),
  name: z.string(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  address: z.string().nullable(),
  status: z.enum(CUSTOMER_STATUSES),
  /** the isolation was asked of the router and not yet confirmed */
  isolir_pending: z.boolean(),
  opt_out_reminders: z.boolean(),
  /** no WhatsApp word when their tickets change (status, staff replies) */
  opt_out_ticket_updates: z.boolean(),
  plan: z.object({ name: z.string(), download_kbps: z.number().int(), upload_kbps: z.number().int(), price: z.number().int() }),
  /** why the service is isolated (the last isolation and its invoice), when it is */
  isolation: z.object({ reason: z.string().nullable(), invoice_id: uuid.nullable(), invoice_number: z.string().nullable(), since: z.date() }).nullable(),
  open_invoices: z.number().int(),
  outstanding: z.number().int(),
  company_name: z.string(),
});
export type PortalService = z.infer<typeof portalServiceSchema>;

// ── invoices and receipts ──
/** what a subscriber sees of an invoice: an allowlist of the operator's view (a field added there stays out of the portal until named here) */
export const portalInvoiceSchema = invoiceSchema.pick({
  id: true,
  number: true,
  period_start: true,
  period_end: true,
  subtotal: true,
  discount: true,
  tax: true,
  total: true,
  paid_amount: true,
  outstanding: true,
  status: true,
  issued_at: true,
  due_date: true,
  paid_at: true,
  lines: true,
  credits: true,
});
export type PortalInvoice = z.infer<typeof portalInvoiceSchema>;

export const portalReceiptSchema = z.object({
  id: uuid,
  invoice_id: uuid,
  invoice_number: z.string(),
  amount: z.number().int(),
  method: z.string(),
  receipt_number: z.string(),
  paid_at: z.date(),
  status: z.enum(['completed', 'voided']),
});
export type PortalReceipt = z.infer<typeof portalReceiptSchema>;

export const portalInvoiceDetailSchema = portalInvoiceSchema.extend({
  customer_code: z.string(),
  customer_name: z.string(),
  company_name: z.string(),
  receipts: z.array(portalReceiptSchema),
});
export type PortalInvoiceDetail = z.infer<typeof portalInvoiceDetailSchema>;

export const portalInvoiceIdInput = z.strictObject({ id: uuid });
export const portalPaymentLinkSchema = z.object({ redirect_url: z.string(), amount: z.number().int() });

// ── outages ──
export const portalOutageSchema = z.object({
  id: uuid,
  title: z.string(),
  cause: z.enum(OUTAGE_CAUSES),
  status: z.enum(OUTAGE_STATUSES),
  area: z.string().nullable(),
  started_at: z.date(),
  expected_restoration_at: z.date().nullable(),
  resolved_at: z.date().nullable(),
});
export type PortalOutage = z.infer<typeof portalOutageSchema>;

// ── tickets ──
export const portalTicketSchema = z.object({
  id: uuid,
  number: z.string(),
  subject: z.string(),
  description: z.string().nullable(),
  category: z.enum(TICKET_CATEGORIES),
  status: z.enum(TICKET_STATUSES),
  outage_title: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
  resolved_at: z.string().nullable(),
});
export type PortalTicket = z.infer<typeof portalTicketSchema>;
export const portalTicketDetailSchema = portalTicketSchema.extend({
  comments: z.array(z.object({ id: uuid, body: z.string(), from_customer: z.boolean(), created_at: z.string() })),
});
export type PortalTicketDetail = z.infer<typeof portalTicketDetailSchema>;

/** Categories a subscriber picks from (relocation and billing included: they are questions too). */
export const portalTicketCreateInput = z.strictObject({
  subject: text({ min: 3, max: 200 }),
  description: text({ max: 4000 }).nullable().optional(),
  category: z.enum(TICKET_CATEGORIES),
});
export type PortalTicketCreateInput = z.infer<typeof portalTicketCreateInput>;
export const portalTicketIdInput = z.strictObject({ id: uuid });
export const portalTicketCommentInput = z.strictObject({ id: uuid, body: text({ min: 1, max: 4000 }) });

// ── contact details and preferences ──
export const portalContactInput = z.strictObject({
  email: emailSchema.nullable(),
  address: text({ max: 300 }).nullable(),
});
export type PortalContactInput = z.infer<typeof portalContactInput>;
/** A new number is confirmed by a code sent to it before it replaces the one on file. */
export const portalPhoneChangeInput = z.strictObject({ phone: phoneSchema });
export const portalPhoneConfirmInput = z.strictObject({ challenge_id: uuid, code: portalCode });
/** Either preference or both; one left out keeps its value. */
export const portalPreferencesInput = z.strictObject({ opt_out_reminders: z.boolean().optional(), opt_out_ticket_updates: z.boolean().optional() });
