/** admin: tenant settings, users and roles, API keys, the audit trail. */
import { z } from 'zod';
import {
  ROLE_PERMISSIONS,
  TENANT_ROLES,
  apiKeyCreateInput,
  apiKeyCreatedSchema,
  apiKeyIdInput,
  apiKeySchema,
  auditExportInput,
  auditExportSchema,
  auditListInput,
  auditPageSchema,
  auditVerifyInput,
  auditVerifyResultSchema,
  logoStateSchema,
  logoUploadInput,
  roleSchema,
  settingsSchema,
  settingsUpdateInput,
  tenantUserSchema,
  userCreateInput,
  userCreatedSchema,
  userUpdateInput,
} from '@rrnet/contracts';
import { createApiKey, listApiKeys, revokeApiKey } from '@rrnet/core/admin/api_keys';
import { exportAuditCsv, listAuditEvents, verifyAuditChain } from '@rrnet/core/admin/audit_log';
import type { AuditScope } from '@rrnet/core/admin/audit_log';
import { getLogo, removeLogo, saveLogo } from '@rrnet/core/admin/logo';
import { getSettings, updateSettings } from '@rrnet/core/admin/settings';
import { addUser, listUsers, updateUser } from '@rrnet/core/admin/users';
import { createTRPCRouter, tenantProcedure } from '../procedures';

const noInput = z.strictObject({}).optional();

/** The ISP's own trail, in its calendar; personal data unmasked only with customers.pii.read. */
const auditScope = (ctx: { tenant: { timezone: string }; principal: { permissions: readonly string[] } }): AuditScope => ({
  kind: 'tenant',
  timezone: ctx.tenant.timezone,
  unmasked: ctx.principal.permissions.includes('customers.pii.read'),
});
const auditTags = ['admin'];

