/** admin: tenant settings, users and roles, API keys, the audit trail. */
import { z } from 'zod';
import {
  supportAccessSchema,
  supportGrantIdInput,
  supportGrantInput,
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
  customRoleCreateInput,
  customRoleIdInput,
  customRoleSchema,
  customRoleUpdateInput,
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
import { invalidateRoleGrants } from '@rrnet/auth';
import { createApiKey, listApiKeys, revokeApiKey } from '@rrnet/core/admin/api_keys';
import { exportAuditCsv, listAuditEvents, verifyAuditChain } from '@rrnet/core/admin/audit_log';
import type { AuditScope } from '@rrnet/core/admin/audit_log';
import { createCustomRole, deleteCustomRole, listCustomRoles, updateCustomRole } from '@rrnet/core/admin/custom_roles';
import { getLogo, removeLogo, saveLogo } from '@rrnet/core/admin/logo';
import { getSettings, updateSettings } from '@rrnet/core/admin/settings';
import { getSupportAccess, grantSupportAccess, revokeSupportAccess } from '@rrnet/core/admin/support_access';
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

/** After a change to who holds which custom role or what one grants: the chain's cache goes, once committed. */
const dropRoleGrants = (ctx: { services: { redis: Parameters<typeof invalidateRoleGrants>[0] }; tenant: { tenant_id: string }; afterCommit: (fn: () => Promise<void>) => void }) =>
  ctx.afterCommit(() => invalidateRoleGrants(ctx.services.redis, ctx.tenant.tenant_id));

export const adminRouter = createTRPCRouter({
  settings: createTRPCRouter({
    get: tenantProcedure
      .meta({ permission: 'admin.settings.read', errors: ['NOT_FOUND'], openapi: { method: 'GET', path: '/admin/settings', tags: ['admin'], summary: 'Get the ISP\'s settings', description: 'Company name, address and phone, invoice prefix, due and grace days, tax rate, isolation mode and profile, WhatsApp sender, locale, outage detection minutes and the outage credit (on/off, threshold hours) of the caller\'s ISP.' } })
      .input(noInput)
      .output(settingsSchema)
      .query(({ ctx }) => getSettings(ctx.tx)),
    update: tenantProcedure
      .meta({ permission: 'admin.settings.manage', errors: ['NOT_FOUND'], openapi: { method: 'PATCH', path: '/admin/settings', tags: ['admin'], summary: 'Update the ISP\'s settings', description: 'Changes only the fields sent and returns the settings after the change (audited). Switching the outage credit on makes outages resolved from then on count for it.' } })
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
      .meta({ permission: 'admin.users.manage', openapi: { method: 'PATCH', path: '/admin/users/{user_id}', tags: ['admin'], summary: 'Change a user\'s role or status', description: 'Sets a member\'s role or status (active or disabled). A built-in role (`role`) takes away a custom role; `custom_role_id` gives one of the ISP\'s own roles (the member\'s built-in role becomes its template; null takes it away; unknown: 404). The member\'s permissions change on their next request. The ISP keeps at least one active owner, an owner takes no custom role and nobody can disable their own account (409).' } })
      .input(userUpdateInput)
      .output(tenantUserSchema)
      .mutation(async ({ ctx, input }) => {
        const user = await updateUser(ctx.tx, ctx.tenant.tenant_id, input, ctx.principal.userId);
        dropRoleGrants(ctx);
        return user;
      }),
  }),

  roles: createTRPCRouter({
    list: tenantProcedure
      .meta({ permission: 'admin.users.read', openapi: { method: 'GET', path: '/admin/roles', tags: ['admin'], summary: 'List roles and their permissions', description: 'The fixed tenant roles (owner, admin, billing, technician, customer_service, viewer) and the permissions each grants.' } })
      .input(noInput)
      .output(z.array(roleSchema))
      .query(() => TENANT_ROLES.map((role) => ({ role, permissions: [...ROLE_PERMISSIONS[role]] }))),
  }),

  customRoles: createTRPCRouter({
    list: tenantProcedure
      .meta({ permission: 'admin.users.read', openapi: { method: 'GET', path: '/admin/custom-roles', tags: ['admin'], summary: 'List the ISP\'s custom roles', description: 'The ISP\'s own roles: name, description, the built-in role each was made from, the permissions it grants and how many members hold it.' } })
      .input(noInput)
      .output(z.array(customRoleSchema))
      .query(({ ctx }) => listCustomRoles(ctx.tx)),
    create: tenantProcedure
      .meta({ permission: 'admin.users.manage', openapi: { method: 'POST', path: '/admin/custom-roles', tags: ['admin'], summary: 'Create a custom role', description: 'A role of the ISP\'s own, made from a built-in role (`base_role`, not owner) with its permissions or those given. Every permission must be in the catalogue and none a platform permission (400, the offending entry named as `permissions.N`), and among the caller\'s own (403). A name already in use is 409.' } })
      .input(customRoleCreateInput)
      .output(customRoleSchema)
      .mutation(({ ctx, input }) => createCustomRole(ctx.tx, ctx.tenant.tenant_id, input, ctx.principal.permissions)),
    update: tenantProcedure
      .meta({ permission: 'admin.users.manage', openapi: { method: 'PATCH', path: '/admin/custom-roles/{id}', tags: ['admin'], summary: 'Change a custom role', description: 'Renames a role, changes its description or replaces its permissions (the same rules as creating it). Members holding it get the new permissions on their next request on this server, within 15 seconds on the others.' } })
      .input(customRoleUpdateInput)
      .output(customRoleSchema)
      .mutation(async ({ ctx, input }) => {
        const role = await updateCustomRole(ctx.tx, input, ctx.principal.permissions);
        dropRoleGrants(ctx);
        return role;
      }),
    delete: tenantProcedure
      .meta({ permission: 'admin.users.manage', openapi: { method: 'DELETE', path: '/admin/custom-roles/{id}', tags: ['admin'], summary: 'Delete a custom role', description: 'Deletes a role nobody holds and returns it; while members hold it, 409 with their number in `details.members`.' } })
      .input(customRoleIdInput)
      .output(customRoleSchema)
      .mutation(async ({ ctx, input }) => {
        const role = await deleteCustomRole(ctx.tx, input.id);
        dropRoleGrants(ctx);
        return role;
      }),
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
  supportAccess: createTRPCRouter({
    get: tenantProcedure
      .meta({ permission: 'admin.support.manage', openapi: { method: 'GET', path: '/admin/support-access', tags: ['admin'], summary: 'See RRNet support access', description: 'Whether RRNet\'s platform staff may currently read this ISP\'s audit trail with personal data unmasked (the grant in effect, with its end and reason), and the latest grants with who made and revoked them. Every read RRNet makes under a grant is an event in the ISP\'s own audit trail (`support.audit_read`).' } })
      .input(noInput)
      .output(supportAccessSchema)
      .query(({ ctx }) => getSupportAccess(ctx.tx, ctx.tenant.tenant_id)),
    grant: tenantProcedure
      .meta({ permission: 'admin.support.manage', openapi: { method: 'POST', path: '/admin/support-access', tags: ['admin'], summary: 'Grant RRNet support access', description: 'Lets RRNet\'s platform staff read the ISP\'s audit trail, personal data unmasked, for `hours` (1–168) with a reason. A grant still in effect is replaced (revoked, then the new one starts). Audited.' } })
      .input(supportGrantInput)
      .output(supportAccessSchema)
      .mutation(({ ctx, input }) => grantSupportAccess(ctx.tx, ctx.tenant.tenant_id, ctx.principal.userId, input)),
    revoke: tenantProcedure
      .meta({ permission: 'admin.support.manage', errors: ['NOT_FOUND', 'CONFLICT'], openapi: { method: 'POST', path: '/admin/support-access/{id}/revoke', tags: ['admin'], summary: 'Revoke RRNet support access', description: 'Ends a grant at once: RRNet\'s next read is refused. A grant already over is 409. Audited.' } })
      .input(supportGrantIdInput)
      .output(supportAccessSchema)
      .mutation(({ ctx, input }) => revokeSupportAccess(ctx.tx, ctx.tenant.tenant_id, ctx.principal.userId, input.id)),
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
