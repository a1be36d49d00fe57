/** admin: tenant settings, users and roles, API keys. */
import { z } from 'zod';
import {
  ROLE_PERMISSIONS,
  TENANT_ROLES,
  apiKeyCreateInput,
  apiKeyCreatedSchema,
  apiKeyIdInput,
  apiKeySchema,
  roleSchema,
  settingsSchema,
  settingsUpdateInput,
  tenantUserSchema,
  userCreateInput,
  userCreatedSchema,
  userUpdateInput,
} from '@rrnet/contracts';
import { createApiKey, listApiKeys, revokeApiKey } from '@rrnet/core/admin/api_keys';
import { getSettings, updateSettings } from '@rrnet/core/admin/settings';
import { addUser, listUsers, updateUser } from '@rrnet/core/admin/users';
import { createTRPCRouter, tenantProcedure } from '../procedures';

const noInput = z.strictObject({}).optional();

export const adminRouter = createTRPCRouter({
  settings: createTRPCRouter({
    get: tenantProcedure
      .meta({ permission: 'admin.settings.read', openapi: { method: 'GET', path: '/admin/settings', tags: ['admin'] } })
      .input(noInput)
      .output(settingsSchema)
      .query(({ ctx }) => getSettings(ctx.tx)),
    update: tenantProcedure
      .meta({ permission: 'admin.settings.manage', openapi: { method: 'PATCH', path: '/admin/settings', tags: ['admin'] } })
      .input(settingsUpdateInput)
      .output(settingsSchema)
      .mutation(({ ctx, input }) => updateSettings(ctx.tx, ctx.tenant.tenant_id, input)),
  }),

  users: createTRPCRouter({
    list: tenantProcedure
      .meta({ permission: 'admin.users.read', openapi: { method: 'GET', path: '/admin/users', tags: ['admin'] } })
      .input(noInput)
      .output(z.array(tenantUserSchema))
      .query(({ ctx }) => listUsers(ctx.tx)),
    create: tenantProcedure
      .meta({ permission: 'admin.users.manage', limit: 'users', openapi: { method: 'POST', path: '/admin/users', tags: ['admin'] } })
      .input(userCreateInput)
      .output(userCreatedSchema)
      .mutation(({ ctx, input }) =>
        addUser(ctx.tx, ctx.services.systemSql, ctx.tenant.tenant_id, input, { userId: ctx.principal.userId, requestId: ctx.requestId }),
      ),
    update: tenantProcedure
      .meta({ permission: 'admin.users.manage', openapi: { method: 'PATCH', path: '/admin/users/{user_id}', tags: ['admin'] } })
      .input(userUpdateInput)
      .output(tenantUserSchema)
      .mutation(({ ctx, input }) => updateUser(ctx.tx, ctx.tenant.tenant_id, input, ctx.principal.userId)),
  }),

  roles: createTRPCRouter({
    list: tenantProcedure
      .meta({ permission: 'admin.users.read', openapi: { method: 'GET', path: '/admin/roles', tags: ['admin'] } })
      .input(noInput)
      .output(z.array(roleSchema))
      .query(() => TENANT_ROLES.map((role) => ({ role, permissions: [...ROLE_PERMISSIONS[role]] }))),
  }),

  apiKeys: createTRPCRouter({
    list: tenantProcedure
      .meta({ permission: 'admin.api_keys.read', feature: 'api_access', openapi: { method: 'GET', path: '/admin/api-keys', tags: ['admin'] } })
      .input(noInput)
      .output(z.array(apiKeySchema))
      .query(({ ctx }) => listApiKeys(ctx.tx)),
    create: tenantProcedure
      .meta({ permission: 'admin.api_keys.manage', feature: 'api_access', openapi: { method: 'POST', path: '/admin/api-keys', tags: ['admin'] } })
      .input(apiKeyCreateInput)
      .output(apiKeyCreatedSchema)
      .mutation(({ ctx, input }) => createApiKey(ctx.tx, ctx.tenant.tenant_id, input, ctx.principal.permissions, ctx.principal.userId)),
    revoke: tenantProcedure
      .meta({ permission: 'admin.api_keys.manage', feature: 'api_access', openapi: { method: 'DELETE', path: '/admin/api-keys/{id}', tags: ['admin'] } })
      .input(apiKeyIdInput)
      .output(apiKeySchema)
      .mutation(({ ctx, input }) => revokeApiKey(ctx.tx, input.id)),
  }),
});
