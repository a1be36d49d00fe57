import { describe, expect, it } from 'vitest';
import { AppError, TICKET_STATUSES } from '@rrnet/contracts';
import { TICKET_SLA_HOURS, assertTicketTransition, isOverdue, lineSecretState, lineState, slaDueAt, statusChange, ticketNoticeWanted, ticketNumber, ticketStatusWords } from '../../src/tickets/ticket_rules';
import { optOutPreference } from '../../src/notifications/template_rules';

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

describe('ticket_update notices', () => {
  it('every status change and a visible staff reply tell the subscriber; internal comments and their own words never', () => {
    for (const [from, to] of [['open', 'in_progress'], ['in_progress', 'waiting_customer'], ['waiting_customer', 'resolved'], ['resolved', 'closed'], ['closed', 'open']] as const) {
      expect(ticketNoticeWanted({ kind: 'status', from, to, toldByOutage: false })).toBe(true);
    }
    expect(ticketNoticeWanted({ kind: 'comment', visibility: 'visible', fromCustomer: false })).toBe(true);
    expect(ticketNoticeWanted({ kind: 'comment', visibility: 'internal', fromCustomer: false })).toBe(false);
    expect(ticketNoticeWanted({ kind: 'comment', visibility: 'visible', fromCustomer: true })).toBe(false);
  });

  it('a ticket resolved with its outage is not news: the outage told them once', () => {
    expect(ticketNoticeWanted({ kind: 'status', from: 'in_progress', to: 'resolved', toldByOutage: true })).toBe(false);
    // closing it later still is
    expect(ticketNoticeWanted({ kind: 'status', from: 'resolved', to: 'closed', toldByOutage: true })).toBe(true);
  });

  it('words the status in the ISP\'s language; open after resolved is a reopening', () => {
    expect(ticketStatusWords('open', 'id', true)).toBe('dibuka kembali');
    expect(ticketStatusWords('open', 'en', false)).toBe('opened');
    expect(ticketStatusWords('waiting_customer', 'en', false)).toBe('waiting for your reply');
  });

  it('ticket updates follow their own opt-out, reminders theirs, urgent notices none', () => {
    expect(optOutPreference('ticket_update')).toBe('wa_opt_out_ticket_updates');
    expect(optOutPreference('payment_reminder')).toBe('wa_opt_out_reminders');
    expect(optOutPreference('outage_resolved')).toBeNull();
    expect(optOutPreference('invoice_issued')).toBeNull();
  });
});

describe('the customer’s line', () => {
  const byProfile = { mode: 'profile', profile: 'isolir' } as const;
  const byDisabling = { mode: 'disable', profile: 'isolir' } as const;

  it('the secret: missing, disabled, on the isolir profile (isolated where the ISP isolates by profile), else enabled', () => {
    expect(lineSecretState(null, byProfile)).toBe('missing');
    expect(lineSecretState({ disabled: true, profile: 'isolir' }, byProfile)).toBe('disabled');
    expect(lineSecretState({ disabled: false, profile: 'isolir' }, byProfile)).toBe('isolated');
    expect(lineSecretState({ disabled: false, profile: 'isolir' }, byDisabling)).toBe('enabled');
    expect(lineSecretState({ disabled: false, profile: 'paket-20m' }, byProfile)).toBe('enabled');
  });

  it('leads with what is missing first, then whether the router answered, then the session', () => {
    expect(lineState({ hasCustomer: false, hasRouter: false, reachable: false, sessions: 0 })).toBe('no_customer');
    expect(lineState({ hasCustomer: true, hasRouter: false, reachable: false, sessions: 0 })).toBe('no_router');
    expect(lineState({ hasCustomer: true, hasRouter: true, reachable: false, sessions: 0 })).toBe('router_unreachable');
    expect(lineState({ hasCustomer: true, hasRouter: true, reachable: true, sessions: 0 })).toBe('offline');
    expect(lineState({ hasCustomer: true, hasRouter: true, reachable: true, sessions: 1 })).toBe('online');
  });
});
