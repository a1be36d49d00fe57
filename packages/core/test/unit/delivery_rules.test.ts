import { describe, expect, it } from 'vitest';
import type { WaMessageStatus } from '@rrnet/contracts';
import {
  MAX_SEND_ATTEMPTS,
  RECIPIENT_SPACING_MS,
  REMINDER_SPREAD_MS,
  decideAfterError,
  decideStale,
  decodeCursor,
  deliveryRate,
  encodeCursor,
  inQuietHours,
  localMinutes,
  nextStatus,
  notBefore,
  quotaAllowance,
  spreadOffsets,
} from '../../src/notifications/delivery_rules';

describe('nextStatus: forward only, failed final unless delivered proves otherwise', () => {
  const cases: [WaMessageStatus, 'sent' | 'delivered' | 'read' | 'failed', WaMessageStatus | null][] = [
    ['queued', 'sent', 'sent'],
    ['sending', 'sent', 'sent'],
    ['sending', 'delivered', 'delivered'],
    ['sent', 'delivered', 'delivered'],
    ['delivered', 'read', 'read'],
    ['sent', 'sent', null], // duplicate
    ['delivered', 'sent', null], // out of order
    ['read', 'delivered', null],
    ['read', 'sent', null],
    ['sending', 'failed', 'failed'],
    ['sent', 'failed', 'failed'],
    ['delivered', 'failed', null], // failed after delivered changes nothing
    ['read', 'failed', null],
    ['failed', 'failed', null],
    ['failed', 'sent', null],
    ['failed', 'delivered', 'delivered'], // a later delivered proves it arrived
    ['failed', 'read', 'read'],
    ['queued', 'failed', 'failed'],
  ];
  it.each(cases)('%s + %s → %s', (current, report, expected) => {
    expect(nextStatus(current, report)).toBe(expected);
  });
});

describe('decideAfterError', () => {
  it('reschedules rate limits by the recipient spacing and an open breaker by its open time, without counting', () => {
    expect(decideAfterError('rate_limited', 1, 30_000)).toEqual({ action: 'reschedule', delayMs: RECIPIENT_SPACING_MS });
    expect(decideAfterError('circuit_open', 1, 30_000)).toEqual({ action: 'reschedule', delayMs: 30_000 });
  });
  it('fails rejected and auth at once, without a dead letter', () => {
    expect(decideAfterError('rejected', 1, 30_000)).toEqual({ action: 'fail', deadLetter: false });
    expect(decideAfterError('auth', 1, 30_000)).toEqual({ action: 'fail', deadLetter: false });
  });
  it('retries gateway faults per the normal class (2 attempts, 60 s), then dead-letters', () => {
    expect(MAX_SEND_ATTEMPTS).toBe(2);
    expect(decideAfterError('server', 1, 30_000)).toEqual({ action: 'retry', delayMs: 60_000 });
    expect(decideAfterError('unreachable', 1, 30_000)).toEqual({ action: 'retry', delayMs: 60_000 });
    expect(decideAfterError('server', 2, 30_000)).toEqual({ action: 'fail', deadLetter: true });
  });
  it('never resends what the gateway may have got', () => {
    expect(decideAfterError('timeout', 1, 30_000)).toEqual({ action: 'unknown' });
    expect(decideAfterError('unknown_outcome', 2, 30_000)).toEqual({ action: 'unknown' });
  });
});

describe('decideStale', () => {
  it('requeues a Cloud API message with attempts left (its statuses would carry our id)', () => {
    expect(decideStale('cloud', 1)).toEqual({ action: 'requeue' });
  });
  it('fails a Cloud API message out of attempts, and any Fonnte one', () => {
    expect(decideStale('cloud', 2)).toMatchObject({ action: 'fail' });
    expect(decideStale('fonnte', 1)).toMatchObject({ action: 'fail', reason: expect.stringMatching(/not resent/) });
    expect(decideStale(null, 0)).toMatchObject({ action: 'fail' });
  });
});

describe('quiet hours', () => {
  const night = { start: '21:00', end: '07:00' };
  const day = { start: '12:00', end: '13:00' };
  it('knows the local time of an instant', () => {
    expect(localMinutes(new Date('2026-06-01T15:30:00Z'), 'Asia/Jakarta')).toBe(22 * 60 + 30);
    expect(localMinutes(new Date('2026-06-01T15:30:00Z'), 'UTC')).toBe(15 * 60 + 30);
  });
  it('overnight and same-day windows; equal ends or none: never quiet', () => {
    expect(inQuietHours(22 * 60, night)).toBe(true);
    expect(inQuietHours(3 * 60, night)).toBe(true);
    expect(inQuietHours(7 * 60, night)).toBe(false);
    expect(inQuietHours(12 * 60, night)).toBe(false);
    expect(inQuietHours(12 * 60 + 30, day)).toBe(true);
    expect(inQuietHours(13 * 60, day)).toBe(false);
    expect(inQuietHours(3 * 60, { start: '05:00', end: '05:00' })).toBe(false);
    expect(inQuietHours(3 * 60, null)).toBe(false);
  });
  it('holds a reminder until the quiet hours end, in the ISP’s timezone; urgent notices go at once', () => {
    const at = new Date('2026-06-01T15:30:20Z'); // 22:30:20 in Jakarta
    expect(notBefore(at, 'Asia/Jakarta', night, false).toISOString()).toBe('2026-06-02T00:00:00.000Z'); // 07:00 WIB
    expect(notBefore(at, 'Asia/Jakarta', night, true)).toBe(at);
    expect(notBefore(at, 'UTC', night, false)).toBe(at); // 15:30 UTC is daytime there
    expect(notBefore(at, 'Asia/Jakarta', null, false)).toBe(at);
  });
});

describe('quota, spreading, rate, cursor', () => {
  it('allows what the plan has left, nothing without a plan', () => {
    expect(quotaAllowance(10, 100)).toBe(90);
    expect(quotaAllowance(120, 100)).toBe(0);
    expect(quotaAllowance(0, null)).toBe(0);
  });
  it('spreads n reminders evenly over the window', () => {
    expect(spreadOffsets(0)).toEqual([]);
    expect(spreadOffsets(4, 1000)).toEqual([0, 250, 500, 750]);
    const offs = spreadOffsets(3);
    expect(offs[2]).toBeLessThan(REMINDER_SPREAD_MS);
  });
  it('delivery rate: delivered or read out of what left', () => {
    expect(deliveryRate({ sent: 0, delivered: 0, read: 0, failed: 0 })).toBeNull();
    expect(deliveryRate({ sent: 1, delivered: 2, read: 1, failed: 0 })).toBe(0.75);
  });
  it('cursor round trip, garbage refused', () => {
    const c = encodeCursor('2026-12-01T10:00:00.000Z', '7d0e6f9a-1c2b-4d3e-8f4a-5b6c7d8e9f01');
    expect(decodeCursor(c)).toEqual({ createdAt: '2026-12-01T10:00:00.000Z', id: '7d0e6f9a-1c2b-4d3e-8f4a-5b6c7d8e9f01' });
    expect(decodeCursor('garbage')).toBeNull();
    expect(decodeCursor(Buffer.from('notadate|x').toString('base64url'))).toBeNull();
  });
});
