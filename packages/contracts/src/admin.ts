/** Tenant administration: settings, users and roles (snake_case on the wire). */
import { z } from 'zod';
import { CUSTOM_ROLE_TEMPLATES, PERMISSION_LIST, TENANT_PERMISSIONS, TENANT_ROLES, customRolePermissionProblem } from './access';
import { emailSchema } from './auth';
import { text } from './validation';
import { FIELD_MESSAGES } from './field_messages';

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
  /** credit long outages on the next invoice: hours beyond the threshold, prorated on the plan price */
  outage_credit_enabled: z.boolean(),
  outage_credit_threshold_hours: z.number().int(),
  updated_at: z.date(),
});
export type Settings = z.infer<typeof settingsSchema>;

export const settingsUpdateInput = z
  .strictObject({
    company_name: text({ min: 2, max: 120 }),
    company_address: text({ max: 300 }).nullable(),
    company_phone: text({ max: 30 }).nullable(),
    invoice_prefix: text({ min: 2, max: 8 }).pipe(z.string().regex(/^[A-Z0-9]+$/, FIELD_MESSAGES.capitals_digits)),
    due_days: z.number().int().min(0).max(90),
    grace_days: z.number().int().min(0).max(90),
    tax_rate_bp: z.number().int().min(0).max(10_000),
    isolir_mode: z.enum(['profile', 'disable']),
    isolir_profile: text({ min: 1, max: 64 }),
    wa_sender: text({ max: 30 }).nullable(),
    locale: z.enum(['id', 'en']),
    outage_detect_minutes: z.number().int().min(1).max(1440),
    outage_credit_enabled: z.boolean(),
    outage_credit_threshold_hours: z.number().int().min(1).max(720),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, { message: FIELD_MESSAGES.change_one_setting });

export const tenantUserSchema = z.object({
  user_id: z.string().uuid(),
  email: z.string(),
  name: z.string(),
  role: z.enum(TENANT_ROLES),
  /** the ISP's own role the member holds (its permissions instead of the built-in role's), if any */
  custom_role_id: z.string().uuid().nullable(),
  custom_role_name: z.string().nullable(),
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

export const userUpdateInput = z
  .strictObject({
    user_id: z.string().uuid(),
    /** a built-in role; the member's custom role, if any, is taken away */
    role: z.enum(TENANT_ROLES).optional(),
    /** one of the ISP's own roles (the member's built-in role becomes its template); null takes it away */
    custom_role_id: z.string().uuid().nullable().optional(),
    status: z.enum(['active', 'disabled']).optional(),
  })
  .refine((v) => !(v.role !== undefined && v.custom_role_id), { message: FIELD_MESSAGES.role_choice, path: ['custom_role_id'] });

export const roleSchema = z.object({
  role: z.string(),
  permissions: z.array(z.enum(PERMISSION_LIST as [string, ...string[]])),
});

// ── custom roles (issue #17): an ISP's own roles from the permission catalogue ─────────
/**
 * A custom role's permissions: each from the catalogue, never a platform one (400 with the
 * offending entry's index as the field, e.g. `permissions.2`), without repeats.
 */
export const customRolePermissions = z
  .array(z.string().max(80))
  .min(1, FIELD_MESSAGES.grant_permission)
  .max(TENANT_PERMISSIONS.length)
  .superRefine((permissions, ctx) => {
    permissions.forEach((permission, i) => {
      const problem = customRolePermissionProblem(permission);
      if (problem === 'unknown') ctx.addIssue({ code: 'custom', path: [i], message: FIELD_MESSAGES.unknown_permission });
      if (problem === 'platform') ctx.addIssue({ code: 'custom', path: [i], message: FIELD_MESSAGES.platform_permission });
      if (permissions.indexOf(permission) !== i) ctx.addIssue({ code: 'custom', path: [i], message: FIELD_MESSAGES.listed_twice });
    });
  });

export const customRoleSchema = z.object({
  id: z.string().uuid(),
  name: z.string(),
  description: z.string().nullable(),
  /** the built-in role it was made from, which its members keep as their built-in role */
  base_role: z.enum(CUSTOM_ROLE_TEMPLATES),
  permissions: z.array(z.string()),
  /** members holding it (it cannot be deleted while any do) */
  members: z.number().int(),
  created_at: z.date(),
  updated_at: z.date(),
});
export type CustomRole = z.infer<typeof customRoleSchema>;

export const customRoleCreateInput = z.strictObject({
  name: text({ min: 2, max: 60 }),
  description: text({ max: 300 }).nullable().optional(),
  /** the template: its permissions unless `permissions` is given */
  base_role: z.enum(CUSTOM_ROLE_TEMPLATES),
  permissions: customRolePermissions.optional(),
});
export const customRoleUpdateInput = z
  .strictObject({
    id: z.string().uuid(),
    name: text({ min: 2, max: 60 }).optional(),
    description: text({ max: 300 }).nullable().optional(),
    permissions: customRolePermissions.optional(),
  })
  .refine((v) => v.name !== undefined || v.description !== undefined || v.permissions !== undefined, { message: FIELD_MESSAGES.change_one_field });
export const customRoleIdInput = z.strictObject({ id: z.string().uuid() });

// ── the audit trail, readable (spec §9: access role-based; admin.audit.read) ──────────
export const AUDIT_CATEGORIES = ['data', 'auth', 'admin'] as const;
export type AuditCategory = (typeof AUDIT_CATEGORIES)[number];
export const AUDIT_BREAK_REASONS = ['content', 'link', 'tail'] as const;
/** the most rows one CSV export carries; past it the file says it was cut (`truncated`) */
export const AUDIT_EXPORT_MAX_ROWS = 10_000;

/** A day of the trail's calendar (Postgres has no year 0: a date the schema lets through must not become a 500). */
const auditDay = z.iso.date().refine((d) => d >= '1970-01-01', FIELD_MESSAGES.from_1970);

/** Filters shared by the list, the verification and the export: days of the ISP's calendar, `to` included. */
const auditFilterShape = {
  actor_user_id: z.uuid().optional(),
  category: z.enum(AUDIT_CATEGORIES).optional(),
  table_name: z.string().regex(/^[a-z][a-z0-9_]{0,62}$/, FIELD_MESSAGES.table_name).optional(),
  action: text({ min: 1, max: 100 }).optional(),
  row_id: text({ min: 1, max: 200 }).optional(),
  from: auditDay.optional(),
  to: auditDay.optional(),
};

function fromBeforeTo(v: { from?: string | undefined; to?: string | undefined }, ctx: z.RefinementCtx): void {
  if (v.from && v.to && v.to < v.from) ctx.addIssue({ code: 'custom', path: ['to'], message: FIELD_MESSAGES.not_before_from });
}

const auditPageShape = {
  ...auditFilterShape,
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
};
export const auditListInput = z.strictObject(auditPageShape).superRefine(fromBeforeTo);
export type AuditListInput = z.input<typeof auditListInput>;

export const auditExportInput = z.strictObject(auditFilterShape).superRefine(fromBeforeTo);
export type AuditExportInput = z.input<typeof auditExportInput>;

export const auditVerifyInput = z.strictObject({ from: auditDay.optional(), to: auditDay.optional() }).superRefine(fromBeforeTo);
export type AuditVerifyInput = z.input<typeof auditVerifyInput>;

export const auditEventSchema = z.object({
  id: z.string(),
  /** ISO 8601, UTC */
  occurred_at: z.string(),
  category: z.enum(AUDIT_CATEGORIES),
  /** INSERT / UPDATE / DELETE for data changes; the event's name (auth.login_succeeded, invoice.voided…) otherwise */
  action: z.string(),
  table_name: z.string().nullable(),
  row_id: z.string().nullable(),
  actor_user_id: z.string().nullable(),
  actor_name: z.string().nullable(),
  actor_email: z.string().nullable(),
  request_id: z.string().nullable(),
  old_values: z.record(z.string(), z.unknown()).nullable(),
  new_values: z.record(z.string(), z.unknown()).nullable(),
  /** the keys whose values differ between old and new (an UPDATE's change) */
  changed_keys: z.array(z.string()),
});
export type AuditEvent = z.infer<typeof auditEventSchema>;

export const auditPageSchema = z.object({
  items: z.array(auditEventSchema),
  next_cursor: z.string().nullable(),
  /** true when personal data in the values is masked (no customers.pii.read) */
  pii_masked: z.boolean(),
});
export type AuditPage = z.infer<typeof auditPageSchema>;

export const auditVerifyResultSchema = z.object({
  ok: z.boolean(),
  /** rows checked, up to and including the first broken one */
  checked: z.number().int(),
  first_broken_id: z.string().nullable(),
  /** why the first broken row does not verify, in words */
  reason: z.string().nullable(),
  /** the same as a code: its hash (`content`), its link to the row before (`link`), rows missing after it (`tail`) */
  reason_code: z.enum(AUDIT_BREAK_REASONS).nullable(),
  from: z.iso.date().nullable(),
  to: z.iso.date().nullable(),
});
export type AuditVerifyResult = z.infer<typeof auditVerifyResultSchema>;

export const auditExportSchema = z.object({
  file_name: z.string(),
  content_type: z.literal('text/csv; charset=utf-8'),
  rows: z.number().int(),
  /** more events matched than AUDIT_EXPORT_MAX_ROWS: the file holds the newest of them */
  truncated: z.boolean(),
  csv: z.string(),
});
export type AuditExport = z.infer<typeof auditExportSchema>;

/** Support access: the ISP lets RRNet's staff see its data for a limited time. */
export const SUPPORT_GRANT_MAX_HOURS = 168;
export const SUPPORT_GRANT_STATES = ['active', 'expired', 'revoked'] as const;
export type SupportGrantState = (typeof SUPPORT_GRANT_STATES)[number];
export const supportGrantInput = z.strictObject({
  hours: z.number().int().min(1).max(SUPPORT_GRANT_MAX_HOURS),
  reason: text({ min: 5, max: 300 }),
});
export const supportGrantIdInput = z.strictObject({ id: z.string().uuid() });
export const supportGrantSchema = z.object({
  id: z.string().uuid(),
  reason: z.string(),
  granted_by_name: z.string().nullable(),
  created_at: z.date(),
  expires_at: z.date(),
  revoked_at: z.date().nullable(),
  revoked_by_name: z.string().nullable(),
  state: z.enum(SUPPORT_GRANT_STATES),
});
export type SupportGrant = z.infer<typeof supportGrantSchema>;
export const supportAccessSchema = z.object({
  /** the grant in effect now, if any */
  active: supportGrantSchema.nullable(),
  /** the latest grants, newest first */
  history: z.array(supportGrantSchema),
});
export type SupportAccess = z.infer<typeof supportAccessSchema>;
/** The platform reading an ISP's audit trail under its support grant. */
export const supportAuditListInput = z.strictObject({ ...auditPageShape, id: z.string().uuid() }).superRefine(fromBeforeTo);

// ── the ISP's logo (portal header, sidebar, printed invoice) ──
/** At most 256 KiB of image: a logo, not a photo. */
export const LOGO_MAX_BYTES = 256 * 1024;
/** PNG, JPEG or WebP, recognised by their first bytes; SVG is refused (it can carry script). */
export const LOGO_CONTENT_TYPES = ['image/png', 'image/jpeg', 'image/webp'] as const;
export type LogoContentType = (typeof LOGO_CONTENT_TYPES)[number];
/** The image as base64 (JSON body), with the type the sender says it is; the bytes must agree. */
export const logoUploadInput = z.strictObject({
  content_type: z.string().trim().toLowerCase().max(100),
  // base64 of LOGO_MAX_BYTES is 4/3 as long; a little more is let through so "too big" is told in bytes
  content_base64: z.string().min(1).max(Math.ceil((LOGO_MAX_BYTES * 4) / 3) + 1024),
});
export type LogoUploadInput = z.infer<typeof logoUploadInput>;
export const logoSchema = z.object({
  content_type: z.enum(LOGO_CONTENT_TYPES),
  byte_size: z.number().int(),
  sha256: z.string(),
  /** where the image is served from (cacheable, ETag); `?v=` changes with the image */
  url: z.string(),
  updated_at: z.date(),
});
export type Logo = z.infer<typeof logoSchema>;
export const logoStateSchema = z.object({ logo: logoSchema.nullable() });
export type LogoState = z.infer<typeof logoStateSchema>;
