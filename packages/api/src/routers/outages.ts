/**
 * outages: open and past outages with affected counts, the open ones on the map with their
 * affected area, one outage's timeline, affected
 * customers and their notices, declaring on a router or topology node, confirming or
 * dismissing what router_sync suspected, resolving (the subscribers are told once).
 */
import { z } from 'zod';
import {
  outageCustomerListInput,
  outageCustomerPageSchema,
  outageDeclareInput,
  outageDetailSchema,
  outageIdInput,
  outageListInput,
  outageMapInput,
  outageMapSchema,
  outagePageSchema,
  outageSchema,
  outageSummarySchema,
  outageUpdateInput,
} from '@rrnet/contracts';
import {
  confirmOutage,
  declareOutage,
  dismissOutage,
  getOutage,
  listOutageCustomers,
  listOutages,
  outageSummary,
  resolveOutage,
  updateOutage,
} from '@rrnet/core/outages/outages';
import { outageMap } from '@rrnet/core/outages/outage_map';
import { resolveOutageTickets } from '@rrnet/core/tickets/tickets';
import { createTRPCRouter, tenantProcedure } from '../procedures';

const tags = ['outages'];
const feature = 'outages' as const;
const read = 'outages.outages.read' as const;
const manage = 'outages.outages.manage' as const;

export const outagesRouter = createTRPCRouter({
  list: tenantProcedure
    .meta({ permission: read, feature, openapi: { method: 'GET', path: '/outages/outages', tags, summary: 'List outages', description: 'Outages newest first in keyset pages: `scope=active` (suspected and open, the default), `history` (resolved and dismissed, with their duration) or `all`; each with its router or node, affected and notified counts.' } })
    .input(outageListInput)
    .output(outagePageSchema)
    .query(({ ctx, input }) => listOutages(ctx.tx, input)),
  summary: tenantProcedure
    .meta({ permission: read, feature, openapi: { method: 'GET', path: '/outages/summary', tags, summary: 'Outage summary', description: 'Open and suspected outages, the customers affected by open ones, and the mean resolution time over the last 30 days (the dashboard card).' } })
    .input(z.strictObject({}).optional())
    .output(outageSummarySchema)
    .query(({ ctx }) => outageSummary(ctx.tx)),
  map: tenantProcedure
    .meta({ permission: read, feature, openapi: { method: 'GET', path: '/outages/map', tags, summary: 'Outages on the map', description: 'Suspected and open outages with their router or node and its position, the nodes below it, the affected count and the affected customers\' area (convex hull of their locations and a circle around it); with a bounding box (`min_lat`, `min_lng`, `max_lat`, `max_lng`: all four or none), the affected customers inside it, for tinting their markers.' } })
    .input(outageMapInput)
    .output(outageMapSchema)
    .query(({ ctx, input }) => outageMap(ctx.tx, input)),
  get: tenantProcedure
    .meta({ permission: read, feature, openapi: { method: 'GET', path: '/outages/outages/{id}', tags, summary: 'Get an outage', description: 'One outage with its timeline (declared or detected, propagated, confirmed, resolution proposed, resolved or dismissed), notice delivery by status, and how many affected customers another open outage already covers.' } })
    .input(outageIdInput)
    .output(outageDetailSchema)
    .query(({ ctx, input }) => getOutage(ctx.tx, input.id)),
  customers: tenantProcedure
    .meta({ permission: read, feature, openapi: { method: 'GET', path: '/outages/outages/{id}/customers', tags, summary: 'List an outage\'s affected customers', description: 'The customers below the outage\'s node or router, by code in keyset pages, with their ODP and the state of their \'started\' and \'resolved\' WhatsApp notices.' } })
    .input(outageCustomerListInput)
    .output(outageCustomerPageSchema)
    .query(({ ctx, input }) => listOutageCustomers(ctx.tx, input)),
  declare: tenantProcedure
    .meta({ permission: manage, feature, openapi: { method: 'POST', path: '/outages/outages', tags, summary: 'Declare an outage', description: 'Opens an outage on a router or a topology node (OLT, ODC, ODP) with cause, expected restoration and notes; a background job records every customer below it and tells them by WhatsApp (once, even when outages overlap). An unknown router or node is 400.' } })
    .input(outageDeclareInput)
    .output(outageSchema)
    .mutation(({ ctx, input }) => declareOutage(ctx.tx, ctx.tenant.tenant_id, ctx.principal.userId, input)),
  update: tenantProcedure
    .meta({ permission: manage, feature, openapi: { method: 'PATCH', path: '/outages/outages/{id}', tags, summary: 'Update an outage', description: 'Changes the title, cause, expected restoration or notes of a suspected or open outage; a resolved or dismissed one is 409.' }, errors: ['CONFLICT'] })
    .input(outageUpdateInput)
    .output(outageSchema)
    .mutation(({ ctx, input }) => updateOutage(ctx.tx, input)),
  confirm: tenantProcedure
    .meta({ permission: manage, feature, openapi: { method: 'POST', path: '/outages/outages/{id}/confirm', tags, summary: 'Confirm a suspected outage', description: 'A suspected outage (a router unreachable for the ISP\'s minutes) becomes open and its customers are told; anything but suspected is 409.' }, errors: ['CONFLICT'] })
    .input(outageIdInput)
    .output(outageSchema)
    .mutation(({ ctx, input }) => confirmOutage(ctx.tx, ctx.tenant.tenant_id, input.id)),
  dismiss: tenantProcedure
    .meta({ permission: manage, feature, openapi: { method: 'POST', path: '/outages/outages/{id}/dismiss', tags, summary: 'Dismiss a suspected outage', description: 'A false alarm: the suspected outage is closed without telling anyone; anything but suspected is 409.' }, errors: ['CONFLICT'] })
    .input(outageIdInput)
    .output(outageSchema)
    .mutation(({ ctx, input }) => dismissOutage(ctx.tx, input.id)),
  resolve: tenantProcedure
    .meta({ permission: manage, feature, openapi: { method: 'POST', path: '/outages/outages/{id}/resolve', tags, summary: 'Resolve an outage', description: 'Records the resolution time of an open outage and queues the \'resolved\' WhatsApp notice to its customers, once, except those another open outage still covers; anything but open is 409.' }, errors: ['CONFLICT'] })
    .input(outageIdInput)
    .output(outageSchema.extend({ notices_queued: z.number().int() }))
    .mutation(({ ctx, input }) => resolveOutage(ctx.tx, ctx.tenant.tenant_id, ctx.principal.userId, input.id)),
  resolveTickets: tenantProcedure
    .meta({ permission: 'tickets.tickets.handle', feature, openapi: { method: 'POST', path: '/outages/outages/{id}/resolve-tickets', tags, summary: 'Resolve an outage\'s tickets', description: 'Once an outage is resolved, resolves the trouble tickets linked to it that are still open, each with a visible note; the subscribers were already told by the outage\'s \'resolved\' notice. An outage not resolved yet is 409.' }, errors: ['CONFLICT'] })
    .input(z.strictObject({ id: z.string().uuid(), note: z.string().trim().min(1).max(500) }))
    .output(z.object({ resolved: z.number().int() }))
    .mutation(async ({ ctx, input }) => ({ resolved: await resolveOutageTickets(ctx.tx, input.id, ctx.principal.userId, input.note) })),
});
