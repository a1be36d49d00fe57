/** isolir: the isolation/restore history and queue, and manual isolate/restore (audited). */
import { z } from 'zod';
import { isolationEventSchema, isolationListInput, isolirActionInput } from '@rrnet/contracts';
import { listIsolationEvents, manualIsolir, sweepTenant } from '@rrnet/core/isolir/isolir';
import { createTRPCRouter, tenantProcedure } from '../procedures';

const tags = ['isolir'];

export const isolirRouter = createTRPCRouter({
  events: tenantProcedure
    .meta({ permission: 'isolir.history.read', feature: 'isolir', openapi: { method: 'GET', path: '/isolir/events', tags } })
    .input(isolationListInput)
    .output(z.array(isolationEventSchema))
    .query(({ ctx, input }) => listIsolationEvents(ctx.tx, input)),
  act: tenantProcedure
    .meta({ permission: 'isolir.actions.execute', feature: 'isolir', openapi: { method: 'POST', path: '/isolir/actions', tags } })
    .input(isolirActionInput)
    .output(isolationEventSchema)
    .mutation(({ ctx, input }) => manualIsolir(ctx.tx, ctx.services.network, ctx.tenant.tenant_id, input, ctx.principal.userId)),
  /** the hourly sweep, now, for this ISP: overdue marking and isolation requests */
  sweep: tenantProcedure
    .meta({ permission: 'isolir.actions.execute', feature: 'isolir', openapi: { method: 'POST', path: '/isolir/sweeps', tags } })
    .input(z.strictObject({}).optional())
    .output(z.object({ overdue: z.number().int(), requested: z.number().int() }))
    .mutation(({ ctx }) => sweepTenant(ctx.tx, ctx.tenant.tenant_id, ctx.tenant.timezone)),
});
