/**
 * Trouble tickets: opened by staff (or the portal / an inbound WhatsApp message), numbered
 * per ISP, due by the SLA of their priority, linked to the open outage that affects their
 * customer (at creation, or when the outage is propagated later), assigned to a
 * technician, commented internally or visibly, moved through the contracts' machine.
 * A status change or a visible staff reply tells the subscriber (ticket_update, queued in
 * the same transaction, once per event); an outage's resolution tells them once itself.
 */
import { AppError, OPEN_TICKET_STATUSES, TICKET_TRANSITIONS, FIELD_MESSAGES, serverMessage } from '@rrnet/contracts';
import type { Ticket, TicketComment, TicketCreateInput, TicketDetail, TicketListInput, TicketPriority, TicketSource, TicketStatus } from '@rrnet/contracts';
import type { TenantTx } from '@rrnet/db';
import { decodeCursor, encodeCursor } from '../notifications/delivery_rules';
import { loadWaConfig, queueMessage } from '../notifications/outbox';
import { isOverdue, slaDueAt, statusChange, ticketNoticeWanted, ticketNumber, ticketStatusWords } from './ticket_rules';
import type { TicketNoticeEvent } from './ticket_rules';

interface TicketRow {
  id: string;
  number: string;
  subject: string;
  description: string | null;
  category: Ticket['category'];
  priority: TicketPriority;
  status: TicketStatus;
  source: TicketSource;
  customer_id: string | null;
  customer_name: string | null;
  customer_code: string | null;
  outage_id: string | null;
  outage_title: string | null;
  assignee_id: string | null;
  assignee_name: string | null;
  due_at: Date | string;
  resolved_at: Date | string | null;
  closed_at: Date | string | null;
  created_at: Date | string;
  updated_at: Date | string;
}

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

function toTicket(r: TicketRow, now: Date): Ticket {
  return {
    ...r,
    due_at: new Date(r.due_at).toISOString(),
    overdue: isOverdue({ status: r.status, due_at: new Date(r.due_at) }, now),
    resolved_at: iso(r.resolved_at),
    closed_at: iso(r.closed_at),
    created_at: new Date(r.created_at).toISOString(),
    updated_at: new Date(r.updated_at).toISOString(),
  };
}

function selectTickets(tx: TenantTx, where: ReturnType<TenantTx['sql']>, tail: ReturnType<TenantTx['sql']> = tx.sql``) {
  return tx.sql<TicketRow[]>`
    SELECT t.id, t.number, t.subject, t.description, t.category, t.priority, t.status, t.source, t.customer_id,
           c.name AS customer_name, c.code AS customer_code, t.outage_id, o.title AS outage_title,
           t.assignee_id, u.name AS assignee_name, t.due_at, t.resolved_at, t.closed_at, t.created_at, t.updated_at
    FROM tenant_tickets t
    LEFT JOIN tenant_customers c ON c.id = t.customer_id
    LEFT JOIN tenant_outages o ON o.id = t.outage_id
    LEFT JOIN sys_users u ON u.id = t.assignee_id
    WHERE ${where} ${tail}`;
}

async function loadTicket(tx: TenantTx, id: string, lock = false): Promise<Ticket> {
  if (lock) await tx.sql`SELECT 1 FROM tenant_tickets WHERE id = ${id} FOR UPDATE`;
  const [row] = await selectTickets(tx, tx.sql`t.id = ${id}`);
  if (!row) throw new AppError('NOT_FOUND', { message: serverMessage('ticket_not_found') });
  return toTicket(row, new Date());
}

async function checkAssignee(tx: TenantTx, assigneeId: string | null | undefined): Promise<void> {
  if (!assigneeId) return;
  const [m] = await tx.sql`SELECT 1 FROM tenant_memberships WHERE user_id = ${assigneeId} AND status = 'active'`;
  if (!m) throw new AppError('VALIDATION_FAILED', { message: serverMessage('not_isp_user'), details: { assignee_id: FIELD_MESSAGES.unknown_user } });
}

/** The open outage (most recent) that affects this customer, if any. */
async function openOutageOf(tx: TenantTx, customerId: string): Promise<string | null> {
  const [row] = await tx.sql<{ id: string }[]>`
    SELECT o.id FROM tenant_outage_customers oc JOIN tenant_outages o ON o.id = oc.outage_id
    WHERE oc.customer_id = ${customerId} AND o.status = 'open' ORDER BY o.started_at DESC LIMIT 1`;
  return row?.id ?? null;
}

