/** customers: service plans, customers (search, lifecycle, PII), CSV imports. */
import { z } from 'zod';
import {
  customerAnonymizeInput,
  customerCreateInput,
  customerImportSchema,
  customerListInput,
  customerPageSchema,
  customerPasswordSchema,
  customerSchema,
  customerStatusInput,
  customerUpdateInput,
  idInput,
  importFileInput,
  importReportSchema,
  servicePlanCreateInput,
  servicePlanSchema,
  servicePlanUpdateInput,
} from '@rrnet/contracts';
import {
  anonymizeCustomer,
  createCustomer,
  getCustomer,
  listCustomers,
  revealPppoePassword,
  setCustomerStatus,
  updateCustomer,
} from '@rrnet/core/customers/customers';
import { getImport, listImports, previewImport, startImport } from '@rrnet/core/customers/imports';
import { createPlan, listPlans, updatePlan } from '@rrnet/core/customers/plans';
import { createTRPCRouter, tenantProcedure } from '../procedures';

const noInput = z.strictObject({}).optional();
const tags = ['customers'];

export const customersRouter = createTRPCRouter({
  plans: createTRPCRouter({
    list: tenantProcedure
      .meta({ permission: 'customers.plans.read', feature: 'customers', openapi: { method: 'GET', path: '/customers/plans', tags } })
      .input(noInput)
      .output(z.array(servicePlanSchema))
      .query(({ ctx }) => listPlans(ctx.tx)),
    create: tenantProcedure
      .meta({ permission: 'customers.plans.manage', feature: 'customers', openapi: { method: 'POST', path: '/customers/plans', tags } })
      .input(servicePlanCreateInput)
      .output(servicePlanSchema)
      .mutation(({ ctx, input }) => createPlan(ctx.tx, ctx.tenant.tenant_id, input)),
    update: tenantProcedure
      .meta({ permission: 'customers.plans.manage', feature: 'customers', openapi: { method: 'PATCH', path: '/customers/plans/{id}', tags } })
      .input(servicePlanUpdateInput)
      .output(servicePlanSchema)
      .mutation(({ ctx, input }) => updatePlan(ctx.tx, input)),
  }),

  customers: createTRPCRouter({
    list: tenantProcedure
      .meta({ permission: 'customers.customers.read', feature: 'customers', openapi: { method: 'GET', path: '/customers/customers', tags } })
      .input(customerListInput)
      .output(customerPageSchema)
      .query(({ ctx, input }) => listCustomers(ctx.tx, input, ctx.principal.permissions)),
    get: tenantProcedure
      .meta({ permission: 'customers.customers.read', feature: 'customers', openapi: { method: 'GET', path: '/customers/customers/{id}', tags } })
      .input(idInput)
      .output(customerSchema)
      .query(({ ctx, input }) => getCustomer(ctx.tx, input.id, ctx.principal.permissions)),
    create: tenantProcedure
      .meta({ permission: 'customers.customers.manage', feature: 'customers', limit: 'customers', openapi: { method: 'POST', path: '/customers/customers', tags } })
      .input(customerCreateInput)
      .output(customerSchema)
      .mutation(({ ctx, input }) => createCustomer(ctx.tx, ctx.services.network, ctx.tenant.tenant_id, input, ctx.principal.permissions)),
    update: tenantProcedure
      .meta({ permission: 'customers.customers.manage', feature: 'customers', openapi: { method: 'PATCH', path: '/customers/customers/{id}', tags } })
      .input(customerUpdateInput)
      .output(customerSchema)
      .mutation(({ ctx, input }) => updateCustomer(ctx.tx, ctx.services.network, ctx.tenant.tenant_id, input, ctx.principal.permissions)),
    setStatus: tenantProcedure
      .meta({ permission: 'customers.customers.manage', feature: 'customers', openapi: { method: 'POST', path: '/customers/customers/{id}/status', tags } })
      .input(customerStatusInput)
      .output(customerSchema)
      .mutation(({ ctx, input }) => setCustomerStatus(ctx.tx, ctx.services.network, ctx.tenant.tenant_id, input, ctx.principal.permissions)),
    revealPassword: tenantProcedure
      .meta({ permission: 'customers.secrets.reveal', feature: 'customers', openapi: { method: 'POST', path: '/customers/customers/{id}/reveal-password', tags } })
      .input(idInput)
      .output(customerPasswordSchema)
      .mutation(({ ctx, input }) => revealPppoePassword(ctx.tx, ctx.services.network, input.id)),
    anonymize: tenantProcedure
      .meta({ permission: 'customers.customers.erase', feature: 'customers', openapi: { method: 'POST', path: '/customers/customers/{id}/anonymize', tags } })
      .input(customerAnonymizeInput)
      .output(customerSchema)
      .mutation(({ ctx, input }) => anonymizeCustomer(ctx.tx, ctx.services.network, ctx.tenant.tenant_id, input, ctx.principal.permissions)),
  }),

  imports: createTRPCRouter({
    list: tenantProcedure
      .meta({ permission: 'customers.customers.read', feature: 'customers', openapi: { method: 'GET', path: '/customers/imports', tags } })
      .input(noInput)
      .output(z.array(customerImportSchema))
      .query(({ ctx }) => listImports(ctx.tx)),
    get: tenantProcedure
      .meta({ permission: 'customers.customers.read', feature: 'customers', openapi: { method: 'GET', path: '/customers/imports/{id}', tags } })
      .input(idInput)
      .output(customerImportSchema)
      .query(({ ctx, input }) => getImport(ctx.tx, input.id, { services: ctx.services.network, tenantId: ctx.tenant.tenant_id })),
    preview: tenantProcedure
      .meta({ permission: 'customers.customers.manage', feature: 'customers', openapi: { method: 'POST', path: '/customers/imports/preview', tags } })
      .input(importFileInput)
      .output(importReportSchema)
      .mutation(({ ctx, input }) => previewImport(ctx.tx, input)),
    start: tenantProcedure
      .meta({ permission: 'customers.customers.manage', feature: 'customers', openapi: { method: 'POST', path: '/customers/imports', tags } })
      .input(importFileInput)
      .output(z.object({ import: customerImportSchema.nullable(), report: importReportSchema }))
      .mutation(({ ctx, input }) => startImport(ctx.tx, ctx.tenant, input, ctx.principal.userId)),
  }),
});
