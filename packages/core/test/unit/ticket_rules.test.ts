import { describe, expect, it } from 'vitest';
import { AppError, TICKET_STATUSES } from '@rrnet/contracts';
import { TICKET_SLA_HOURS, assertTicketTransition, isOverdue, slaDueAt, statusChange, ticketNumber } from '../../src/tickets/ticket_rules';

const now = new Date('2026-12-05T10:00:00Z');

describe('the ticket state machine', () => {
  it('open → in progress → waiting on the customer → resolved → closed, and back', () => {
    for (const [from, to] of [
      ['open', 'in_progress'],
      ['in_progress', 'waiting_customer'],
      ['waiting_customer', 'in_progress'],
      ['in_progress', 'resolved'],
      ['resolved', 'closed'],
      ['resolved', 'open'],
      ['closed', 'open'],
      ['open', 'resolved'],
    ] as const) {
      expect(() => assertTicketTransition(from, to), `${from} → ${to}`).not.toThrow();
    }
  });

  it('refuses what the machine does not allow', () => {
    expect(() => assertTicketTransition('open', 'closed')).toThrow(AppError);
    expect(() => assertTicketTransition('closed', 'resolved')).toThrow(/closed cannot become resolved/);
    for (const s of TICKET_STATUSES) expect(() => assertTicketTransition(s, s)).toThrow(AppError);
  });
});

describe('SLA', () => {
  it('due hours by priority, urgent first', () => {
    expect(slaDueAt('urgent', now).toISOString()).toBe('2026-12-05T14:00:00.000Z');
    expect(slaDueAt('high', now).toISOString()).toBe('2026-12-05T18:00:00.000Z');
    expect(slaDueAt('normal', now).toISOString()).toBe('2026-12-06T10:00:00.000Z');
    expect(slaDueAt('low', now).toISOString()).toBe('2026-12-08T10:00:00.000Z');
    expect(TICKET_SLA_HOURS.urgent).toBeLessThan(TICKET_SLA_HOURS.high);
  });

  it('overdue only while open and past due', () => {
    const due = new Date('2026-12-05T09:00:00Z');
    expect(isOverdue({ status: 'open', due_at: due }, now)).toBe(true);
    expect(isOverdue({ status: 'waiting_customer', due_at: due }, now)).toBe(true);
    expect(isOverdue({ status: 'resolved', due_at: due }, now)).toBe(false);
    expect(isOverdue({ status: 'closed', due_at: due }, now)).toBe(false);
    expect(isOverdue({ status: 'open', due_at: new Date('2026-12-05T11:00:00Z') }, now)).toBe(false);
  });
});

describe('status changes', () => {
  it('resolving and closing stamp the time; reopening clears them and restarts the SLA', () => {
    expect(statusChange('in_progress', 'resolved', 'high', now)).toEqual({ resolved_at: now });
    expect(statusChange('resolved', 'closed', 'high', now)).toEqual({ closed_at: now });
    expect(statusChange('closed', 'open', 'high', now)).toEqual({ resolved_at: null, closed_at: null, due_at: slaDueAt('high', now) });
    expect(statusChange('open', 'in_progress', 'high', now)).toEqual({});
    expect(() => statusChange('open', 'closed', 'high', now)).toThrow(AppError);
  });

  it('numbers tickets T-00001', () => {
    expect(ticketNumber(42)).toBe('T-00042');
  });
});