export async function createTicket(tx: TenantTx, userId: string | null, input: TicketCreateInput, source: TicketSource = 'staff'): Promise<Ticket> {
  if (input.customer_id) {
    const [c] = await tx.sql`SELECT 1 FROM tenant_customers WHERE id = ${input.customer_id}`;
    if (!c) throw new AppError('VALIDATION_FAILED', { message: serverMessage('customer_not_found'), details: { customer_id: FIELD_MESSAGES.unknown_customer } });
  }
  await checkAssignee(tx, input.assignee_id);
  // numbering: one writer at a time per ISP
  await tx.sql`SELECT pg_advisory_xact_lock(hashtext(app_current_tenant()::text || ':ticket_numbers'))`;
  // the ISP's highest number, also from a subscriber's portal session (which sees only its own tickets)
  const [last] = await tx.sql<{ n: number }[]>`SELECT sys_ticket_last_number() AS n`;
  const now = new Date();
  const outageId = input.customer_id ? await openOutageOf(tx, input.customer_id) : null;
  const [row] = await tx.sql<{ id: string }[]>`
    INSERT INTO tenant_tickets (tenant_id, number, customer_id, outage_id, subject, description, category, priority, status, source, assignee_id, created_by, due_at)
    VALUES (app_current_tenant(), ${ticketNumber((last?.n ?? 0) + 1)}, ${input.customer_id ?? null}, ${outageId}, ${input.subject}, ${input.description ?? null},
            ${input.category}, ${input.priority}, 'open', ${source}, ${input.assignee_id ?? null}, ${userId}, ${slaDueAt(input.priority, now).toISOString()}::timestamptz)
    RETURNING id`;
  return loadTicket(tx, row!.id);
}

export async function updateTicket(tx: TenantTx, input: { id: string; subject?: string | undefined; category?: Ticket['category'] | undefined; priority?: TicketPriority | undefined }): Promise<Ticket> {
  const t = await loadTicket(tx, input.id, true);
  // a new priority moves the SLA: due from when the ticket was opened, at the new priority's hours
  const due = input.priority && input.priority !== t.priority ? slaDueAt(input.priority, new Date(t.created_at)).toISOString() : null;
  await tx.sql`
    UPDATE tenant_tickets SET subject = coalesce(${input.subject ?? null}, subject), category = coalesce(${input.category ?? null}, category),
           priority = coalesce(${input.priority ?? null}, priority), due_at = coalesce(${due}::timestamptz, due_at), updated_at = now()
    WHERE id = ${input.id}`;
  return loadTicket(tx, input.id);
}

export interface TicketNotice {
  /** one per event: the outbox keeps the first message of a key */
  dedupeKey: string;
  event: TicketNoticeEvent;
  /** {{message}}: a staff reply's words, or '' */
  message: string;
}

/**
 * A ticket_update for the ticket's subscriber through the outbox (their ticket-update
 * preference and the ISP's quiet hours applied there), when ticketNoticeWanted says so.
 * Returns the message id, or null (no customer, not wanted, opted out, duplicate...).
 */
export async function queueTicketNotice(tx: TenantTx, ticket: Ticket, notice: TicketNotice): Promise<string | null> {
  if (!ticket.customer_id || !ticketNoticeWanted(notice.event)) return null;
  const [c] = await tx.sql<{ phone: string | null; name: string; code: string; tenant_id: string }[]>`
    SELECT phone, name, code, tenant_id FROM tenant_customers WHERE id = ${ticket.customer_id}`;
  if (!c?.phone) return null;
  const { language } = await loadWaConfig(tx);
  const reopened = notice.event.kind === 'status' && notice.event.to === 'open';
  return queueMessage(tx, c.tenant_id, {
    customerId: ticket.customer_id,
    code: 'ticket_update',
    toPhone: c.phone,
    dedupeKey: notice.dedupeKey,
    values: { name: c.name, customer_code: c.code, ticket_number: ticket.number, ticket_status: ticketStatusWords(ticket.status, language, reopened), message: notice.message },
  });
}

/** The ticket's outage is resolved: its 'resolved' notice told the subscriber, so the ticket's resolution does not. */
async function outageResolved(tx: TenantTx, outageId: string | null): Promise<boolean> {
  if (!outageId) return false;
  const [o] = await tx.sql<{ status: string }[]>`SELECT status FROM tenant_outages WHERE id = ${outageId}`;
  return o?.status === 'resolved';
}

