/**
 * tickets: trouble tickets — lists (open, done, overdue, "my tickets", by customer or
 * outage), one ticket with its comments and next statuses, the customer's line (its live
 * PPPoE session from the router), opening, editing, one-tap status changes, assignment,
 * comments. Tickets are about subscribers: they ride on the
 * `customers` feature every plan has.
 */
import { z } from 'zod';
import {
  ticketAssignInput,
  ticketAssigneeSchema,
  ticketCommentInput,
  ticketCommentSchema,
  ticketCreateInput,
  ticketDetailSchema,
  ticketIdInput,
  ticketLineSchema,
  ticketListInput,
  ticketPageSchema,
  ticketSchema,
  ticketStatusInput,
  ticketUpdateInput,
} from '@rrnet/contracts';
import { addTicketComment, assignTicket, createTicket, getTicket, listAssignees, listTickets, setTicketStatus, updateTicket } from '@rrnet/core/tickets/tickets';
import { getTicketLine } from '@rrnet/core/tickets/ticket_line';
import { createTRPCRouter, tenantProcedure } from '../procedures';

const tags = ['tickets'];
const feature = 'customers' as const;
const read = 'tickets.tickets.read' as const;
const handle = 'tickets.tickets.handle' as const;

export const ticketsRouter = createTRPCRouter({
  list: tenantProcedure
    .meta({ permission: read, feature, openapi: { method: 'GET', path: '/tickets/tickets', tags, summary: 'List trouble tickets', description: 'Tickets newest first in keyset pages: `scope` open (open, in progress, waiting on the customer; the default), done or all; `mine` for those assigned to the caller, `overdue` for open ones past their SLA due time, or one customer\'s or outage\'s.' } })
    .input(ticketListInput)
    .output(ticketPageSchema)
    .query(({ ctx, input }) => listTickets(ctx.tx, ctx.principal.userId, input)),
  get: tenantProcedure
    .meta({ permission: read, feature, openapi: { method: 'GET', path: '/tickets/tickets/{id}', tags, summary: 'Get a trouble ticket', description: 'One ticket with its customer, linked outage, assignee, SLA due time, comments (internal and visible to the subscriber) and the statuses it may move to next.' } })
    .input(ticketIdInput)
    .output(ticketDetailSchema)
    .query(({ ctx, input }) => getTicket(ctx.tx, input.id)),
  line: tenantProcedure
    .meta({ permission: read, feature, openapi: { method: 'GET', path: '/tickets/tickets/{id}/line', tags, summary: 'Get the customer\'s line at a ticket', description: 'For the technician on the spot: the ticket\'s customer (status, isolated or not, location, ODP; phone and address masked without customers.pii.read), its router as the last sync left it, and — asked live over the RouterOS API — whether its PPPoE user has a session now (address, uptime, caller id) and how its secret stands. `state` leads: no_customer, no_router, router_unreachable (the router did not answer: not an error, the rest still shows, with when the router was last seen), online or offline.' } })
    .input(ticketIdInput)
    .output(ticketLineSchema)
    .query(({ ctx, input }) => getTicketLine(ctx.tx, ctx.services.network, ctx.tenant.tenant_id, input.id, ctx.principal.permissions)),
  assignees: tenantProcedure
    .meta({ permission: read, feature, openapi: { method: 'GET', path: '/tickets/assignees', tags, summary: 'List possible assignees', description: 'The ISP\'s active staff a ticket may be assigned to, technicians first.' } })
    .input(z.strictObject({}).optional())
    .output(z.array(ticketAssigneeSchema))
    .query(({ ctx }) => listAssignees(ctx.tx)),
  create: tenantProcedure
    .meta({ permission: handle, feature, openapi: { method: 'POST', path: '/tickets/tickets', tags, summary: 'Open a trouble ticket', description: 'Opens a ticket (category, priority, optional customer and assignee); it is due by the SLA of its priority and linked to the open outage affecting the customer, if any. An unknown customer or assignee is 400.' } })
    .input(ticketCreateInput)
    .output(ticketSchema)
    .mutation(({ ctx, input }) => createTicket(ctx.tx, ctx.principal.userId, input)),
  update: tenantProcedure
    .meta({ permission: handle, feature, openapi: { method: 'PATCH', path: '/tickets/tickets/{id}', tags, summary: 'Update a trouble ticket', description: 'Changes the subject, category or priority; a new priority moves the SLA due time (from when the ticket was opened).' } })
    .input(ticketUpdateInput)
    .output(ticketSchema)
    .mutation(({ ctx, input }) => updateTicket(ctx.tx, input)),
  setStatus: tenantProcedure
    .meta({ permission: handle, feature, openapi: { method: 'POST', path: '/tickets/tickets/{id}/status', tags, summary: 'Change a ticket\'s status', description: 'Moves the ticket along open → in progress → waiting on the customer → resolved → closed, or reopens a resolved or closed one (its SLA restarts); a change the machine does not allow is 409.' }, errors: ['CONFLICT'] })
    .input(ticketStatusInput)
    .output(ticketSchema)
    .mutation(({ ctx, input }) => setTicketStatus(ctx.tx, input.id, input.status)),
  assign: tenantProcedure
    .meta({ permission: 'tickets.tickets.assign', feature, openapi: { method: 'POST', path: '/tickets/tickets/{id}/assign', tags, summary: 'Assign a ticket', description: 'Assigns the ticket to one of the ISP\'s active staff (null: unassigned); someone who is not is 400.' } })
    .input(ticketAssignInput)
    .output(ticketSchema)
    .mutation(({ ctx, input }) => assignTicket(ctx.tx, input.id, input.assignee_id)),
  comment: tenantProcedure
    .meta({ permission: handle, feature, openapi: { method: 'POST', path: '/tickets/tickets/{id}/comments', tags, summary: 'Comment on a ticket', description: 'Adds a comment, internal (staff only) or visible to the subscriber.' } })
    .input(ticketCommentInput)
    .output(ticketCommentSchema)
    .mutation(({ ctx, input }) => addTicketComment(ctx.tx, ctx.principal.userId, input)),
});