export const adminRouter = createTRPCRouter({
  settings: createTRPCRouter({
    get: tenantProcedure
      .meta({ permission: 'admin.settings.read', errors: ['NOT_FOUND'], openapi: { method: 'GET', path: '/admin/settings', tags: ['admin'], summary: 'Get the ISP\'s settings', description: 'Company name, address and phone, invoice prefix, due and grace days, tax rate, isolation mode and profile, WhatsApp sender and locale of the caller\'s ISP.' } })
      .input(noInput)
      .output(settingsSchema)
      .query(({ ctx }) => getSettings(ctx.tx)),
    update: tenantProcedure
      .meta({ permission: 'admin.settings.manage', errors: ['NOT_FOUND'], openapi: { method: 'PATCH', path: '/admin/settings', tags: ['admin'], summary: 'Update the ISP\'s settings', description: 'Changes only the fields sent and returns the settings after the change.' } })
      .input(settingsUpdateInput)
      .output(settingsSchema)
      .mutation(({ ctx, input }) => updateSettings(ctx.tx, ctx.tenant.tenant_id, input)),
    logo: tenantProcedure
      .meta({ permission: 'admin.settings.read', openapi: { method: 'GET', path: '/admin/settings/logo', tags: ['admin'], summary: 'Get the ISP\'s logo', description: 'The logo\'s type, size, hash and the URL it is served from (cacheable, with an ETag), or `logo: null` when the ISP has none (its initials are shown).' } })
      .input(noInput)
      .output(logoStateSchema)
      .query(async ({ ctx }) => ({ logo: await getLogo(ctx.tx) })),
    uploadLogo: tenantProcedure
      .meta({ permission: 'admin.settings.manage', openapi: { method: 'PUT', path: '/admin/settings/logo', tags: ['admin'], summary: 'Upload the ISP\'s logo', description: 'A PNG, JPEG or WebP of at most 256 KB, as base64 with its type; the type is read from the file\'s first bytes and must match the one declared. SVG and anything else is 400. Replaces the previous logo on the portal, the sidebar and printed invoices.' } })
      .input(logoUploadInput)
      .output(logoStateSchema)
      .mutation(async ({ ctx, input }) => ({ logo: await saveLogo(ctx.tx, input) })),
    removeLogo: tenantProcedure
      .meta({ permission: 'admin.settings.manage', openapi: { method: 'DELETE', path: '/admin/settings/logo', tags: ['admin'], summary: 'Remove the ISP\'s logo', description: 'Back to the ISP\'s initials; removing when there is none changes nothing.' } })
      .input(noInput)
      .output(logoStateSchema)
      .mutation(async ({ ctx }) => {
        await removeLogo(ctx.tx);
        return { logo: null };
      }),
  }),

  users: createTRPCRouter({
    list: tenantProcedure
      .meta({ permission: 'admin.users.read', openapi: { method: 'GET', path: '/admin/users', tags: ['admin'], summary: 'List the ISP\'s users', description: 'Every member of the caller\'s ISP with e-mail, role, status, last sign-in and join date.' } })
      .input(noInput)
      .output(z.array(tenantUserSchema))
      .query(({ ctx }) => listUsers(ctx.tx)),
    create: tenantProcedure
      .meta({ permission: 'admin.users.manage', limit: 'users', openapi: { method: 'POST', path: '/admin/users', tags: ['admin'], summary: 'Add a user to the ISP', description: 'Adds a person by e-mail with a role. A new login gets a temporary password, returned once to hand over; an existing RRNet account is attached without one. Counts against the plan\'s user limit; someone already in this ISP is 409.' } })
      .input(userCreateInput)
      .output(userCreatedSchema)
      .mutation(({ ctx, input }) =>
        addUser(ctx.tx, ctx.services.systemSql, ctx.tenant.tenant_id, input, { userId: ctx.principal.userId, requestId: ctx.requestId }),
      ),
    update: tenantProcedure
      .meta({ permission: 'admin.users.manage', openapi: { method: 'PATCH', path: '/admin/users/{user_id}', tags: ['admin'], summary: 'Change a user\'s role or status', description: 'Sets a member\'s role or status (active or disabled). The ISP keeps at least one active owner and nobody can disable their own account (409).' } })
      .input(userUpdateInput)
      .output(tenantUserSchema)
      .mutation(({ ctx, input }) => updateUser(ctx.tx, ctx.tenant.tenant_id, input, ctx.principal.userId)),
  }),

  roles: createTRPCRouter({
    list: tenantProcedure
      .meta({ permission: 'admin.users.read', openapi: { method: 'GET', path: '/admin/roles', tags: ['admin'], summary: 'List roles and their permissions', description: 'The fixed tenant roles (owner, admin, billing, technician, customer_service, viewer) and the permissions each grants.' } })
      .input(noInput)
      .output(z.array(roleSchema))
      .query(() => TENANT_ROLES.map((role) => ({ role, permissions: [...ROLE_PERMISSIONS[role]] }))),
  }),

  apiKeys: createTRPCRouter({
    list: tenantProcedure
      .meta({ permission: 'admin.api_keys.read', feature: 'api_access', openapi: { method: 'GET', path: '/admin/api-keys', tags: ['admin'], summary: 'List API keys', description: 'The ISP\'s API keys with name, prefix, scopes, expiry and revocation; never the secret.' } })
      .input(noInput)
      .output(z.array(apiKeySchema))
      .query(({ ctx }) => listApiKeys(ctx.tx)),
    create: tenantProcedure
      .meta({ permission: 'admin.api_keys.manage', feature: 'api_access', openapi: { method: 'POST', path: '/admin/api-keys', tags: ['admin'], summary: 'Create an API key', description: 'Creates a key scoped to the given permissions, which must be among the creator\'s own (403 otherwise), optionally expiring; the secret is returned once. A name already in use is 409.' } })
      .input(apiKeyCreateInput)
      .output(apiKeyCreatedSchema)
      .mutation(({ ctx, input }) => createApiKey(ctx.tx, ctx.tenant.tenant_id, input, ctx.principal.permissions, ctx.principal.userId)),
    revoke: tenantProcedure
      .meta({ permission: 'admin.api_keys.manage', feature: 'api_access', openapi: { method: 'DELETE', path: '/admin/api-keys/{id}', tags: ['admin'], summary: 'Revoke an API key', description: 'The key stops authenticating at once; the revoked key is returned.' } })
      .input(apiKeyIdInput)
      .output(apiKeySchema)
      .mutation(({ ctx, input }) => revokeApiKey(ctx.tx, input.id)),
  }),
  audit: createTRPCRouter({
    list: tenantProcedure
      .meta({ permission: 'admin.audit.read', openapi: { method: 'GET', path: '/admin/audit-events', tags: auditTags, summary: 'List the ISP\'s audit events', description: 'The ISP\'s audit trail, newest first in keyset pages (pass `next_cursor` back as `cursor`): data changes (table, row, old and new values, the changed keys), sign-in events and administrative actions, with who did it and the request id. Filter by actor, category, table, action, row id and days of the ISP\'s calendar (`from`, `to` included). Personal data in the values is masked unless the caller holds customers.pii.read (`pii_masked`); the trail itself never stores phones, e-mails, addresses or national ids in clear.' } })
      .input(auditListInput)
      .output(auditPageSchema)
      .query(({ ctx, input }) => listAuditEvents(ctx.tx, auditScope(ctx), input)),
    verify: tenantProcedure
      .meta({ permission: 'admin.audit.read', openapi: { method: 'GET', path: '/admin/audit-events/verify', tags: auditTags, summary: 'Verify the ISP\'s audit chain', description: 'Checks the hash chain of the ISP\'s audit trail over the days `from`–`to` (the ISP\'s calendar, both included; either open, both absent: the whole chain): every row\'s hash and its link to the row before, and that nothing is missing after the last. Answers `ok` with the rows checked, or the first broken row\'s id and why.' } })
      .input(auditVerifyInput)
      .output(auditVerifyResultSchema)
      .query(({ ctx, input }) => verifyAuditChain(ctx.tx, auditScope(ctx), input)),
    export: tenantProcedure
      .meta({ permission: 'admin.audit.read', openapi: { method: 'GET', path: '/admin/audit-events/export', tags: auditTags, summary: 'Export the ISP\'s audit events as CSV', description: 'The events the same filters as the list select, newest first, as CSV text (UTF-8 with a byte-order mark) in `csv`, with a file name; at most 10,000 rows (`truncated` when more matched: narrow the period). Values are masked as in the list.' } })
      .input(auditExportInput)
      .output(auditExportSchema)
      .query(({ ctx, input }) => exportAuditCsv(ctx.tx, auditScope(ctx), input, new Date())),
  }),
});