export async function setTicketStatus(tx: TenantTx, id: string, to: TicketStatus, now: Date = new Date()): Promise<Ticket> {
  const t = await loadTicket(tx, id, true);
  const change = statusChange(t.status, to, t.priority, now);
  const has = (k: keyof typeof change) => k in change;
  await tx.sql`
    UPDATE tenant_tickets SET status = ${to},
      resolved_at = CASE WHEN ${has('resolved_at')} THEN ${iso(change.resolved_at ?? null)}::timestamptz ELSE resolved_at END,
      closed_at = CASE WHEN ${has('closed_at')} THEN ${iso(change.closed_at ?? null)}::timestamptz ELSE closed_at END,
      due_at = coalesce(${iso(change.due_at ?? null)}::timestamptz, due_at), updated_at = now()
    WHERE id = ${id}`;
  const changed = await loadTicket(tx, id);
  // the event: this ticket leaving the state it was in at that moment (a replay of the same change has the same key)
  await queueTicketNotice(tx, changed, {
    dedupeKey: `ticket_update:${id}:${to}:${Date.parse(t.updated_at)}`,
    event: { kind: 'status', from: t.status, to, toldByOutage: to === 'resolved' && (await outageResolved(tx, t.outage_id)) },
    message: '',
  });
  return changed;
}

export async function assignTicket(tx: TenantTx, id: string, assigneeId: string | null): Promise<Ticket> {
  await loadTicket(tx, id, true);
  await checkAssignee(tx, assigneeId);
  await tx.sql`UPDATE tenant_tickets SET assignee_id = ${assigneeId}, updated_at = now() WHERE id = ${id}`;
  return loadTicket(tx, id);
}

export async function addTicketComment(
  tx: TenantTx,
  userId: string | null,
  input: { id: string; body: string; visibility: 'internal' | 'visible' },
  fromCustomer = false,
  externalId: string | null = null,
): Promise<TicketComment> {
  const ticket = await loadTicket(tx, input.id, true);
  const [row] = await tx.sql<{ id: string }[]>`
    INSERT INTO tenant_ticket_comments (tenant_id, ticket_id, author_id, from_customer, body, visibility, external_id)
    VALUES (app_current_tenant(), ${input.id}, ${userId}, ${fromCustomer}, ${input.body}, ${fromCustomer ? 'visible' : input.visibility}, ${externalId})
    RETURNING id`;
  await tx.sql`UPDATE tenant_tickets SET updated_at = now() WHERE id = ${input.id}`;
  await queueTicketNotice(tx, ticket, {
    dedupeKey: `ticket_update:${input.id}:comment:${row!.id}`,
    event: { kind: 'comment', visibility: fromCustomer ? 'visible' : input.visibility, fromCustomer },
    message: input.body.length > 700 ? `${input.body.slice(0, 699)}…` : input.body,
  });
  const comments = await listComments(tx, input.id);
  return comments.find((c) => c.id === row!.id)!;
}

async function listComments(tx: TenantTx, ticketId: string): Promise<TicketComment[]> {
  const rows = await tx.sql<{ id: string; body: string; visibility: 'internal' | 'visible'; from_customer: boolean; author_name: string | null; created_at: Date | string }[]>`
    SELECT k.id, k.body, k.visibility, k.from_customer, u.name AS author_name, k.created_at
    FROM tenant_ticket_comments k LEFT JOIN sys_users u ON u.id = k.author_id
    WHERE k.ticket_id = ${ticketId} ORDER BY k.created_at, k.id`;
  return rows.map((r) => ({ ...r, created_at: new Date(r.created_at).toISOString() }));
}

export async function getTicket(tx: TenantTx, id: string): Promise<TicketDetail> {
  const t = await loadTicket(tx, id);
  return { ...t, comments: await listComments(tx, id), next_statuses: [...TICKET_TRANSITIONS[t.status]] };
}

