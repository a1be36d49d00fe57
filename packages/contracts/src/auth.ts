/** Inputs and outputs of authentication, sessions and API keys (snake_case on the wire). */
import { z } from 'zod';
import { PERMISSION_LIST, ROLES, TENANT_ROLES } from './access';
import type { Permission } from './access';
import { text } from './validation';
import { FIELD_MESSAGES } from './field_messages';

export const emailSchema = text({ min: 3, max: 254 })
  .pipe(z.email({ message: FIELD_MESSAGES.email }))
  .transform((v) => v.toLowerCase());

export const passwordSchema = z.string().min(1, FIELD_MESSAGES.password).max(256);

export const loginInput = z.strictObject({
  email: emailSchema,
  password: passwordSchema,
  tenant_slug: text({ min: 2, max: 63 }).optional(),
});
export type LoginInput = z.infer<typeof loginInput>;

export const tokenPairSchema = z.object({
  access_token: z.string(),
  refresh_token: z.string(),
  token_type: z.literal('Bearer'),
  expires_in: z.number().int(),
  session_id: z.string().uuid(),
  tenant_id: z.string().uuid().nullable(),
  role: z.enum(ROLES),
});
export type TokenPair = z.infer<typeof tokenPairSchema>;

export const refreshInput = z.strictObject({ refresh_token: text({ min: 10, max: 200 }) });
export const switchTenantInput = z.strictObject({ tenant_id: z.string().uuid() });
export const revokeSessionInput = z.strictObject({ session_id: z.string().uuid() });

export const sessionSchema = z.object({
  session_id: z.string().uuid(),
  tenant_id: z.string().uuid().nullable(),
  user_agent: z.string().nullable(),
  ip: z.string().nullable(),
  created_at: z.date(),
  last_used_at: z.date().nullable(),
  current: z.boolean(),
});

export const membershipSchema = z.object({
  tenant_id: z.string().uuid(),
  tenant_name: z.string(),
  tenant_slug: z.string(),
  role: z.enum(TENANT_ROLES),
});

export const meSchema = z.object({
  user_id: z.string().uuid(),
  email: z.string(),
  name: z.string(),
  role: z.enum(ROLES),
  tenant_id: z.string().uuid().nullable(),
  tenant_name: z.string().nullable(),
  permissions: z.array(z.string()),
  memberships: z.array(membershipSchema),
  auth_method: z.enum(['session', 'api_key']),
});
export type Me = z.infer<typeof meSchema>;

export const permissionSchema = z.enum(PERMISSION_LIST as [Permission, ...Permission[]]);

export const apiKeyCreateInput = z.strictObject({
  name: text({ min: 2, max: 80 }),
  permissions: z.array(permissionSchema).min(1).max(PERMISSION_LIST.length),
  expires_in_days: z.number().int().min(1).max(730).optional(),
});
export const apiKeySchema = z.object({
  id: z.string().uuid(),
  name: z.string(),
  prefix: z.string(),
  permissions: z.array(z.string()),
  created_at: z.date(),
  last_used_at: z.date().nullable(),
  expires_at: z.date().nullable(),
  revoked_at: z.date().nullable(),
});
export const apiKeyCreatedSchema = apiKeySchema.extend({
  /** shown once; only its hash is stored */
  key: z.string(),
});
export const apiKeyIdInput = z.strictObject({ id: z.string().uuid() });
