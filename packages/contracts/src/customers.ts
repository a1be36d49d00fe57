/** customers: service plans and subscribers, their lifecycle, search, import. */
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { z } from 'zod';
import { CUSTOMER_SORTS, CUSTOMER_STATUSES } from './constants';
import { latLngSchema } from './network';
import { emailSchema } from './auth';
import { text } from './validation';
import { FIELD_MESSAGES } from './field_messages';

export { CUSTOMER_SORTS, CUSTOMER_STATUSES };
export type CustomerStatus = (typeof CUSTOMER_STATUSES)[number];

/**
 * Status changes staff may make by hand. Isolation and restore (active ⇄ isolated) are
 * the isolir module's (they change the router); terminated is final.
 */
export const CUSTOMER_TRANSITIONS: Record<CustomerStatus, readonly CustomerStatus[]> = {
  active: ['suspended', 'terminated'],
  suspended: ['active', 'terminated'],
  isolated: ['terminated'],
  terminated: [],
};

export function canTransition(from: CustomerStatus, to: CustomerStatus): boolean {
  return CUSTOMER_TRANSITIONS[from].includes(to);
}

/**
 * Indonesian mobile (WhatsApp) number → E.164 +62…; accepts 08…, 628…, +628…, spaces,
 * dashes and brackets. Parsed and validated by libphonenumber-js (the number must be a
 * valid Indonesian number); WhatsApp needs a mobile, so the national number starts with 8.
 */
export function normalizePhone(value: string): string | null {
  return normalizeIndonesianPhone(value, { mobileOnly: true });
}

/**
 * An Indonesian number as E.164, or null: valid for Indonesia by libphonenumber; with
 * `mobileOnly`, a mobile (08…) one — what subscribers are messaged at. A WhatsApp
 * Business sender may also be a fixed line (021 555 1234).
 */
export function normalizeIndonesianPhone(value: string, { mobileOnly }: { mobileOnly: boolean }): string | null {
  const cleaned = value.replace(/[\s\-().]/g, '');
  if (!/^\+?\d{6,16}$/.test(cleaned)) return null;
  // 628… without the plus is the international form written without it
  const input = /^62\d/.test(cleaned) ? `+${cleaned}` : cleaned;
  const parsed = parsePhoneNumberFromString(input, 'ID');
  if (!parsed || parsed.country !== 'ID' || !parsed.isValid()) return null;
  if (mobileOnly && !parsed.nationalNumber.startsWith('8')) return null;
  return parsed.number;
}

export const phoneSchema = z
  .string()
  .max(30)
  .transform((v, ctx) => {
    const phone = normalizePhone(v);
    if (!phone) {
      ctx.addIssue({ code: 'custom', message: FIELD_MESSAGES.mobile_phone });
      return z.NEVER;
    }
    return phone;
  });

/** A WhatsApp Business sender number: mobile or fixed line, as E.164. */
export const senderPhoneSchema = z
  .string()
  .max(30)
  .transform((v, ctx) => {
    const phone = normalizeIndonesianPhone(v, { mobileOnly: false });
    if (!phone) {
      ctx.addIssue({ code: 'custom', message: FIELD_MESSAGES.phone });
      return z.NEVER;
    }
    return phone;
  });

export const nationalIdSchema = z.string().trim().regex(/^\d{16}$/, FIELD_MESSAGES.national_id);
export const pppoeUsernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._@-]{2,31}$/, '3–32 characters: letters, digits, dot, dash, underscore, @');
export const customerCodeSchema = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9][A-Z0-9-]{1,19}$/, '2–20 characters: letters, digits and dashes');

// ── service plans ──
export const servicePlanSchema = z.object({
  id: z.string().uuid(),
  name: z.string(),
  download_kbps: z.number().int(),
  upload_kbps: z.number().int(),
  price: z.number().int(),
  router_profile: z.string(),
  is_active: z.boolean(),
  customer_count: z.number().int(),
  created_at: z.date(),
});
export type ServicePlan = z.infer<typeof servicePlanSchema>;

const routerProfileSchema = text({ min: 1, max: 64 }).pipe(z.string().regex(/^[A-Za-z0-9._-]+$/, FIELD_MESSAGES.router_profile));
export const servicePlanCreateInput = z.strictObject({
  name: text({ min: 2, max: 64 }),
  download_kbps: z.number().int().min(64).max(10_000_000),
  upload_kbps: z.number().int().min(64).max(10_000_000),
  price: z.number().int().min(0).max(100_000_000),
  router_profile: routerProfileSchema,
  is_active: z.boolean().default(true),
});
export const servicePlanUpdateInput = servicePlanCreateInput.partial().extend({ id: z.string().uuid() });

/** The RouterOS rate-limit string of a plan ("rx/tx" from the router's side: upload/download). */
export function planRateLimit(plan: { download_kbps: number; upload_kbps: number }): string {
  return `${plan.upload_kbps}k/${plan.download_kbps}k`;
}

