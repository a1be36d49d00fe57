/** isolir: the isolation/restore history and queue, and manual isolate/restore (audited). */
import { z } from 'zod';
import { isolationEventSchema, isolationListInput, isolirActionInput } from '@rrnet/contracts';
import { listIsolationEvents, manualIsolir, sweepTenant } from '@rrnet/core/isolir/isolir';
import { createTRPCRouter, tenantProcedure } from '../procedures';

const tags = ['isolir'];

export const isolirRouter = createTRPCRouter({
  events: tenantProcedure
    .meta({ permission: 'isolir.history.read', feature: 'isolir', openapi: { method: 'GET', path: '/isolir/events', tags, summary: 'List isolation events', description: 'The isolate/restore history and queue, newest first, filterable by status (pending, applied, failed) and customer.' } })
    .input(isolationListInput)
    .output(z.array(isolationEventSchema))
    .query(({ ctx, input }) => listIsolationEvents(ctx.tx, input)),
  act: tenantProcedure
    .meta({ permission: 'isolir.actions.execute', feature: 'isolir', errors: ['NOT_FOUND'], openapi: { method: 'POST', path: '/isolir/actions', tags, summary: 'Isolate or restore a customer', description: 'Requests a manual isolation or restoration of one customer with a reason (audited); the router applies it through a queued job. A customer that cannot be isolated (or is not isolated, for a restore), or whose isolation is already on its way, is 409.' } })
    .input(isolirActionInput)
    .output(isolationEventSchema)
    .mutation(({ ctx, input }) => manualIsolir(ctx.tx, ctx.services.network, ctx.tenant.tenant_id, input, ctx.principal.userId)),
  /** the hourly sweep, now, for this ISP: overdue marking and isolation requests */
  sweep: tenantProcedure
    .meta({ permission: 'isolir.actions.execute', feature: 'isolir', openapi: { method: 'POST', path: '/isolir/sweeps', tags, summary: 'Run the isolation sweep now', description: 'Does the hourly sweep for this ISP at once: invoices past due become overdue and customers overdue beyond the grace days get isolation requests, oldest debt first; returns both counts.' } })
    .input(z.strictObject({}).optional())
    .output(z.object({ overdue: z.number().int(), requested: z.number().int() }))
    .mutation(({ ctx }) => sweepTenant(ctx.tx, ctx.tenant.tenant_id, ctx.tenant.timezone)),
});
