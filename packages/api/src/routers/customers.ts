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
      .meta({ permission: 'customers.plans.read', feature: 'customers', openapi: { method: 'GET', path: '/customers/plans', tags, summary: 'List service plans', description: 'The ISP\'s internet packages, cheapest first: download and upload speed, monthly price, router profile, active flag and customer count.' } })
      .input(noInput)
      .output(z.array(servicePlanSchema))
      .query(({ ctx }) => listPlans(ctx.tx)),
    create: tenantProcedure
      .meta({ permission: 'customers.plans.manage', feature: 'customers', openapi: { method: 'POST', path: '/customers/plans', tags, summary: 'Create a service plan', description: 'Adds a package; a plan name already in use is 409.' } })
      .input(servicePlanCreateInput)
      .output(servicePlanSchema)
      .mutation(({ ctx, input }) => createPlan(ctx.tx, ctx.tenant.tenant_id, input)),
    update: tenantProcedure
      .meta({ permission: 'customers.plans.manage', feature: 'customers', openapi: { method: 'PATCH', path: '/customers/plans/{id}', tags, summary: 'Update a service plan', description: 'Changes a package\'s name, speeds, price, router profile or active flag; invoices already issued keep their amounts.' } })
      .input(servicePlanUpdateInput)
      .output(servicePlanSchema)
      .mutation(({ ctx, input }) => updatePlan(ctx.tx, input)),
  }),

  customers: createTRPCRouter({
    list: tenantProcedure
      .meta({ permission: 'customers.customers.read', feature: 'customers', openapi: { method: 'GET', path: '/customers/customers', tags, summary: 'List and search customers', description: 'A keyset page of customers filtered by status, plan, router or ODP, or searched by name, code, phone or PPPoE username (`q`, 3 characters or more). Pass `next_cursor` back as `cursor` for the next page. Phone, e-mail, address and national id are masked without the customers.pii.read permission (`pii_masked`).' } })
      .input(customerListInput)
      .output(customerPageSchema)
      .query(({ ctx, input }) => listCustomers(ctx.tx, ctx.services.network, input, ctx.principal.permissions)),
    get: tenantProcedure
      .meta({ permission: 'customers.customers.read', feature: 'customers', openapi: { method: 'GET', path: '/customers/customers/{id}', tags, summary: 'Get a customer', description: 'One customer with plan, router, ODP, location and status. Phone, e-mail, address and national id are masked without the customers.pii.read permission (`pii_masked`).' } })
      .input(idInput)
      .output(customerSchema)
      .query(({ ctx, input }) => getCustomer(ctx.tx, ctx.services.network, input.id, ctx.principal.permissions)),
    create: tenantProcedure
      .meta({ permission: 'customers.customers.manage', feature: 'customers', limit: 'customers', openapi: { method: 'POST', path: '/customers/customers', tags, summary: 'Create a customer', description: 'Adds a subscriber (code and PPPoE username generated when left out, PPPoE password always generated) and queues its provisioning on the assigned router. Counts against the plan\'s customer limit; an unknown plan, router or ODP, or a full ODP, is 400; a code or PPPoE username in use is 409.' } })
      .input(customerCreateInput)
      .output(customerSchema)
      .mutation(({ ctx, input }) => createCustomer(ctx.tx, ctx.services.network, ctx.tenant.tenant_id, input, ctx.principal.permissions)),
    update: tenantProcedure
      .meta({ permission: 'customers.customers.manage', feature: 'customers', openapi: { method: 'PATCH', path: '/customers/customers/{id}', tags, summary: 'Update a customer', description: 'Changes only the fields sent; a new plan or router is provisioned by a queued job. An anonymised customer cannot be changed (409).' } })
      .input(customerUpdateInput)
      .output(customerSchema)
      .mutation(({ ctx, input }) => updateCustomer(ctx.tx, ctx.services.network, ctx.tenant.tenant_id, input, ctx.principal.permissions)),
    setStatus: tenantProcedure
      .meta({ permission: 'customers.customers.manage', feature: 'customers', openapi: { method: 'POST', path: '/customers/customers/{id}/status', tags, summary: 'Change a customer\'s status', description: 'Moves a customer to active, isolated, suspended or terminated with a reason (audited); the router follows through a queued job. A transition the lifecycle forbids is 409.' } })
      .input(customerStatusInput)
      .output(customerSchema)
      .mutation(({ ctx, input }) => setCustomerStatus(ctx.tx, ctx.services.network, ctx.tenant.tenant_id, input, ctx.principal.permissions)),
    revealPassword: tenantProcedure
      .meta({ permission: 'customers.secrets.reveal', feature: 'customers', openapi: { method: 'POST', path: '/customers/customers/{id}/reveal-password', tags, summary: 'Reveal a PPPoE password', description: 'Decrypts and returns the customer\'s PPPoE credentials, for setting up the modem. Requires customers.secrets.reveal; every reveal is audited; an anonymised customer is 409.' } })
      .input(idInput)
      .output(customerPasswordSchema)
      .mutation(({ ctx, input }) => revealPppoePassword(ctx.tx, ctx.services.network, input.id)),
    anonymize: tenantProcedure
      .meta({ permission: 'customers.customers.erase', feature: 'customers', openapi: { method: 'POST', path: '/customers/customers/{id}/anonymize', tags, summary: 'Anonymize a terminated customer', description: 'Requires customers.customers.erase (owner and admin). Erases the personal data of a terminated customer (contact details, address, national id, location) while invoices and payments stay; irreversible and audited. A customer that is not terminated is 409.' } })
      .input(customerAnonymizeInput)
      .output(customerSchema)
      .mutation(({ ctx, input }) => anonymizeCustomer(ctx.tx, ctx.services.network, ctx.tenant.tenant_id, input, ctx.principal.permissions)),
  }),

  imports: createTRPCRouter({
    list: tenantProcedure
      .meta({ permission: 'customers.customers.read', feature: 'customers', openapi: { method: 'GET', path: '/customers/imports', tags, summary: 'List CSV imports', description: 'Recent customer imports with file name, status and row counts.' } })
      .input(noInput)
      .output(z.array(customerImportSchema))
      .query(({ ctx }) => listImports(ctx.tx)),
    get: tenantProcedure
      .meta({ permission: 'customers.customers.read', feature: 'customers', openapi: { method: 'GET', path: '/customers/imports/{id}', tags, summary: 'Get a CSV import', description: 'One import\'s progress and row report.' } })
      .input(idInput)
      .output(customerImportSchema)
      .query(({ ctx, input }) => getImport(ctx.tx, input.id, { services: ctx.services.network, tenantId: ctx.tenant.tenant_id })),
    preview: tenantProcedure
      .meta({ permission: 'customers.customers.manage', feature: 'customers', openapi: { method: 'POST', path: '/customers/imports/preview', tags, summary: 'Check a CSV file without importing', description: 'Validates every row of a customer CSV (header row required) and reports the valid rows and per-row errors; nothing is written.' } })
      .input(importFileInput)
      .output(importReportSchema)
      .mutation(({ ctx, input }) => previewImport(ctx.tx, input)),
    start: tenantProcedure
      .meta({ permission: 'customers.customers.manage', feature: 'customers', errors: ['LIMIT_EXCEEDED'], openapi: { method: 'POST', path: '/customers/imports', tags, summary: 'Import customers from a CSV file', description: 'Validates the file and, when every row is valid and the plan\'s customer limit has room, queues the import and returns it with the report; otherwise `import` is null and the report lists the errors.' } })
      .input(importFileInput)
      .output(z.object({ import: customerImportSchema.nullable(), report: importReportSchema }))
      .mutation(({ ctx, input }) => startImport(ctx.tx, ctx.tenant, input, ctx.principal.userId)),
  }),
});
