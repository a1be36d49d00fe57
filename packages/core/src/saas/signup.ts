/**
 * An ISP signs itself up (issue #17), as the platform (rrnet_system):
 *   1. `powChallenge` — a signed proof-of-work challenge (signup_rules);
 *   2. `checkSlug` — format, reserved names, taken;
 *   3. `startSignup` — the solved challenge (single use: a Redis key per challenge), the
 *      form checked (slug free, e-mail not yet an account), the password hashed (argon2id),
 *      a 6-digit code sent by WhatsApp to the owner's phone through the platform's gateway,
 *      or by e-mail through the platform's SMTP server where one is configured (the owner
 *      chooses), and stored only as an HMAC with its expiry. The send is made while the owner
 *      waits, not through a job: a job's payload would hold the code in clear, and a failure
 *      must be told at once. A failed send keeps the pending sign-up: `resendSignup` tries
 *      again (nothing typed is lost);
 *   3b. `resendSignup` — a new code (the old one stops working), by the same or the other
 *      channel, within limits: 30 s apart, 4 codes per sign-up, 5 per number or address an
 *      hour, never after the sign-up is used or locked; wrong codes keep counting across codes;
 *   4. `verifySignup` — the code (wrong codes counted and capped; expired and used ones
 *      refused): in one platform transaction the ISP, its owner, its settings, the owner's
 *      membership and a trial subscription on the entry plan (the cheapest active one) are
 *      created. Each step is audited. Rate limits per IP are the transport's (api).
 */
import { randomUUID } from 'node:crypto';
import { AppError, FIELD_MESSAGES, serverMessage } from '@rrnet/contracts';
import type { PowChallenge, SignupChannel, SignupStart, SignupStartInput, SlugCheck } from '@rrnet/contracts';
import type { Redis } from '@rrnet/cache';
import { hashPassword } from '@rrnet/crypto';
import type { Sql, TenantTx } from '@rrnet/db';
import { withPlatform } from '@rrnet/db';
import type { Logger } from '@rrnet/logger';
import { localDay } from '../billing/cycle';
import { platformAudit } from './platform_audit';
import type { PlatformWhatsApp } from './platform_whatsapp';
import { SAAS_BILLING } from './saas_billing_rules';
import {
  SIGNUP_RULES,
  checkPow,
  emailHint,
  newOtp,
  newPowChallenge,
  otpEmail,
  otpHash,
  otpMessage,
  otpVerdict,
  phoneHint,
  resendState,
  resendVerdict,
  slugVerdict,
  trialEndsOn,
} from './signup_rules';

/** The platform's e-mail sender (@rrnet/mail's Mailer is one). */
export interface SignupMailer {
  send(mail: { id: string; to: string; subject: string; text: string; html: string }): Promise<unknown>;
}

export interface SignupDeps {
  systemSql: Sql;
  redis: Redis;
  logger: Logger;
  /** signs challenges and keys the codes' HMAC (the app's AUTH_SECRET) */
  secret: string;
  /** the platform's WhatsApp sender; null: sign-up cannot send codes by WhatsApp (503) */
  whatsapp: PlatformWhatsApp | null;
  /** the platform's e-mail sender; null: the e-mail channel is absent (asking for it is a validation error) */
  email: SignupMailer | null;
  /** leading zero bits the proof of work needs */
  powDifficulty: number;
  /** days of the trial on the entry plan */
  trialDays: number;
  /** Redis key prefix (REDIS_KEY_PREFIX) */
  keyPrefix: string;
}

export interface SignupClient {
  ip: string | null;
  userAgent: string | null;
  requestId: string;
}

export function powChallenge(deps: Pick<SignupDeps, 'secret' | 'powDifficulty'>, now: Date = new Date()): PowChallenge {
  return newPowChallenge(deps.secret, deps.powDifficulty, now);
}

export async function checkSlug(systemSql: Sql, raw: string): Promise<SlugCheck> {
  const slug = raw.trim().toLowerCase();
  const verdict = slugVerdict(slug);
  if (verdict) return { slug, available: false, reason: verdict };
  const [row] = await systemSql<{ n: number }[]>`SELECT count(*)::int AS n FROM saas_tenants WHERE slug = ${slug}`;
  return (row?.n ?? 0) > 0 ? { slug, available: false, reason: 'taken' } : { slug, available: true, reason: 'available' };
}

