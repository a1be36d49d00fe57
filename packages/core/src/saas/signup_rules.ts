/**
 * Sign-up rules as pure functions (no sql, redis or fetch): the slug's verdict, the
 * proof-of-work challenge (server-issued, HMAC-signed, expiring; the client finds a nonce
 * so that sha256(challenge + nonce) starts with `difficulty` zero bits), the one-time code
 * (6 digits, stored only as an HMAC, expiring, single use, attempts capped; sent by WhatsApp or
 * e-mail, resent within limits) and the trial.
 */
import { createHash, createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { RESERVED_SLUGS, SIGNUP_SLUG_PATTERN } from '@rrnet/contracts';
import type { PowChallenge, PowSolution } from '@rrnet/contracts';
import { addDays } from '../billing/cycle_rules';

export const SIGNUP_RULES = {
  /** a challenge must be solved and used within this */
  powTtlMs: 10 * 60_000,
  /** the code is valid this long after it was sent */
  otpTtlMs: 10 * 60_000,
  /** wrong codes before the sign-up must start again */
  otpMaxAttempts: 5,
  otpDigits: 6,
  /** a new code may be asked for this long after the last one went out */
  resendAfterMs: 30_000,
  /** codes one sign-up may be sent in all (the first and the resends) */
  maxSends: 4,
  /** a sign-up may ask for another code this long after it started; then it starts again */
  resendWindowMs: 60 * 60_000,
  /** codes one WhatsApp number, or one e-mail address, may be sent in destinationWindowMs */
  destinationMaxSends: 5,
  destinationWindowMs: 60 * 60_000,
} as const;

export type ResendVerdict = { kind: 'ok' } | { kind: 'used' | 'locked' | 'expired' | 'exhausted' } | { kind: 'wait'; seconds: number };

/**
 * Whether a pending sign-up may be sent another code: not once it is used, locked by wrong
 * codes, past its resend window (or scrubbed), or out of sends; not before resendAfterMs
 * since the last code went out. The wrong-code count is kept across codes, so resending
 * never buys more guesses than otpMaxAttempts.
 */
export function resendVerdict(
  row: { consumed_at: Date | null; attempts: number; created_at: Date; scrubbed: boolean; sends: number; last_sent_at: Date | null },
  now: Date,
): ResendVerdict {
  if (row.consumed_at) return { kind: 'used' };
  if (row.attempts >= SIGNUP_RULES.otpMaxAttempts) return { kind: 'locked' };
  if (row.scrubbed || row.created_at.getTime() + SIGNUP_RULES.resendWindowMs <= now.getTime()) return { kind: 'expired' };
  if (row.sends >= SIGNUP_RULES.maxSends) return { kind: 'exhausted' };
  if (row.last_sent_at) {
    const wait = row.last_sent_at.getTime() + SIGNUP_RULES.resendAfterMs - now.getTime();
    if (wait > 0) return { kind: 'wait', seconds: Math.ceil(wait / 1000) };
  }
  return { kind: 'ok' };
}

/** Right after a code went out: in how many seconds the next may be asked for, and how many are left. */
export function resendState(sends: number): { resend_after_seconds: number; resends_left: number } {
  return { resend_after_seconds: SIGNUP_RULES.resendAfterMs / 1000, resends_left: Math.max(0, SIGNUP_RULES.maxSends - sends) };
}

export type SlugReason = 'available' | 'invalid' | 'reserved' | 'taken';

/** The format and reserved-name part of the slug check (the database says whether it is taken). */
export function slugVerdict(slug: string): Exclude<SlugReason, 'taken' | 'available'> | null {
  if (!SIGNUP_SLUG_PATTERN.test(slug) || slug.includes('--')) return 'invalid';
  if ((RESERVED_SLUGS as readonly string[]).includes(slug)) return 'reserved';
  return null;
}

const hmac = (secret: string, value: string) => createHmac('sha256', secret).update(value).digest('base64url');

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** A new challenge: random bytes and the expiry, signed with the difficulty so neither can be changed. */
export function newPowChallenge(secret: string, difficulty: number, now: Date, ttlMs: number = SIGNUP_RULES.powTtlMs): PowChallenge {
  const expiresAt = new Date(now.getTime() + ttlMs);
  const challenge = `${randomBytes(16).toString('base64url')}.${expiresAt.getTime()}`;
  return { challenge, difficulty, expires_at: expiresAt, signature: hmac(secret, `pow:${challenge}:${difficulty}`) };
}

/** Zero bits at the start of a digest. */
export function leadingZeroBits(digest: Uint8Array): number {
  let bits = 0;
  for (const byte of digest) {
    if (byte === 0) {
      bits += 8;
      continue;
    }
    return bits + Math.clz32(byte) - 24;
  }
  return bits;
}

export type PowVerdict = 'ok' | 'bad_signature' | 'expired' | 'insufficient';

/** Whether a solution answers a challenge this server issued at `difficulty`, still within its time. */
export function checkPow(secret: string, solution: PowSolution, difficulty: number, now: Date): PowVerdict {
  if (!safeEqual(hmac(secret, `pow:${solution.challenge}:${difficulty}`), solution.signature)) return 'bad_signature';
  const expires = Number(solution.challenge.split('.')[1]);
  if (!Number.isFinite(expires) || expires <= now.getTime()) return 'expired';
  const digest = createHash('sha256').update(solution.challenge + solution.nonce).digest();
  return leadingZeroBits(digest) >= difficulty ? 'ok' : 'insufficient';
}

/** The client's work (here for tests and tools; the browser does the same with crypto.subtle). */
export function solvePow(challenge: string, difficulty: number): string {
  for (let n = 0; ; n++) {
    const nonce = n.toString(36);
    if (leadingZeroBits(createHash('sha256').update(challenge + nonce).digest()) >= difficulty) return nonce;
  }
}

/** A one-time code of SIGNUP_RULES.otpDigits digits. */
export function newOtp(): string {
  return String(randomInt(0, 10 ** SIGNUP_RULES.otpDigits)).padStart(SIGNUP_RULES.otpDigits, '0');
}

/** What is stored of a code: an HMAC bound to its sign-up, so a leaked row reveals nothing usable elsewhere. */
export function otpHash(secret: string, signupId: string, code: string): string {
  return hmac(secret, `otp:${signupId}:${code}`);
}

export type OtpVerdict = 'ok' | 'used' | 'expired' | 'locked' | 'wrong';

/** The verdict on a code typed for a pending sign-up. Checked in this order: used, locked, expired, wrong. */
export function otpVerdict(
  row: { code_hash: string; attempts: number; expires_at: Date; consumed_at: Date | null },
  typedHash: string,
  now: Date,
  maxAttempts: number = SIGNUP_RULES.otpMaxAttempts,
): OtpVerdict {
  if (row.consumed_at) return 'used';
  if (row.attempts >= maxAttempts) return 'locked';
  if (row.expires_at.getTime() <= now.getTime()) return 'expired';
  return safeEqual(row.code_hash, typedHash) ? 'ok' : 'wrong';
}

/** "+62812…7890" → "+62 •••• 7890". */
export function phoneHint(e164: string): string {
  return `${e164.slice(0, 3)} •••• ${e164.slice(-4)}`;
}

/** "siti@example.com" → "s•••@example.com". */
export function emailHint(email: string): string {
  const at = email.lastIndexOf('@');
  return at < 1 ? '•••' : `${email.slice(0, 1)}•••${email.slice(at)}`;
}

/** The trial's last day: `days` days including the first. */
export function trialEndsOn(firstDay: string, days: number): string {
  return addDays(firstDay, Math.max(1, days) - 1);
}

/** The message with the code (the platform's WhatsApp number sends it). */
export function otpMessage(code: string, locale: 'id' | 'en'): string {
  return locale === 'en'
    ? `Your RRNet sign-up code is ${code}. It is valid for 10 minutes. Never share it with anyone.`
    : `Kode pendaftaran RRNet Anda: ${code}. Berlaku 10 menit. Jangan berikan kode ini kepada siapa pun.`;
}

const escapeHtml = (v: string) => v.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/**
 * The e-mail with the code, in the sign-up's language: a subject, plain text and a simple
 * HTML part (the owner's and ISP's names escaped). `expiresAt` is told in Jakarta time
 * beside the minutes, so a late reader knows whether it still holds.
 */
export function otpEmail(
  code: string,
  locale: 'id' | 'en',
  who: { ownerName: string; ispName: string; expiresAt: Date; timeZone: string },
): { subject: string; text: string; html: string } {
  const minutes = SIGNUP_RULES.otpTtlMs / 60_000;
  const until = new Intl.DateTimeFormat(locale === 'en' ? 'en-GB' : 'id-ID', { timeZone: who.timeZone, hour: '2-digit', minute: '2-digit', timeZoneName: 'short' }).format(
    who.expiresAt,
  );
  const w =
    locale === 'en'
      ? {
          subject: `${code} is your RRNet sign-up code`,
          hello: `Hello ${who.ownerName},`,
          lead: `Enter this code to finish signing up ${who.ispName} on RRNet:`,
          valid: `It is valid for ${minutes} minutes (until ${until}) and can be used once.`,
          never: 'Never share this code with anyone. RRNet staff will never ask for it.',
          ignore: 'If you did not sign up, ignore this e-mail: nothing is created without the code.',
        }
      : {
          subject: `${code} adalah kode pendaftaran RRNet Anda`,
          hello: `Halo ${who.ownerName},`,
          lead: `Masukkan kode ini untuk menyelesaikan pendaftaran ${who.ispName} di RRNet:`,
          valid: `Berlaku ${minutes} menit (sampai ${until}) dan hanya dapat dipakai sekali.`,
          never: 'Jangan berikan kode ini kepada siapa pun. Staf RRNet tidak pernah memintanya.',
          ignore: 'Jika Anda tidak mendaftar, abaikan e-mail ini: tidak ada yang dibuat tanpa kode ini.',
        };
  const text = [w.hello, '', w.lead, '', `    ${code}`, '', w.valid, w.never, '', w.ignore, '', '— RRNet'].join('\n');
  const html = [
    `<!doctype html><html lang="${locale}"><body style="font-family:Arial,Helvetica,sans-serif;color:#1f2937;line-height:1.5">`,
    `<p>${escapeHtml(w.hello)}</p>`,
    `<p>${escapeHtml(w.lead)}</p>`,
    `<p style="font-size:28px;font-weight:bold;letter-spacing:6px;margin:16px 0">${code}</p>`,
    `<p>${escapeHtml(w.valid)}<br>${escapeHtml(w.never)}</p>`,
    `<p style="color:#6b7280;font-size:13px">${escapeHtml(w.ignore)}</p>`,
    '<p>— RRNet</p>',
    '</body></html>',
  ].join('\n');
  return { subject: w.subject, text, html };
}
