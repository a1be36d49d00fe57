import { describe, expect, it } from 'vitest';
import { AppError, CUSTOMER_STATUSES, canTransition } from '@rrnet/contracts';
import type { CustomerStatus } from '@rrnet/contracts';
import {
  ISOLIR_TRANSITIONS,
  NOTICE_TEMPLATES,
  assertManualIsolir,
  hasArrearsBeyondGrace,
  isBeyondGrace,
  isolirSources,
  isolirTarget,
  noticeDedupeKey,
  renderNotice,
  shouldIsolate,
  shouldRestore,
  statusAfterIsolir,
} from '../../src/isolir/isolir_rules';
import type { IsolirCustomer, OpenInvoiceDue } from '../../src/isolir/isolir_rules';

function thrown(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return err as AppError;
  }
  throw new Error('expected an AppError');
}

const customer = (status: CustomerStatus, isolir_pending = false): IsolirCustomer => ({ status, isolir_pending });
const due = (due_date: string, status: OpenInvoiceDue['status'] = 'overdue'): OpenInvoiceDue => ({ status, due_date });

describe('grace', () => {
  it('on due + grace days the customer is still connected; the day after, beyond grace', () => {
    expect(isBeyondGrace('2026-11-01', 3, '2026-11-03')).toBe(false);
    expect(isBeyondGrace('2026-11-01', 3, '2026-11-04')).toBe(false);
    expect(isBeyondGrace('2026-11-01', 3, '2026-11-05')).toBe(true);
  });

  it('no grace: beyond it the day after the due date', () => {
    expect(isBeyondGrace('2026-11-01', 0, '2026-11-01')).toBe(false);
    expect(isBeyondGrace('2026-11-01', 0, '2026-11-02')).toBe(true);
  });

  it('across month ends and leap days', () => {
    expect(isBeyondGrace('2026-01-30', 3, '2026-02-02')).toBe(false);
    expect(isBeyondGrace('2026-01-30', 3, '2026-02-03')).toBe(true);
    // 27 Feb + 3 days = 1 March in a leap year, 2 March otherwise
    expect(isBeyondGrace('2024-02-27', 3, '2024-03-01')).toBe(false);
    expect(isBeyondGrace('2024-02-27', 3, '2024-03-02')).toBe(true);
    expect(isBeyondGrace('2026-02-27', 3, '2026-03-02')).toBe(false);
    expect(isBeyondGrace('2026-02-27', 3, '2026-03-03')).toBe(true);
  });

  it('only open invoices count as arrears', () => {
    expect(hasArrearsBeyondGrace([due('2026-10-01', 'paid'), due('2026-10-01', 'void')], 3, '2026-11-26')).toBe(false);
    expect(hasArrearsBeyondGrace([due('2026-10-01', 'unpaid')], 3, '2026-11-26')).toBe(true);
    expect(hasArrearsBeyondGrace([], 3, '2026-11-26')).toBe(false);
  });
});

describe('who is isolated, who is restored', () => {
  const today = '2026-11-26';
  it('the sweep isolates an active customer with an open invoice overdue beyond grace, and no isolation on its way', () => {
    expect(shouldIsolate(customer('active'), [due('2026-11-01')], 3, today)).toBe(true);
    expect(shouldIsolate(customer('active'), [due('2026-11-01', 'unpaid')], 3, today)).toBe(true);
    expect(shouldIsolate(customer('active'), [due('2026-11-23')], 3, today)).toBe(false);
    expect(shouldIsolate(customer('active'), [due('2026-11-22')], 3, today)).toBe(true);
    expect(shouldIsolate(customer('active', true), [due('2026-11-01')], 3, today)).toBe(false);
    for (const status of ['isolated', 'suspended', 'terminated'] as const) expect(shouldIsolate(customer(status), [due('2026-11-01')], 3, today)).toBe(false);
    expect(shouldIsolate(customer('active'), [due('2026-11-01', 'paid')], 3, today)).toBe(false);
  });

  it('after a settlement an isolated customer (or one about to be) with nothing beyond grace is restored', () => {
    expect(shouldRestore(customer('isolated'), [], 3, today)).toBe(true);
    expect(shouldRestore(customer('active', true), [], 3, today)).toBe(true);
    // still owing, but within grace: restored (the next sweep decides again)
    expect(shouldRestore(customer('isolated'), [due('2026-11-25', 'unpaid')], 3, today)).toBe(true);
    expect(shouldRestore(customer('isolated'), [due('2026-11-01'), due('2026-10-01', 'paid')], 3, today)).toBe(false);
    expect(shouldRestore(customer('active'), [], 3, today)).toBe(false);
    expect(shouldRestore(customer('suspended'), [], 3, today)).toBe(false);
  });
});

describe('the isolir status moves', () => {
  it('isolate: active → isolated; restore: isolated → active', () => {
    expect(isolirSources('isolate')).toEqual(['active']);
    expect(isolirTarget('isolate')).toBe('isolated');
    expect(isolirSources('restore')).toEqual(['isolated']);
    expect(isolirTarget('restore')).toBe('active');
  });

  it('are isolir’s own: none of them is a manual status change', () => {
    for (const [, move] of Object.entries(ISOLIR_TRANSITIONS)) for (const from of move.from) expect(canTransition(from, move.to)).toBe(false);
  });

  it('an applied event moves a customer in a source status and leaves any other status alone', () => {
    const after = (action: 'isolate' | 'restore') => CUSTOMER_STATUSES.map((s) => statusAfterIsolir(action, s));
    expect(after('isolate')).toEqual(['isolated', 'isolated', 'suspended', 'terminated']);
    expect(after('restore')).toEqual(['active', 'active', 'suspended', 'terminated']);
  });

  it('staff isolate an active customer with nothing on its way, and restore an isolated one or a pending isolation', () => {
    expect(() => assertManualIsolir('isolate', customer('active'))).not.toThrow();
    expect(() => assertManualIsolir('restore', customer('isolated'))).not.toThrow();
    expect(() => assertManualIsolir('restore', customer('active', true))).not.toThrow();
    expect(thrown(() => assertManualIsolir('isolate', customer('active', true))).message).toBe('An isolation is already on its way to the router.');
    expect(thrown(() => assertManualIsolir('isolate', customer('suspended'))).message).toBe('A suspended customer cannot be isolated.');
    expect(thrown(() => assertManualIsolir('isolate', customer('isolated'))).code).toBe('CONFLICT');
    expect(thrown(() => assertManualIsolir('restore', customer('active'))).message).toBe('This customer is not isolated.');
    expect(thrown(() => assertManualIsolir('restore', customer('terminated'))).code).toBe('CONFLICT');
  });
});

describe('notices', () => {
  it('one template per action, one notice per event', () => {
    expect(NOTICE_TEMPLATES).toEqual({ isolate: 'isolir_notice', restore: 'restore_notice' });
    expect(noticeDedupeKey('isolate', 'e1')).toBe('isolir_notice:e1');
    expect(noticeDedupeKey('restore', 'e1')).toBe('restore_notice:e1');
  });

  it('fills every {{name}} and {{number}}; a manual action has no invoice number', () => {
    const body = 'Yth. {{name}}, tagihan {{number}} belum dibayar. {{name}}';
    expect(renderNotice(body, { name: 'Budi', number: 'SNJ-202611-00001' })).toBe('Yth. Budi, tagihan SNJ-202611-00001 belum dibayar. Budi');
    expect(renderNotice(body, { name: 'Budi', number: null })).toBe('Yth. Budi, tagihan  belum dibayar. Budi');
  });
});