const slugTaken = () => new AppError('CONFLICT', { message: serverMessage('signup_slug_taken'), details: { slug: FIELD_MESSAGES.already_taken } });
const emailTaken = () =>
  new AppError('CONFLICT', { message: serverMessage('signup_email_taken'), details: { email: FIELD_MESSAGES.already_account } });

/** The channels this platform sends codes by. */
export function signupChannels(deps: Pick<SignupDeps, 'whatsapp' | 'email'>): SignupChannel[] {
  return [...(deps.whatsapp ? (['whatsapp'] as const) : []), ...(deps.email ? (['email'] as const) : [])];
}

/** Refuses a channel this platform cannot send by. */
function assertChannel(deps: SignupDeps, channel: SignupChannel): void {
  if (channel === 'email' && !deps.email) {
    throw new AppError('VALIDATION_FAILED', { message: serverMessage('signup_no_email'), details: { channel: 'unavailable' } });
  }
  if (channel === 'whatsapp' && !deps.whatsapp) {
    throw new AppError('SERVICE_UNAVAILABLE', { message: serverMessage('signup_no_whatsapp'), details: { reason: 'no_whatsapp' } });
  }
}

interface Destination {
  id: string;
  email: string;
  phone: string;
  owner_name: string;
  isp_name: string;
  locale: 'id' | 'en';
}

/**
 * At most SIGNUP_RULES.destinationMaxSends codes to one number (WhatsApp) or one address
 * (e-mail) in the window, counted from the codes that went out (a failed send does not count).
 */
async function assertDestinationFree(sql: TenantTx['sql'], to: Destination, channel: SignupChannel, now: Date): Promise<void> {
  const since = new Date(now.getTime() - SIGNUP_RULES.destinationWindowMs).toISOString();
  const [row] =
    channel === 'email'
      ? await sql<{ n: number; oldest: string | null }[]>`
          SELECT coalesce(sum(email_sends), 0)::int AS n, min(created_at) FILTER (WHERE email_sends > 0) AS oldest
          FROM saas_signups WHERE email = ${to.email} AND created_at > ${since}::timestamptz`
      : await sql<{ n: number; oldest: string | null }[]>`
          SELECT coalesce(sum(wa_sends), 0)::int AS n, min(created_at) FILTER (WHERE wa_sends > 0) AS oldest
          FROM saas_signups WHERE phone = ${to.phone} AND created_at > ${since}::timestamptz`;
  if ((row?.n ?? 0) < SIGNUP_RULES.destinationMaxSends) return;
  const oldest = row?.oldest ? new Date(row.oldest).getTime() : now.getTime();
  const seconds = String(Math.max(1, Math.ceil((oldest + SIGNUP_RULES.destinationWindowMs - now.getTime()) / 1000)));
  throw new AppError('RATE_LIMITED', {
    message: serverMessage(channel === 'email' ? 'signup_email_limit' : 'signup_number_limit'),
    details: { code: 'destination_limit', channel, retry_after_seconds: seconds },
    headers: { 'Retry-After': seconds },
  });
}

/** Sends the code by the channel; throws what the gateway or SMTP server answered. */
async function deliver(deps: SignupDeps, to: Destination, channel: SignupChannel, code: string, expiresAt: Date, messageId: string): Promise<void> {
  if (channel === 'email') {
    const mail = otpEmail(code, to.locale, { ownerName: to.owner_name, ispName: to.isp_name, expiresAt, timeZone: SAAS_BILLING.timezone });
    await deps.email!.send({ id: `signup-${messageId}`, to: to.email, ...mail });
    return;
  }
  await deps.whatsapp!.send({ id: messageId, to: to.phone, template: 'signup_code', parameters: [code], body: otpMessage(code, to.locale), language: to.locale });
}

const sentTo = (to: Destination, channel: SignupChannel) => (channel === 'email' ? emailHint(to.email) : phoneHint(to.phone));

