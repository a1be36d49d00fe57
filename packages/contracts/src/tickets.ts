/**
 * tickets: trouble reports and their handling. The state machine: open → in_progress →
 * waiting_customer → resolved → closed, with reopen from resolved or closed; SLA due
 * times per priority (core/tickets/ticket_rules.ts).
 */
import { z } from 'zod';
import { CUSTOMER_STATUSES, ROUTER_STATUSES } from './constants';
import { text } from './validation';

export const TICKET_STATUSES = ['open', 'in_progress', 'waiting_customer', 'resolved', 'closed'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];
/** statuses that still count against the SLA */
export const OPEN_TICKET_STATUSES = ['open', 'in_progress', 'waiting_customer'] as const satisfies readonly TicketStatus[];

export const TICKET_TRANSITIONS: Record<TicketStatus, readonly TicketStatus[]> = {
  open: ['in_progress', 'waiting_customer', 'resolved'],
  in_progress: ['waiting_customer', 'resolved'],
  waiting_customer: ['in_progress', 'resolved'],
  resolved: ['closed', 'open'],
  closed: ['open'],
};
export function canTicketTransition(from: TicketStatus, to: TicketStatus): boolean {
  return TICKET_TRANSITIONS[from].includes(to);
}

export const TICKET_CATEGORIES = ['no_connection', 'slow', 'billing', 'relocation', 'other'] as const;
export type TicketCategory = (typeof TICKET_CATEGORIES)[number];
export const TICKET_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type TicketPriority = (typeof TICKET_PRIORITIES)[number];
export const TICKET_SOURCES = ['staff', 'portal', 'whatsapp'] as const;
export type TicketSource = (typeof TICKET_SOURCES)[number];
export const TICKET_COMMENT_VISIBILITIES = ['internal', 'visible'] as const;

const uuid = z.string().uuid();

export const ticketCreateInput = z.strictObject({
  customer_id: uuid.nullable().optional(),
  subject: text({ min: 3, max: 200 }),
  description: text({ max: 4000 }).nullable().optional(),
  category: z.enum(TICKET_CATEGORIES),
  priority: z.enum(TICKET_PRIORITIES).default('normal'),
  assignee_id: uuid.nullable().optional(),
});
export type TicketCreateInput = z.infer<typeof ticketCreateInput>;

export const ticketUpdateInput = z.strictObject({
  id: uuid,
  subject: text({ min: 3, max: 200 }).optional(),
  category: z.enum(TICKET_CATEGORIES).optional(),
  priority: z.enum(TICKET_PRIORITIES).optional(),
});
export const ticketStatusInput = z.strictObject({ id: uuid, status: z.enum(TICKET_STATUSES) });
export const ticketAssignInput = z.strictObject({ id: uuid, assignee_id: uuid.nullable() });
export const ticketCommentInput = z.strictObject({ id: uuid, body: text({ min: 1, max: 4000 }), visibility: z.enum(TICKET_COMMENT_VISIBILITIES).default('internal') });
export const ticketIdInput = z.strictObject({ id: uuid });

export const ticketListInput = z.strictObject({
  /** open: open, in progress, waiting; done: resolved and closed */
  scope: z.enum(['open', 'done', 'all']).default('open'),
  status: z.enum(TICKET_STATUSES).optional(),
  /** "my tickets": assigned to the caller */
  mine: z.coerce.boolean().optional(),
  overdue: z.coerce.boolean().optional(),
  customer_id: uuid.optional(),
  outage_id: uuid.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(200).optional(),
});
export type TicketListInput = z.infer<typeof ticketListInput>;

export const ticketSchema = z.object({
  id: uuid,
  number: z.string(),
  subject: z.string(),
  description: z.string().nullable(),
  category: z.enum(TICKET_CATEGORIES),
  priority: z.enum(TICKET_PRIORITIES),
  status: z.enum(TICKET_STATUSES),
  source: z.enum(TICKET_SOURCES),
  customer_id: uuid.nullable(),
  customer_name: z.string().nullable(),
  customer_code: z.string().nullable(),
  outage_id: uuid.nullable(),
  outage_title: z.string().nullable(),
  assignee_id: uuid.nullable(),
  assignee_name: z.string().nullable(),
  due_at: z.string(),
  overdue: z.boolean(),
  resolved_at: z.string().nullable(),
  closed_at: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});
export type Ticket = z.infer<typeof ticketSchema>;
export const ticketPageSchema = z.object({ items: z.array(ticketSchema), next_cursor: z.string().nullable() });

export const ticketCommentSchema = z.object({
  id: uuid,
  body: z.string(),
  visibility: z.enum(TICKET_COMMENT_VISIBILITIES),
  from_customer: z.boolean(),
  author_name: z.string().nullable(),
  created_at: z.string(),
});
export type TicketComment = z.infer<typeof ticketCommentSchema>;
export const ticketDetailSchema = ticketSchema.extend({
  comments: z.array(ticketCommentSchema),
  /** what the status may become next (the machine, from here) */
  next_statuses: z.array(z.enum(TICKET_STATUSES)),
});
export type TicketDetail = z.infer<typeof ticketDetailSchema>;

export const ticketAssigneeSchema = z.object({ user_id: uuid, name: z.string(), role: z.string() });

// ── the customer's line, for the technician at the ticket ──

/**
 * What the line card says first: no customer on the ticket; the customer has no router;
 * the router did not answer now (the card still shows what is known, with when the
 * router was last seen); or the PPPoE user's session, online or offline, read live.
 */
export const TICKET_LINE_STATES = ['no_customer', 'no_router', 'router_unreachable', 'online', 'offline'] as const;
export type TicketLineState = (typeof TICKET_LINE_STATES)[number];
/** the customer's PPPoE secret on the router: enabled, disabled, on the isolir profile, or not there at all */
export const LINE_SECRET_STATES = ['enabled', 'disabled', 'isolated', 'missing'] as const;
export type LineSecretState = (typeof LINE_SECRET_STATES)[number];

export const ticketLineSchema = z.object({
  ticket_id: uuid,
  state: z.enum(TICKET_LINE_STATES),
  /** when the router was asked (or would have been) */
  checked_at: z.string(),
  customer: z
    .object({
      id: uuid,
      code: z.string(),
      name: z.string(),
      status: z.enum(CUSTOMER_STATUSES),
      /** isolated for arrears (the customer's status), or isolation requested and not yet confirmed by the router */
      isolated: z.boolean(),
      isolir_pending: z.boolean(),
      pppoe_username: z.string(),
      /** masked without customers.pii.read */
      phone: z.string().nullable(),
      address: z.string().nullable(),
      pii_masked: z.boolean(),
      location: z.object({ lat: z.number(), lng: z.number() }).nullable(),
      odp_name: z.string().nullable(),
    })
    .nullable(),
  router: z
    .object({
      id: uuid,
      name: z.string(),
      /** from the last sync */
      status: z.enum(ROUTER_STATUSES),
      last_seen_at: z.string().nullable(),
      last_sync_at: z.string().nullable(),
      /** whether it answered this time; the reason when it did not */
      reachable: z.boolean(),
      error: z.string().nullable(),
    })
    .nullable(),
  /** the active PPPoE session now (null: offline, or the router could not be asked) */
  session: z.object({ address: z.string().nullable(), uptime: z.string(), caller_id: z.string().nullable() }).nullable(),
  /** the secret as the router has it now (null: not asked) */
  secret: z.enum(LINE_SECRET_STATES).nullable(),
});
export type TicketLine = z.infer<typeof ticketLineSchema>;
