/** Tenant administration: settings, users and roles (snake_case on the wire). */
import { z } from 'zod';
import { PERMISSION_LIST, TENANT_ROLES } from './access';
import { emailSchema } from './auth';
import { text } from './validation';

export const settingsSchema = z.object({
  company_name: z.string(),
  company_address: z.string().nullable(),
  company_phone: z.string().nullable(),
  invoice_prefix: z.string(),
  due_days: z.number().int(),
  grace_days: z.number().int(),
  tax_rate_bp: z.number().int(),
  isolir_mode: z.enum(['profile', 'disable']),
  isolir_profile: z.string(),
  wa_sender: z.string().nullable(),
  locale: z.enum(['id', 'en']),
  /** router_sync suspects an outage after a router has been unreachable this many minutes */
  outage_detect_minutes: z.number().int(),
  updated_at: z.date(),
});
export type Settings = z.infer<typeof settingsSchema>;

export const settingsUpdateInput = z
  .strictObject({
    company_name: text({ min: 2, max: 120 }),
    company_address: text({ max: 300 }).nullable(),
    company_phone: text({ max: 30 }).nullable(),
    invoice_prefix: text({ min: 2, max: 8 }).pipe(z.string().regex(/^[A-Z0-9]+$/, 'Use capital letters and digits')),
    due_days: z.number().int().min(0).max(90),
    grace_days: z.number().int().min(0).max(90),
    tax_rate_bp: z.number().int().min(0).max(10_000),
    isolir_mode: z.enum(['profile', 'disable']),
    isolir_profile: text({ min: 1, max: 64 }),
    wa_sender: text({ max: 30 }).nullable(),
    locale: z.enum(['id', 'en']),
    outage_detect_minutes: z.number().int().min(1).max(1440),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, { message: 'Change at least one setting' });

export const tenantUserSchema = z.object({
  user_id: z.string().uuid(),
  email: z.string(),
  name: z.string(),
  role: z.enum(TENANT_ROLES),
  status: z.enum(['active', 'disabled']),
  last_login_at: z.date().nullable(),
  joined_at: z.date(),
});
export type TenantUser = z.infer<typeof tenantUserSchema>;

export const userCreateInput = z.strictObject({
  email: emailSchema,
  name: text({ min: 2, max: 120 }),
  role: z.enum(TENANT_ROLES),
});
export const userCreatedSchema = tenantUserSchema.extend({
  /** set when a new login was created: shown once, to hand over to the person */
  temporary_password: z.string().nullable(),
});

export const userUpdateInput = z.strictObject({
  user_id: z.string().uuid(),
  role: z.enum(TENANT_ROLES).optional(),
  status: z.enum(['active', 'disabled']).optional(),
});

export const roleSchema = z.object({
  role: z.string(),
  permissions: z.array(z.enum(PERMISSION_LIST as [string, ...string[]])),
});
