/**
 * The subscriber portal's rules (values in, decisions out): one-time codes (how long they
 * live, how many tries, how often one is sent), portal session tokens, and how a sign-in
 * identifier is read. The services in ./portal_auth.ts look up, ask these, write.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { normalizePhone } from '@rrnet/contracts';

/** A code is good for 5 minutes… */
export const CODE_TTL_SECONDS = 5 * 60;
/** …for 5 wrong tries; the 5th wrong one spends it. */
export const CODE_MAX_ATTEMPTS = 5;
/** At most this many codes go to one phone number in CODE_SEND_WINDOW_MINUTES (sign-in and phone change together). */
export const CODE_SENDS_PER_PHONE = 3;
export const CODE_SEND_WINDOW_MINUTES = 15;
/** A portal session lasts 7 days from sign-in (signing out ends it at once). */
export const PORTAL_SESSION_TTL_SECONDS = 7 * 24 * 60 * 60;
/** last_seen_at is written at most this often per session. */
export const SESSION_TOUCH_SECONDS = 5 * 60;

/** The portal's cookie: its own name, never the operator's session cookie. */
export const PORTAL_COOKIE = 'rrnet_portal';
const TOKEN_PREFIX = 'rps_';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The code's hash at rest: bound to its challenge id, so equal codes never hash alike. */
export function codeHash(challengeId: string, code: string): string {
  return createHash('sha256').update(`${challengeId}:${code}`).digest('hex');
}

export function tokenHash(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** `rps_<tenant id>_<secret>`: the tenant is known before any lookup (its RLS scope). */
export function portalToken(tenantId: string, secret: string): string {
  return `${TOKEN_PREFIX}${tenantId}_${secret}`;
}

export function parsePortalToken(token: string | null | undefined): { tenantId: string; secret: string } | null {
  if (!token?.startsWith(TOKEN_PREFIX) || token.length > 200) return null;
  const rest = token.slice(TOKEN_PREFIX.length);
  const tenantId = rest.slice(0, 36);
  const secret = rest.slice(37);
  if (!UUID.test(tenantId) || rest[36] !== '_' || !/^[A-Za-z0-9_-]{32,}$/.test(secret)) return null;
  return { tenantId, secret };
}

export interface StoredCode {
  code_hash: string;
  attempts: number;
  expired: boolean;
  consumed: boolean;
}

export type CodeVerdict = { ok: true } | { ok: false; reason: 'expired' } | { ok: false; reason: 'wrong'; attemptsLeft: number };

/**
 * A code is accepted once, before it expires, within its attempts. A wrong try counts
 * (the caller records attempts + 1 and commits it); an unknown, used, expired or
 * exhausted challenge is 'expired' — ask for a new code.
 */
export function judgeCode(stored: StoredCode | null, challengeId: string, given: string): CodeVerdict {
  if (!stored || stored.consumed || stored.expired || stored.attempts >= CODE_MAX_ATTEMPTS) return { ok: false, reason: 'expired' };
  const expected = Buffer.from(stored.code_hash, 'hex');
  const actual = Buffer.from(codeHash(challengeId, given), 'hex');
  if (expected.length === actual.length && timingSafeEqual(expected, actual)) return { ok: true };
  const attemptsLeft = CODE_MAX_ATTEMPTS - stored.attempts - 1;
  return attemptsLeft > 0 ? { ok: false, reason: 'wrong', attemptsLeft } : { ok: false, reason: 'expired' };
}

/** A sign-in identifier: a phone number the ISP has on file, else a customer code. */
export function readIdentifier(identifier: string): { kind: 'phone'; phone: string } | { kind: 'code'; code: string } {
  const compact = identifier.replace(/[\s-]/g, '');
  if (/^\+?\d{9,15}$/.test(compact)) {
    const phone = normalizePhone(compact);
    if (phone) return { kind: 'phone', phone };
  }
  return { kind: 'code', code: identifier.trim().toUpperCase() };
}

/** A customer who may sign in: anyone the ISP still serves (isolated ones too: they need to pay). */
export function maySignIn(c: { status: string; anonymized: boolean }): boolean {
  return c.status !== 'terminated' && !c.anonymized;
}