/** The send failed: the pending sign-up stays (resend tries again); the answer says which channel and which sign-up. */
function sendFailed(channel: SignupChannel, signupId: string, err: unknown): AppError {
  return new AppError('SERVICE_UNAVAILABLE', {
    message: serverMessage(channel === 'email' ? 'signup_email_failed' : 'signup_whatsapp_failed'),
    details: { reason: channel === 'email' ? 'email_failed' : 'whatsapp_failed', signup_id: signupId },
    headers: { 'Retry-After': '30' },
    cause: err,
  });
}

/** Records a code that went out: its hash and expiry (when new), its channel, the count, the moment. */
async function recordSent(deps: SignupDeps, id: string, channel: SignupChannel, codeHash: string, expiresAt: Date, client: SignupClient, audit: boolean, now: Date) {
  return withPlatform(deps.systemSql, { requestId: client.requestId }, async ({ sql }) => {
    const [row] = await sql<{ wa_sends: number; email_sends: number; attempts: number }[]>`
      UPDATE saas_signups
      SET code_hash = ${codeHash}, expires_at = ${expiresAt.toISOString()}::timestamptz, channel = ${channel},
          wa_sends = wa_sends + ${channel === 'whatsapp' ? 1 : 0}, email_sends = email_sends + ${channel === 'email' ? 1 : 0},
          last_sent_at = ${now.toISOString()}::timestamptz
      WHERE id = ${id} AND consumed_at IS NULL
      RETURNING wa_sends, email_sends, attempts`;
    if (audit && row) await platformAudit(sql, null, 'saas.signup.code_resent', { signup_id: id, channel, sends: row.wa_sends + row.email_sends, ip: client.ip });
    return row;
  });
}

