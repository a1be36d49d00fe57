/**
 * WhatsApp delivery decisions (pure: values in, decisions out).
 *  - statuses move forward only: sent < delivered < read; failed is final unless a later
 *    delivered/read proves the message arrived; a failed after delivered changes nothing;
 *  - what a gateway error means for the message (retry per the normal job class, wait for
 *    the breaker, reschedule for recipient spacing, fail, or "outcome unknown");
 *  - a `sending` row whose lease ran out: resent only where the gateway lets a lost
 *    answer be matched later (Cloud API echoes our id), else failed for staff to decide;
 *  - quiet hours in the ISP's timezone, reminders spread, the plan quota, delivery rate.
 */
import { JOB_CLASSES, retryDelayMs } from '@rrnet/jobs';
import type { WaMessageStatus } from '@rrnet/contracts';
import type { DeliveryStatus, WaErrorKind } from '@rrnet/whatsapp';

/** The Cloud API refuses more than about one message per 6 s to one user (error 131056). */
export const RECIPIENT_SPACING_MS = 6_000;
/** Gateway calls per message: the normal job class's attempts. */
export const MAX_SEND_ATTEMPTS = JOB_CLASSES.normal.maxAttempts;
/** How long a `sending` row is left alone before it is looked at again (the answer may still come, or a status webhook). */
export const SENDING_LEASE_MS = 120_000;
/** Reminders of one run are spread over this window instead of leaving at one instant. */
export const REMINDER_SPREAD_MS = 30 * 60_000;

const RANK: Record<WaMessageStatus, number> = { queued: 0, sending: 0, sent: 1, delivered: 2, read: 3, failed: -1 };

/** The status after a gateway report, or null when the report changes nothing (stale, repeated, or contradicted). */
export function nextStatus(current: WaMessageStatus, report: DeliveryStatus): WaMessageStatus | null {
  if (report === 'failed') return current === 'queued' || current === 'sending' || current === 'sent' ? 'failed' : null;
  if (current === 'failed') return report === 'delivered' || report === 'read' ? report : null;
  return RANK[report] > RANK[current] ? report : null;
}

export type SendDecision =
  /** try again after delayMs, the attempt counted */
  | { action: 'retry'; delayMs: number }
  /** final: the message failed (deadLetter: it used its attempts on gateway faults) */
  | { action: 'fail'; deadLetter: boolean }
  /** not the message's fault: try later without counting the attempt */
  | { action: 'reschedule'; delayMs: number }
  /** the gateway may have it: leave it `sending` until its lease runs out */
  | { action: 'unknown' };

/** What a failed gateway call means for the message, after `attempts` calls (this one included). */
export function decideAfterError(kind: WaErrorKind, attempts: number, breakerOpenMs: number): SendDecision {
  switch (kind) {
    case 'rate_limited':
      return { action: 'reschedule', delayMs: RECIPIENT_SPACING_MS };
    case 'circuit_open':
      return { action: 'reschedule', delayMs: breakerOpenMs };
    case 'rejected':
    case 'auth':
      return { action: 'fail', deadLetter: false };
    case 'timeout':
    case 'unknown_outcome':
      return { action: 'unknown' };
    case 'unreachable':
    case 'server': {
      const delay = retryDelayMs('normal', attempts);
      return delay === null ? { action: 'fail', deadLetter: true } : { action: 'retry', delayMs: delay };
    }
  }
}

/**
 * A `sending` row past its lease with no status webhook: the Cloud API would have told us
 * (its statuses carry our id), so it never arrived and is queued again (attempt counted);
 * Fonnte cannot be asked, so it fails as "outcome unknown" rather than risk a second copy.
 */
export function decideStale(provider: string | null, attempts: number): { action: 'requeue' } | { action: 'fail'; reason: string } {
  if (provider === 'cloud' && attempts < MAX_SEND_ATTEMPTS) return { action: 'requeue' };
  return {
    action: 'fail',
    reason: provider === 'cloud' ? 'no answer from the gateway after every attempt' : 'the gateway did not answer and cannot be asked whether it sent the message; not resent automatically',
  };
}

/** hour:minute formatters per timezone: building one costs ~0.2 ms, far more than using it (one per drain) */
const clockFormats = new Map<string, Intl.DateTimeFormat>();

/** Minutes since local midnight of an instant in a timezone. */
export function localMinutes(at: Date, timeZone: string): number {
  let format = clockFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    if (clockFormats.size > 1_000) clockFormats.clear();
    clockFormats.set(timeZone, format);
  }
  const parts = format.formatToParts(at);
  const h = Number(parts.find((p) => p.type === 'hour')?.value ?? 0);
  const m = Number(parts.find((p) => p.type === 'minute')?.value ?? 0);
  return h * 60 + m;
}

function minutesOf(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

export interface QuietHours {
  start: string;
  end: string;
}

/** True when local time falls in [start, end) (start after end: overnight). */
export function inQuietHours(minutes: number, quiet: QuietHours | null): boolean {
  if (!quiet) return false;
  const s = minutesOf(quiet.start);
  const e = minutesOf(quiet.end);
  if (s === e) return false;
  return s < e ? minutes >= s && minutes < e : minutes >= s || minutes < e;
}

/** When a non-urgent message may leave: `at` itself, or the end of the quiet hours it falls in. */
export function notBefore(at: Date, timeZone: string, quiet: QuietHours | null, urgent: boolean): Date {
  if (urgent || !quiet) return at;
  const now = localMinutes(at, timeZone);
  if (!inQuietHours(now, quiet)) return at;
  const wait = (minutesOf(quiet.end) - now + 1440) % 1440;
  const startOfMinute = new Date(at.getTime() - (at.getTime() % 60_000));
  return new Date(startOfMinute.getTime() + wait * 60_000);
}

/** How many of `wanted` messages the plan still allows this month; null max = no quota row (nothing allowed). */
export function quotaAllowance(used: number, max: number | null): number {
  if (max === null) return 0;
  return Math.max(0, max - used);
}

/** Offsets (ms) spreading n reminders evenly over the window. */
export function spreadOffsets(n: number, windowMs: number = REMINDER_SPREAD_MS): number[] {
  if (n <= 0) return [];
  const step = windowMs / n;
  return Array.from({ length: n }, (_, i) => Math.floor(i * step));
}

export interface StatusCounts {
  queued: number;
  sending: number;
  sent: number;
  delivered: number;
  read: number;
  failed: number;
}

/** Spec §6 wa_delivery_rate: delivered (or read) out of everything that left; null when nothing left yet. */
export function deliveryRate(c: Pick<StatusCounts, 'sent' | 'delivered' | 'read' | 'failed'>): number | null {
  const left = c.sent + c.delivered + c.read + c.failed;
  return left === 0 ? null : (c.delivered + c.read) / left;
}

/** Keyset cursor of the message log: created_at|id of the last row. */
export function encodeCursor(createdAt: string, id: string): string {
  return Buffer.from(`${createdAt}|${id}`, 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): { createdAt: string; id: string } | null {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const [createdAt, id] = text.split('|');
  if (!createdAt || !id || Number.isNaN(Date.parse(createdAt)) || !/^[0-9a-f-]{36}$/i.test(id)) return null;
  return { createdAt, id };
}
