/**
 * Ticket rules (pure): the state machine's guard, SLA due times per priority, overdue,
 * which timestamps a status change sets or clears, and what the customer's line card says.
 */
import { AppError, OPEN_TICKET_STATUSES, TICKET_TRANSITIONS, canTicketTransition, fieldMessage, serverMessage } from '@rrnet/contracts';
import type { LineSecretState, TicketLineState, TicketPriority, TicketStatus, WaLanguage } from '@rrnet/contracts';

/** Hours to resolve, by priority: an ISP's subscriber without a connection waits hours, not days. */
export const TICKET_SLA_HOURS: Readonly<Record<TicketPriority, number>> = { urgent: 4, high: 8, normal: 24, low: 72 };

export function assertTicketTransition(from: TicketStatus, to: TicketStatus): void {
  if (!canTicketTransition(from, to)) {
    throw new AppError('CONFLICT', {
      message: serverMessage('ticket_transition', { from, to }),
      details: { status: fieldMessage('ticket_not_from', { from }), allowed: TICKET_TRANSITIONS[from].join(',') },
    });
  }
}

/** When a ticket of this priority opened at `from` is due. */
export function slaDueAt(priority: TicketPriority, from: Date): Date {
  return new Date(from.getTime() + TICKET_SLA_HOURS[priority] * 3_600_000);
}

/** Past its due time and not resolved or closed. */
export function isOverdue(t: { status: TicketStatus; due_at: Date }, now: Date): boolean {
  return (OPEN_TICKET_STATUSES as readonly TicketStatus[]).includes(t.status) && t.due_at.getTime() < now.getTime();
}

/**
 * The timestamps a status change writes: resolving sets resolved_at, closing closed_at,
 * reopening clears both and restarts the SLA clock from `now` at the ticket's priority.
 */
export function statusChange(from: TicketStatus, to: TicketStatus, priority: TicketPriority, now: Date): { resolved_at?: Date | null; closed_at?: Date | null; due_at?: Date } {
  assertTicketTransition(from, to);
  if (to === 'resolved') return { resolved_at: now };
  if (to === 'closed') return { closed_at: now };
  if (to === 'open' && (from === 'resolved' || from === 'closed')) return { resolved_at: null, closed_at: null, due_at: slaDueAt(priority, now) };
  return {};
}

/** "T-00042" */
export function ticketNumber(n: number): string {
  return `T-${String(n).padStart(5, '0')}`;
}

/** What happened to a ticket that its subscriber might hear about. */
export type TicketNoticeEvent =
  | { kind: 'status'; from: TicketStatus; to: TicketStatus; /** the ticket's outage is resolved and this customer got its 'resolved' notice */ toldByOutage: boolean }
  | { kind: 'comment'; visibility: 'internal' | 'visible'; fromCustomer: boolean };

/**
 * Whether a ticket_update goes to the subscriber: every status change (in progress,
 * waiting on them, resolved, closed, reopened) and staff's visible replies; never an
 * internal comment or the subscriber's own words; and not "resolved" when the outage the
 * ticket is linked to already told them it is over (told once, by the outage).
 */
export function ticketNoticeWanted(e: TicketNoticeEvent): boolean {
  if (e.kind === 'comment') return e.visibility === 'visible' && !e.fromCustomer;
  if (e.from === e.to) return false;
  return !(e.to === 'resolved' && e.toldByOutage);
}

/** The status as the subscriber reads it ({{ticket_status}}); 'open' after resolved/closed is a reopening. */
export function ticketStatusWords(to: TicketStatus, language: WaLanguage, reopened: boolean): string {
  const words: Record<WaLanguage, Record<TicketStatus, string>> = {
    id: { open: reopened ? 'dibuka kembali' : 'dibuka', in_progress: 'sedang ditangani teknisi', waiting_customer: 'menunggu balasan Anda', resolved: 'selesai', closed: 'ditutup' },
    en: { open: reopened ? 'reopened' : 'opened', in_progress: 'being handled by a technician', waiting_customer: 'waiting for your reply', resolved: 'resolved', closed: 'closed' },
  };
  return words[language][to];
}

/**
 * The customer's PPPoE secret as the router has it: missing, disabled (suspended, or
 * isolated where the ISP isolates by disabling), on the isolir profile (isolated where the
 * ISP isolates by profile), else enabled.
 */
export function lineSecretState(secret: { disabled: boolean; profile: string } | null, isolir: { mode: 'profile' | 'disable'; profile: string }): LineSecretState {
  if (!secret) return 'missing';
  if (secret.disabled) return 'disabled';
  if (isolir.mode === 'profile' && secret.profile === isolir.profile) return 'isolated';
  return 'enabled';
}

/** What the line card leads with, from what is known: the ticket's customer, its router, whether the router answered, its session. */
export function lineState(line: { hasCustomer: boolean; hasRouter: boolean; reachable: boolean; sessions: number }): TicketLineState {
  if (!line.hasCustomer) return 'no_customer';
  if (!line.hasRouter) return 'no_router';
  if (!line.reachable) return 'router_unreachable';
  return line.sessions > 0 ? 'online' : 'offline';
}