export async function startSignup(deps: SignupDeps, input: SignupStartInput, client: SignupClient, now: Date = new Date()): Promise<SignupStart> {
  const pow = checkPow(deps.secret, input.pow, deps.powDifficulty, now);
  if (pow !== 'ok') {
    throw new AppError('VALIDATION_FAILED', { message: serverMessage('signup_browser_check'), details: { pow: pow } });
  }
  // single use: the first sign-up that presents a solved challenge spends it
  const fresh = await deps.redis
    .set(`${deps.keyPrefix}:signup:pow:${input.pow.challenge}`, '1', { nx: true, px: SIGNUP_RULES.powTtlMs })
    .catch((err: unknown) => {
      throw new AppError('SERVICE_UNAVAILABLE', { message: serverMessage('signup_unavailable_moment'), cause: err });
    });
  if (fresh !== 'OK') throw new AppError('VALIDATION_FAILED', { message: serverMessage('signup_browser_check'), details: { pow: 'used' } });

  const slug = await checkSlug(deps.systemSql, input.slug);
  if (slug.reason === 'taken') throw slugTaken();
  if (!slug.available) throw new AppError('VALIDATION_FAILED', { message: serverMessage('signup_slug_refused'), details: { slug: slug.reason } });
  const channel = input.channel;
  assertChannel(deps, channel);
  const passwordHash = await hashPassword(input.password);
  const id = randomUUID();
  const code = newOtp();
  const expiresAt = new Date(now.getTime() + SIGNUP_RULES.otpTtlMs);
  const to: Destination = { id, email: input.email, phone: input.phone, owner_name: input.owner_name, isp_name: input.isp_name, locale: input.locale };
  await withPlatform(deps.systemSql, { userId: null, requestId: client.requestId }, async ({ sql }) => {
    const [taken] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM sys_users WHERE lower(email) = ${input.email}`;
    if ((taken?.n ?? 0) > 0) throw emailTaken();
    await assertDestinationFree(sql, to, channel, now);
    await sql`
      INSERT INTO saas_signups (id, isp_name, slug, owner_name, email, phone, password_hash, locale, code_hash, expires_at, ip, channel)
      VALUES (${id}, ${input.isp_name}, ${input.slug}, ${input.owner_name}, ${input.email}, ${input.phone}, ${passwordHash}, ${input.locale},
              ${otpHash(deps.secret, id, code)}, ${expiresAt.toISOString()}, ${client.ip}, ${channel})`;
    await platformAudit(sql, null, 'saas.signup.started', { signup_id: id, slug: input.slug, email: input.email, phone: phoneHint(input.phone), channel, ip: client.ip });
  });
  try {
    // the first code's message carries the sign-up's id, as before e-mail existed
    await deliver(deps, to, channel, code, expiresAt, id);
  } catch (err) {
    deps.logger.warn({ err, signup_id: id, channel }, 'sign-up code could not be sent');
    throw sendFailed(channel, id, err);
  }
  const sent = await recordSent(deps, id, channel, otpHash(deps.secret, id, code), expiresAt, client, false, now);
  return {
    signup_id: id,
    phone_hint: phoneHint(input.phone),
    channel,
    sent_to: sentTo(to, channel),
    channels: signupChannels(deps),
    expires_at: expiresAt,
    attempts_left: SIGNUP_RULES.otpMaxAttempts,
    ...resendState(sent ? sent.wa_sends + sent.email_sends : 1),
  };
}

interface PendingRow extends Destination {
  channel: SignupChannel;
  attempts: number;
  wa_sends: number;
  email_sends: number;
  password_hash: string;
  created_at: Date | string;
  consumed_at: Date | string | null;
  last_sent_at: Date | string | null;
}

/**
 * Sends a new code for a pending sign-up (the last one stops working once it went out), by
 * `channel` or the last code's. The cooldown is claimed before the send (two resends at once
 * send one code) and given back when the send fails, so a retry may follow at once.
 */
export async function resendSignup(
  deps: SignupDeps,
  input: { signup_id: string; channel?: SignupChannel | undefined },
  client: SignupClient,
  now: Date = new Date(),
): Promise<SignupStart> {
  const claimed = await withPlatform(deps.systemSql, { requestId: client.requestId }, async ({ sql }) => {
    const [row] = await sql<PendingRow[]>`
      SELECT id, email, phone, owner_name, isp_name, locale, channel, attempts, wa_sends, email_sends, password_hash, created_at, consumed_at, last_sent_at
      FROM saas_signups WHERE id = ${input.signup_id} FOR UPDATE`;
    if (!row) throw new AppError('NOT_FOUND', { message: serverMessage('signup_not_found') });
    const verdict = resendVerdict(
      {
        consumed_at: row.consumed_at ? new Date(row.consumed_at) : null,
        attempts: row.attempts,
        created_at: new Date(row.created_at),
        scrubbed: row.password_hash === '',
        sends: row.wa_sends + row.email_sends,
        last_sent_at: row.last_sent_at ? new Date(row.last_sent_at) : null,
      },
      now,
    );
    switch (verdict.kind) {
      case 'used':
        throw new AppError('CONFLICT', { message: serverMessage('signup_complete'), details: { code: 'used' } });
      case 'locked':
        throw new AppError('RATE_LIMITED', {
          message: serverMessage('signup_locked'),
          details: { code: 'locked', retry_after_seconds: String(SIGNUP_RULES.otpTtlMs / 1000) },
          headers: { 'Retry-After': String(SIGNUP_RULES.otpTtlMs / 1000) },
        });
      case 'expired':
        throw new AppError('VALIDATION_FAILED', { message: serverMessage('signup_expired'), details: { code: 'expired' } });
      case 'exhausted':
        throw new AppError('RATE_LIMITED', {
          message: serverMessage('signup_resends_used'),
          details: { code: 'resend_limit', retry_after_seconds: String(SIGNUP_RULES.resendWindowMs / 1000) },
          headers: { 'Retry-After': String(SIGNUP_RULES.resendWindowMs / 1000) },
        });
      case 'wait':
        throw new AppError('RATE_LIMITED', {
          message: serverMessage('signup_wait', { seconds: verdict.seconds }),
          details: { code: 'too_soon', retry_after_seconds: String(verdict.seconds) },
          headers: { 'Retry-After': String(verdict.seconds) },
        });
      case 'ok':
        break;
    }
    const channel = input.channel ?? row.channel;
    assertChannel(deps, channel);
    await assertDestinationFree(sql, row, channel, now);
    // the cooldown is claimed now; a failed send gives it back
    await sql`UPDATE saas_signups SET last_sent_at = ${now.toISOString()}::timestamptz WHERE id = ${row.id}`;
    return { row, channel };
  });
  const { row, channel } = claimed;
  const code = newOtp();
  const expiresAt = new Date(now.getTime() + SIGNUP_RULES.otpTtlMs);
  try {
    await deliver(deps, row, channel, code, expiresAt, randomUUID());
  } catch (err) {
    deps.logger.warn({ err, signup_id: row.id, channel }, 'sign-up code could not be sent again');
    const previous = row.last_sent_at ? new Date(row.last_sent_at).toISOString() : null;
    await withPlatform(deps.systemSql, { requestId: client.requestId }, ({ sql }) => sql`UPDATE saas_signups SET last_sent_at = ${previous}::timestamptz WHERE id = ${row.id}`);
    throw sendFailed(channel, row.id, err);
  }
  const sent = await recordSent(deps, row.id, channel, otpHash(deps.secret, row.id, code), expiresAt, client, true, now);
  if (!sent) throw new AppError('CONFLICT', { message: serverMessage('signup_complete'), details: { code: 'used' } });
  return {
    signup_id: row.id,
    phone_hint: phoneHint(row.phone),
    channel,
    sent_to: sentTo(row, channel),
    channels: signupChannels(deps),
    expires_at: expiresAt,
    attempts_left: Math.max(0, SIGNUP_RULES.otpMaxAttempts - sent.attempts),
    ...resendState(sent.wa_sends + sent.email_sends),
  };
}

export interface SignupCompleted {
  tenant_id: string;
  user_id: string;
  slug: string;
  plan_code: string;
  trial_ends_on: string;
}

type Outcome =
  | { kind: 'ok'; done: SignupCompleted }
  | { kind: 'wrong'; left: number }
  | { kind: 'used' | 'expired' | 'locked' | 'not_found' | 'slug_taken' | 'email_taken' | 'no_plan' };

interface SignupRow {
  id: string;
  isp_name: string;
  slug: string;
  owner_name: string;
  email: string;
  phone: string;
  password_hash: string;
  locale: 'id' | 'en';
  code_hash: string;
  attempts: number;
  expires_at: Date | string;
  consumed_at: Date | string | null;
}

/** Checks the code and, when right, creates the ISP with its owner on a trial; the caller signs the owner in. */
export async function verifySignup(deps: SignupDeps, input: { signup_id: string; code: string }, client: SignupClient, now: Date = new Date()): Promise<SignupCompleted> {
  const outcome = await withPlatform<Outcome>(deps.systemSql, { requestId: client.requestId }, async ({ sql }) => {
    const [row] = await sql<SignupRow[]>`SELECT * FROM saas_signups WHERE id = ${input.signup_id} FOR UPDATE`;
    if (!row) return { kind: 'not_found' };
    const state = { ...row, expires_at: new Date(row.expires_at), consumed_at: row.consumed_at ? new Date(row.consumed_at) : null };
    const verdict = otpVerdict(state, otpHash(deps.secret, row.id, input.code), now);
    if (verdict === 'wrong') {
      const [n] = await sql<{ attempts: number }[]>`UPDATE saas_signups SET attempts = attempts + 1 WHERE id = ${row.id} RETURNING attempts`;
      await platformAudit(sql, null, 'saas.signup.code_rejected', { signup_id: row.id, attempts: n!.attempts, ip: client.ip });
      return { kind: 'wrong', left: Math.max(0, SIGNUP_RULES.otpMaxAttempts - n!.attempts) };
    }
    if (verdict !== 'ok') return { kind: verdict };

    // nothing is written before these checks; a race past them throws (the whole transaction rolls back)
    const [plan] = await sql<{ id: string; code: string }[]>`SELECT id, code FROM saas_plans WHERE is_active ORDER BY price_monthly, code LIMIT 1`;
    if (!plan) return { kind: 'no_plan' };
    const [known] = await sql<{ n: number }[]>`SELECT count(*)::int AS n FROM sys_users WHERE lower(email) = ${row.email}`;
    if ((known?.n ?? 0) > 0) return { kind: 'email_taken' };
    const [tenant] = await sql<{ id: string }[]>`
      INSERT INTO saas_tenants (slug, name, billing_phone) VALUES (${row.slug}, ${row.isp_name}, ${row.phone})
      ON CONFLICT (slug) DO NOTHING RETURNING id`;
    if (!tenant) return { kind: 'slug_taken' };
    const [user] = await sql<{ id: string }[]>`
      INSERT INTO sys_users (email, name, password_hash) VALUES (${row.email}, ${row.owner_name}, ${row.password_hash})
      ON CONFLICT DO NOTHING RETURNING id`;
    if (!user) throw emailTaken();
    const today = localDay(SAAS_BILLING.timezone, now);
    const trialEnd = trialEndsOn(today, deps.trialDays);
    // the new ISP's own rows: withPlatform may insert them only for the ISP app.tenant_id names (drizzle/0035)
    await sql`SELECT set_config('app.tenant_id', ${tenant.id}, true), set_config('app.user_id', ${user.id}, true)`;
    await sql`INSERT INTO tenant_settings (tenant_id, company_name, company_phone, locale) VALUES (${tenant.id}, ${row.isp_name}, ${row.phone}, ${row.locale})`;
    await sql`INSERT INTO tenant_memberships (tenant_id, user_id, role) VALUES (${tenant.id}, ${user.id}, 'owner')`;
    await sql`
      INSERT INTO saas_subscriptions (tenant_id, plan_id, status, current_period_start, current_period_end)
      VALUES (${tenant.id}, ${plan.id}, 'trialing', ${today}, ${trialEnd})`;
    // what the row held for this moment is no longer needed
    await sql`UPDATE saas_signups SET consumed_at = now(), tenant_id = ${tenant.id}, password_hash = '', code_hash = '' WHERE id = ${row.id}`;
    await platformAudit(sql, tenant.id, 'saas.signup.completed', { signup_id: row.id, slug: row.slug, owner: user.id, plan: plan.code, trial_ends_on: trialEnd });
    return { kind: 'ok', done: { tenant_id: tenant.id, user_id: user.id, slug: row.slug, plan_code: plan.code, trial_ends_on: trialEnd } };
  });
  switch (outcome.kind) {
    case 'ok':
      return outcome.done;
    case 'wrong':
      throw new AppError('VALIDATION_FAILED', {
        message: outcome.left > 1 ? serverMessage('signup_code_wrong', { left: outcome.left }) : serverMessage(outcome.left === 1 ? 'signup_code_wrong_last' : 'signup_code_wrong_none'),
        details: { code: 'wrong', attempts_left: String(outcome.left) },
      });
    case 'locked':
      throw new AppError('RATE_LIMITED', {
        message: serverMessage('signup_locked'),
        details: { code: 'locked', retry_after_seconds: String(SIGNUP_RULES.otpTtlMs / 1000) },
        headers: { 'Retry-After': String(SIGNUP_RULES.otpTtlMs / 1000) },
      });
    case 'expired':
      throw new AppError('VALIDATION_FAILED', { message: serverMessage('signup_code_expired'), details: { code: 'expired' } });
    case 'used':
      throw new AppError('CONFLICT', { message: serverMessage('signup_code_used'), details: { code: 'used' } });
    case 'not_found':
      throw new AppError('NOT_FOUND', { message: serverMessage('signup_not_found') });
    case 'slug_taken':
      throw slugTaken();
    case 'email_taken':
      throw emailTaken();
    case 'no_plan':
      throw new AppError('SERVICE_UNAVAILABLE', { message: serverMessage('signup_unavailable'), details: { reason: 'no_plan' } });
  }
}

/** How long sign-up rows are kept (user_registration_rate reads the last 7 days). */
export const SIGNUP_RETENTION_DAYS = 90;

/**
 * The cleanup job's part: a sign-up never verified keeps its password hash and code HMAC no
 * longer than an hour past its code's expiry; rows older than SIGNUP_RETENTION_DAYS go.
 */
export async function purgeStaleSignups(systemSql: Sql): Promise<{ scrubbed: number; deleted: number }> {
  return withPlatform(systemSql, { requestId: null }, async ({ sql }) => {
    const scrubbed = await sql`
      UPDATE saas_signups SET password_hash = '', code_hash = ''
      WHERE consumed_at IS NULL AND password_hash <> '' AND expires_at < now() - interval '1 hour'`;
    const deleted = await sql`DELETE FROM saas_signups WHERE created_at < now() - make_interval(days => ${SIGNUP_RETENTION_DAYS})`;
    return { scrubbed: scrubbed.count, deleted: deleted.count };
  });
}