export async function listTickets(tx: TenantTx, userId: string | null, input: TicketListInput, now: Date = new Date()): Promise<{ items: Ticket[]; next_cursor: string | null }> {
  const statuses: TicketStatus[] = input.status
    ? [input.status]
    : input.scope === 'open'
      ? [...OPEN_TICKET_STATUSES]
      : input.scope === 'done'
        ? ['resolved', 'closed']
        : ['open', 'in_progress', 'waiting_customer', 'resolved', 'closed'];
  const cursor = input.cursor ? decodeCursor(input.cursor) : null;
  if (input.cursor && !cursor) throw new AppError('VALIDATION_FAILED', { message: serverMessage('invalid_list_cursor'), details: { cursor: FIELD_MESSAGES.start_again } });
  const { sql } = tx;
  const rows = await selectTickets(
    tx,
    sql`t.status = ANY(${statuses}::text[])
        ${input.mine ? sql`AND t.assignee_id = ${userId}::uuid` : sql``}
        ${input.overdue ? sql`AND t.status = ANY(${[...OPEN_TICKET_STATUSES]}::text[]) AND t.due_at < ${now.toISOString()}::timestamptz` : sql``}
        ${input.customer_id ? sql`AND t.customer_id = ${input.customer_id}` : sql``}
        ${input.outage_id ? sql`AND t.outage_id = ${input.outage_id}` : sql``}
        ${cursor ? sql`AND (t.created_at, t.id) < (${cursor.createdAt}::timestamptz, ${cursor.id}::uuid)` : sql``}`,
    sql`ORDER BY t.created_at DESC, t.id DESC LIMIT ${input.limit + 1}`,
  );
  const items = rows.slice(0, input.limit).map((r) => toTicket(r, now));
  const last = rows.length > input.limit ? rows[input.limit - 1]! : null;
  return { items, next_cursor: last ? encodeCursor(new Date(last.created_at).toISOString(), last.id) : null };
}

/** Who a ticket may be assigned to: the ISP's active staff who handle tickets (technicians first). */
export async function listAssignees(tx: TenantTx): Promise<{ user_id: string; name: string; role: string }[]> {
  return tx.sql<{ user_id: string; name: string; role: string }[]>`
    SELECT m.user_id, u.name, m.role FROM tenant_memberships m JOIN sys_users u ON u.id = m.user_id
    WHERE m.status = 'active' AND m.role IN ('technician', 'customer_service', 'admin', 'owner')
    ORDER BY m.role <> 'technician', u.name`;
}

/** An outage's customers' open tickets without an outage are linked to it (propagation of an open outage). */
export async function linkTicketsToOutage(tx: TenantTx, outageId: string): Promise<number> {
  const r = await tx.sql`
    UPDATE tenant_tickets t SET outage_id = ${outageId}, updated_at = now()
    FROM tenant_outage_customers oc
    WHERE oc.outage_id = ${outageId} AND oc.customer_id = t.customer_id AND t.outage_id IS NULL
      AND t.status = ANY(${[...OPEN_TICKET_STATUSES]}::text[])`;
  return r.count;
}

/** The statuses a ticket may be resolved from (the machine's sources of 'resolved'). */
export function ticketSourcesOf(to: TicketStatus): TicketStatus[] {
  return (Object.keys(TICKET_TRANSITIONS) as TicketStatus[]).filter((from) => TICKET_TRANSITIONS[from].includes(to));
}

/** How many of an outage's linked tickets are still open (the outage page proposes resolving them once it is resolved). */
export async function openTicketsOfOutage(tx: TenantTx, outageId: string): Promise<number> {
  const [row] = await tx.sql<{ n: number }[]>`
    SELECT count(*)::int AS n FROM tenant_tickets WHERE outage_id = ${outageId} AND status = ANY(${[...OPEN_TICKET_STATUSES]}::text[])`;
  return row?.n ?? 0;
}

/**
 * An outage resolved: its linked open tickets resolved in one statement (sources of
 * 'resolved' from the machine), each with a visible note; the subscribers were told by
 * the outage's 'resolved' notice, so no ticket_update is queued here (nor by a linked
 * ticket resolved one by one later: setTicketStatus asks outageResolved). Refused while
 * the outage is not resolved.
 */
export async function resolveOutageTickets(tx: TenantTx, outageId: string, userId: string | null, note: string): Promise<number> {
  const [o] = await tx.sql<{ status: string }[]>`SELECT status FROM tenant_outages WHERE id = ${outageId}`;
  if (!o) throw new AppError('NOT_FOUND', { message: serverMessage('outage_not_found') });
  if (o.status !== 'resolved') throw new AppError('CONFLICT', { message: serverMessage('resolve_outage_first') });
  const rows = await tx.sql<{ id: string }[]>`
    WITH done AS (
      UPDATE tenant_tickets SET status = 'resolved', resolved_at = now(), updated_at = now()
      WHERE outage_id = ${outageId} AND status = ANY(${ticketSourcesOf('resolved')}::text[])
      RETURNING id
    ), noted AS (
      INSERT INTO tenant_ticket_comments (tenant_id, ticket_id, author_id, body, visibility)
      SELECT app_current_tenant(), id, ${userId}::uuid, ${note}, 'visible' FROM done
    )
    SELECT id FROM done`;
  return rows.length;
}
