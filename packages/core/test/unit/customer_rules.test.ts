import { describe, expect, it } from 'vitest';
import { AppError, CUSTOMER_STATUSES } from '@rrnet/contracts';
import type { CustomerStatus } from '@rrnet/contracts';
import {
  assertChangeable,
  assertCustomerTransition,
  customerCode,
  customerSourcesOf,
  firstFreeUsername,
  needsAnonymising,
  nextCodes,
  pppoeUsernameBase,
  statusChangeStamps,
} from '../../src/customers/customer_rules';

function thrown(fn: () => unknown): AppError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return err as AppError;
  }
  throw new Error('expected an AppError');
}

describe('the manual customer state machine', () => {
  it('names where each status may be reached from', () => {
    expect(customerSourcesOf('terminated')).toEqual(['active', 'isolated', 'suspended']);
    expect(customerSourcesOf('active')).toEqual(['suspended']);
    expect(customerSourcesOf('suspended')).toEqual(['active']);
    expect(customerSourcesOf('isolated')).toEqual([]);
  });

  it('allows exactly the table’s moves and refuses every other with CONFLICT', () => {
    for (const from of CUSTOMER_STATUSES) {
      for (const to of CUSTOMER_STATUSES) {
        if (customerSourcesOf(to).includes(from)) expect(() => assertCustomerTransition(from, to)).not.toThrow();
        else expect(thrown(() => assertCustomerTransition(from, to)).details).toEqual({ status: `Not allowed while the customer is ${from}` });
      }
    }
  });

  it('points staff at the isolir actions for isolation and restore; terminated is final', () => {
    expect(thrown(() => assertCustomerTransition('active', 'isolated')).message).toBe('A active customer cannot become isolated here. Isolation and restore belong to the isolir actions.');
    expect(thrown(() => assertCustomerTransition('isolated', 'active')).message).toMatch(/isolir actions/);
    expect(thrown(() => assertCustomerTransition('terminated', 'active')).message).toBe('A terminated customer cannot become active here.');
  });

  it('stamps termination, and the first activation when a suspended customer comes back', () => {
    const now = new Date('2026-11-26T03:00:00Z');
    const earlier = new Date('2026-01-01T00:00:00Z');
    expect(statusChangeStamps('active', 'terminated', now, earlier)).toEqual({ terminated_at: now });
    expect(statusChangeStamps('suspended', 'active', now, earlier)).toEqual({ activated_at: earlier });
    expect(statusChangeStamps('suspended', 'active', now, null)).toEqual({ activated_at: now });
    expect(statusChangeStamps('active', 'suspended', now, earlier)).toEqual({});
  });
});

describe('anonymisation', () => {
  const at = new Date('2026-11-26T03:00:00Z');
  it('an anonymised customer cannot be changed', () => {
    expect(() => assertChangeable({ anonymized_at: null })).not.toThrow();
    expect(thrown(() => assertChangeable({ anonymized_at: at })).code).toBe('CONFLICT');
  });

  it('only a terminated customer, once', () => {
    expect(needsAnonymising({ status: 'terminated', anonymized_at: null })).toBe(true);
    expect(needsAnonymising({ status: 'terminated', anonymized_at: at })).toBe(false);
    for (const status of ['active', 'isolated', 'suspended'] as CustomerStatus[]) expect(thrown(() => needsAnonymising({ status, anonymized_at: null })).code).toBe('CONFLICT');
  });
});

describe('generated identifiers', () => {
  it('codes: prefix and at least five digits, after the highest in use', () => {
    expect(customerCode('SNJ', 42)).toBe('SNJ-00042');
    expect(customerCode('SNJ', 123_456)).toBe('SNJ-123456');
    expect(nextCodes('SNJ', null, 2)).toEqual(['SNJ-00001', 'SNJ-00002']);
    expect(nextCodes('SNJ', 99_999, 2)).toEqual(['SNJ-100000', 'SNJ-100001']);
    expect(nextCodes('SNJ', 7, 0)).toEqual([]);
  });

  it('PPPoE usernames: the first two words, accents folded, punctuation dropped, 24 characters at most', () => {
    expect(pppoeUsernameBase('Budi Santoso Wijaya')).toBe('budi.santoso');
    expect(pppoeUsernameBase('  José   Ñúñez ')).toBe('jose.nunez');
    expect(pppoeUsernameBase("Siti Nur'aini")).toBe('siti.nuraini');
    expect(pppoeUsernameBase('!!!')).toBe('pelanggan');
    expect(pppoeUsernameBase('Muhammadabdurrahmanwahid Hidayatullah')).toBe('muhammadabdurrahmanwahid');
  });

  it('the base when free (padded to three characters), else the first free number from 2', () => {
    expect(firstFreeUsername('budi.santoso', new Set())).toBe('budi.santoso');
    expect(firstFreeUsername('al', new Set())).toBe('al0');
    expect(firstFreeUsername('budi.santoso', new Set(['budi.santoso']))).toBe('budi.santoso2');
    expect(firstFreeUsername('budi.santoso', new Set(['budi.santoso', 'budi.santoso2', 'budi.santoso3']))).toBe('budi.santoso4');
    expect(firstFreeUsername('al', new Set(['al0']))).toBe('al2');
  });
});