// ── customers ──
export const customerSchema = z.object({
  id: z.string().uuid(),
  code: z.string(),
  name: z.string(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  address: z.string().nullable(),
  national_id: z.string().nullable(),
  /** true when phone, e-mail, address and national id are masked (no customers.pii.read) */
  pii_masked: z.boolean(),
  location: latLngSchema.nullable(),
  plan_id: z.string().uuid(),
  plan_name: z.string(),
  router_id: z.string().uuid().nullable(),
  router_name: z.string().nullable(),
  odp_id: z.string().uuid().nullable(),
  odp_name: z.string().nullable(),
  pppoe_username: z.string(),
  billing_day: z.number().int(),
  status: z.enum(CUSTOMER_STATUSES),
  isolir_pending: z.boolean(),
  created_at: z.date(),
  updated_at: z.date(),
  activated_at: z.date().nullable(),
  terminated_at: z.date().nullable(),
  anonymized_at: z.date().nullable(),
});
export type Customer = z.infer<typeof customerSchema>;

export const customerListInput = z.strictObject({
  /** name, code, phone (08… or +62…) or PPPoE username; at least 3 characters */
  q: text({ max: 64 })
    .pipe(z.string().refine((v) => v.length === 0 || v.length >= 3, FIELD_MESSAGES.search_min))
    .optional(),
  status: z.enum(CUSTOMER_STATUSES).optional(),
  plan_id: z.string().uuid().optional(),
  router_id: z.string().uuid().optional(),
  odp_id: z.string().uuid().optional(),
  sort: z.enum(CUSTOMER_SORTS).default('name'),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  /** next_cursor of the previous page */
  cursor: z.string().max(512).optional(),
});
export type CustomerListInput = z.input<typeof customerListInput>;
export const customerPageSchema = z.object({ items: z.array(customerSchema), next_cursor: z.string().nullable() });
export type CustomerPage = z.infer<typeof customerPageSchema>;

const customerFields = {
  code: customerCodeSchema,
  name: text({ min: 2, max: 120 }),
  phone: phoneSchema,
  email: emailSchema.nullable(),
  address: text({ max: 300 }).nullable(),
  national_id: nationalIdSchema.nullable(),
  location: latLngSchema.nullable(),
  plan_id: z.string().uuid(),
  router_id: z.string().uuid().nullable(),
  odp_id: z.string().uuid().nullable(),
  pppoe_username: pppoeUsernameSchema,
  billing_day: z.number().int().min(1).max(28),
};

export const customerCreateInput = z.strictObject({
  ...customerFields,
  /** generated from the tenant's invoice prefix when left out */
  code: customerFields.code.optional(),
  /** generated from the name when left out */
  pppoe_username: customerFields.pppoe_username.optional(),
  email: customerFields.email.optional(),
  address: customerFields.address.optional(),
  national_id: customerFields.national_id.optional(),
  location: customerFields.location.optional(),
  router_id: customerFields.router_id.optional(),
  odp_id: customerFields.odp_id.optional(),
  billing_day: customerFields.billing_day.optional(),
});
export type CustomerCreateInput = z.input<typeof customerCreateInput>;

export const customerUpdateInput = z
  .strictObject({
    id: z.string().uuid(),
    name: customerFields.name.optional(),
    phone: customerFields.phone.optional(),
    email: customerFields.email.optional(),
    address: customerFields.address.optional(),
    national_id: customerFields.national_id.optional(),
    location: customerFields.location.optional(),
    plan_id: customerFields.plan_id.optional(),
    router_id: customerFields.router_id.optional(),
    odp_id: customerFields.odp_id.optional(),
    billing_day: customerFields.billing_day.optional(),
  })
  .refine((v) => Object.keys(v).length > 1, { message: FIELD_MESSAGES.change_one_field });

export const customerStatusInput = z.strictObject({
  id: z.string().uuid(),
  status: z.enum(CUSTOMER_STATUSES),
  reason: text({ min: 3, max: 300 }),
});
export const customerAnonymizeInput = z.strictObject({ id: z.string().uuid(), reason: text({ min: 3, max: 300 }) });
export const customerPasswordSchema = z.object({ pppoe_username: z.string(), pppoe_password: z.string() });

// ── CSV import ──
/** Columns of the import file (header row required; order free). */
export const IMPORT_COLUMNS = [
  'code',
  'name',
  'phone',
  'email',
  'address',
  'national_id',
  'plan',
  'router',
  'odp',
  'pppoe_username',
  'billing_day',
  'lat',
  'lng',
] as const;
export const IMPORT_REQUIRED_COLUMNS = ['name', 'phone', 'plan'] as const;
export const IMPORT_MAX_ROWS = 5_000;
export const IMPORT_MAX_BYTES = 2_000_000;

export const importFileInput = z.strictObject({
  file_name: text({ min: 1, max: 200 }),
  csv: z.string().min(1, FIELD_MESSAGES.file_empty).max(IMPORT_MAX_BYTES, FIELD_MESSAGES.file_too_large),
});
export const importRowErrorSchema = z.object({ row: z.number().int(), field: z.string(), message: z.string() });
export const importReportSchema = z.object({
  total_rows: z.number().int(),
  valid_rows: z.number().int(),
  errors: z.array(importRowErrorSchema),
  /** the first valid rows as they would be created */
  preview: z.array(z.object({ row: z.number().int(), code: z.string(), name: z.string(), plan: z.string(), pppoe_username: z.string() })),
});
export type ImportReport = z.infer<typeof importReportSchema>;

export const IMPORT_STATUSES = ['queued', 'running', 'completed', 'failed'] as const;
export const customerImportSchema = z.object({
  id: z.string().uuid(),
  file_name: z.string(),
  status: z.enum(IMPORT_STATUSES),
  total_rows: z.number().int(),
  processed_rows: z.number().int(),
  created_count: z.number().int(),
  error: z.string().nullable(),
  created_at: z.date(),
  started_at: z.date().nullable(),
  finished_at: z.date().nullable(),
});
export type CustomerImport = z.infer<typeof customerImportSchema>;
