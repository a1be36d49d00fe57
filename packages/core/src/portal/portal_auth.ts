/**
 * Signing subscribers in to the portal: a one-time code sent by WhatsApp (the ISP's
 * notifications outbox, template `portal_code`) to the number on file, then a portal
 * session of its own kind (tenant_portal_sessions, cookie `rrnet_portal`), never an
 * operator session. Every transaction of a signed-in subscriber runs under the customer
 * scope (`inPortal`): Postgres shows them their own rows only.
 *
 * Codes are stored as hashes, expire after 5 minutes, are accepted once, and 5 wrong
 * tries spend them; a wrong try is committed before the refusal is answered. At most 3
 * codes go to one number (or one customer) in 15 minutes; the API adds per-IP limits.
 * Asking for a code answers the same for unknown customers (no enumeration).
 */
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { AppError, FIELD_MESSAGES, fieldMessage, serverMessage } from '@rrnet/contracts';
import type { PortalBrand, PortalChallenge, PortalCodePurpose } from '@rrnet/contracts';
import { withPlatform, withTenant } from '@rrnet/db';
import type { Sql, TenantTx } from '@rrnet/db';
import { logoUrl } from '../admin/logo';
import { loadWaConfig, queueMessage } from '../notifications/outbox';
import {
  CODE_MAX_ATTEMPTS,
  CODE_SENDS_PER_PHONE,
  CODE_SEND_WINDOW_MINUTES,
  CODE_TTL_SECONDS,
  PORTAL_SESSION_TTL_SECONDS,
  SESSION_TOUCH_SECONDS,
  codeHash,
  judgeCode,
  maySignIn,
  parsePortalToken,
  portalToken,
  readIdentifier,
  tokenHash,
} from './portal_rules';
import type { CodeVerdict } from './portal_rules';

/** A signed-in subscriber: every portal transaction runs as this tenant AND this customer. */
export interface PortalScope {
  sql: Sql;
  tenantId: string;
  customerId: string;
  sessionId: string;
  requestId?: string | null;
}

/** The one way to do a signed-in subscriber's work: the tenant transaction with the customer scope set. */
export function inPortal<T>(scope: PortalScope, fn: (tx: TenantTx) => Promise<T>): Promise<T> {
  return withTenant(scope.sql, { tenantId: scope.tenantId, customerId: scope.customerId, requestId: scope.requestId ?? null }, fn);
}

export interface PortalClient {
  ip: string | null;
  userAgent: string | null;
  requestId?: string | null;
}

/** The ISP behind /portal/{slug} (any but a terminated one), with what its sign-in page shows. */
export async function findPortalTenant(systemSql: Sql, slug: string): Promise<(PortalBrand & { tenant_id: string }) | null> {
  return withPlatform(systemSql, {}, async ({ sql }) => {
    const [row] = await sql<{ tenant_id: string; slug: string; name: string; phone: string | null; logo_sha: string | null }[]>`
      SELECT t.id AS tenant_id, t.slug, coalesce(s.company_name, t.name) AS name, s.company_phone AS phone, l.sha256 AS logo_sha
      FROM saas_tenants t LEFT JOIN tenant_settings s ON s.tenant_id = t.id LEFT JOIN tenant_logos l ON l.tenant_id = t.id
      WHERE t.slug = ${slug} AND t.status <> 'terminated'`;
    if (!row) return null;
    const { logo_sha, ...brand } = row;
    return { ...brand, logo_url: logo_sha ? logoUrl(row.tenant_id, logo_sha) : null };
  });
}

function unknownIsp(): AppError {
  return new AppError('NOT_FOUND', { message: serverMessage('portal_not_here') });
}

export async function requirePortalTenant(systemSql: Sql, slug: string): Promise<PortalBrand & { tenant_id: string }> {
  const tenant = await findPortalTenant(systemSql, slug);
  if (!tenant) throw unknownIsp();
  return tenant;
}

/** Refuses when this customer or number had CODE_SENDS_PER_PHONE codes in the window. */
async function checkSendRate(tx: TenantTx, customerId: string, phone: string): Promise<void> {
  const [r] = await tx.sql<{ n: number; oldest: Date | null }[]>`
    SELECT count(*)::int AS n, min(created_at) AS oldest FROM tenant_portal_codes
    WHERE (customer_id = ${customerId} OR phone = ${phone}) AND created_at > now() - make_interval(mins => ${CODE_SEND_WINDOW_MINUTES})`;
  if ((r?.n ?? 0) < CODE_SENDS_PER_PHONE) return;
  const retry = r?.oldest ? Math.max(1, Math.ceil((new Date(r.oldest).getTime() + CODE_SEND_WINDOW_MINUTES * 60_000 - Date.now()) / 1000)) : CODE_SEND_WINDOW_MINUTES * 60;
  throw new AppError('RATE_LIMITED', {
    message: serverMessage('portal_code_limit'),
    details: { scope: 'phone', retry_after_seconds: String(retry) },
    headers: { 'Retry-After': String(retry) },
  });
}

/** A new code for a customer, queued to `phone` by WhatsApp; returns the challenge. */
async function issueCode(
  tx: TenantTx,
  tenantId: string,
  c: { id: string; name: string; code: string },
  purpose: PortalCodePurpose,
  phone: string,
  ip: string | null,
): Promise<PortalChallenge> {
  await checkSendRate(tx, c.id, phone);
  const id = randomUUID();
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  await tx.sql`
    INSERT INTO tenant_portal_codes (tenant_id, id, customer_id, purpose, phone, code_hash, expires_at, ip)
    VALUES (${tenantId}, ${id}, ${c.id}, ${purpose}, ${phone}, ${codeHash(id, code)}, now() + make_interval(secs => ${CODE_TTL_SECONDS}), ${ip})`;
  const queued = await queueMessage(tx, tenantId, {
    customerId: c.id,
    code: 'portal_code',
    toPhone: phone,
    values: { name: c.name, customer_code: c.code, code, minutes: String(CODE_TTL_SECONDS / 60) },
    dedupeKey: `portal_code:${id}`,
  });
  if (!queued) throw new AppError('SERVICE_UNAVAILABLE', { message: serverMessage('portal_code_unsendable') });
  return { challenge_id: id, expires_in_seconds: CODE_TTL_SECONDS };
}

/**
 * Step 1 of signing in: the customer code or phone number → a code to the number on file.
 * Unknown (or terminated) customers get a challenge that no code opens.
 */
export async function startSignIn(sql: Sql, tenantId: string, identifier: string, client: PortalClient): Promise<PortalChallenge> {
  return withTenant(sql, { tenantId, requestId: client.requestId ?? null }, async (tx) => {
    const wa = await loadWaConfig(tx);
    if (!wa.enabled) throw new AppError('SERVICE_UNAVAILABLE', { message: serverMessage('portal_code_unavailable') });
    const id = readIdentifier(identifier);
    const [c] = await tx.sql<{ id: string; name: string; code: string; phone: string | null; status: string; anonymized: boolean }[]>`
      SELECT id, name, code, phone, status, anonymized_at IS NOT NULL AS anonymized FROM tenant_customers
      WHERE ${id.kind === 'phone' ? tx.sql`phone = ${id.phone}` : tx.sql`upper(code) = ${id.code}`}
      ORDER BY status = 'terminated', created_at DESC LIMIT 1`;
    if (!c?.phone || !maySignIn(c)) return { challenge_id: randomUUID(), expires_in_seconds: CODE_TTL_SECONDS };
    return issueCode(tx, tenantId, c, 'sign_in', c.phone, client.ip);
  });
}

function codeRefusal(verdict: Exclude<CodeVerdict, { ok: true }>): AppError {
  return verdict.reason === 'wrong'
    ? new AppError('VALIDATION_FAILED', {
        message: serverMessage('portal_code_wrong'),
        details: { code: fieldMessage('code_tries_left', { count: verdict.attemptsLeft }), attempts_left: String(verdict.attemptsLeft) },
      })
    : new AppError('VALIDATION_FAILED', { message: serverMessage('portal_code_expired'), details: { code: FIELD_MESSAGES.otp_expired } });
}

/**
 * Checks a code in its own transaction and commits the outcome (a wrong try counted, a good
 * code spent) before the caller answers. `then` runs in the same transaction on success.
 */
async function spendCode<T>(
  tx: TenantTx,
  purpose: PortalCodePurpose,
  challengeId: string,
  code: string,
  then: (row: { customer_id: string; phone: string }) => Promise<T>,
): Promise<{ ok: true; value: T } | { ok: false; verdict: Exclude<CodeVerdict, { ok: true }> }> {
  const [row] = await tx.sql<{ customer_id: string; phone: string; code_hash: string; attempts: number; expired: boolean; consumed: boolean }[]>`
    SELECT customer_id, phone, code_hash, attempts, expires_at <= now() AS expired, consumed_at IS NOT NULL AS consumed
    FROM tenant_portal_codes WHERE id = ${challengeId} AND purpose = ${purpose} FOR UPDATE`;
  const verdict = judgeCode(row ?? null, challengeId, code);
  if (!verdict.ok) {
    if (row && !row.consumed && !row.expired && row.attempts < CODE_MAX_ATTEMPTS) {
      await tx.sql`UPDATE tenant_portal_codes SET attempts = attempts + 1 WHERE id = ${challengeId}`;
    }
    return { ok: false, verdict };
  }
  await tx.sql`UPDATE tenant_portal_codes SET consumed_at = now() WHERE id = ${challengeId}`;
  // the spent code leaves the outbox's copy of the message too (the audit trail never had it)
  await tx.sql`
    UPDATE tenant_wa_messages
    SET body = replace(body, ${code}, '******'),
        params = (SELECT coalesce(jsonb_agg(CASE WHEN e = ${code} THEN '******' ELSE e END ORDER BY n), '[]'::jsonb)
                  FROM jsonb_array_elements_text(params) WITH ORDINALITY AS x(e, n))
    WHERE dedupe_key = ${`portal_code:${challengeId}`} AND status IN ('sent', 'delivered', 'read')`;
  return { ok: true, value: await then(row!) };
}

export interface PortalSignIn {
  token: string;
  customer_name: string;
  expires_at: Date;
}

/** Step 2: the code → a portal session (its token goes in the `rrnet_portal` cookie). */
export async function verifySignIn(sql: Sql, tenantId: string, input: { challenge_id: string; code: string }, client: PortalClient): Promise<PortalSignIn> {
  const outcome = await withTenant(sql, { tenantId, requestId: client.requestId ?? null }, (tx) =>
    spendCode(tx, 'sign_in', input.challenge_id, input.code, async ({ customer_id }) => {
      const [c] = await tx.sql<{ name: string; status: string; anonymized: boolean }[]>`
        SELECT name, status, anonymized_at IS NOT NULL AS anonymized FROM tenant_customers WHERE id = ${customer_id}`;
      if (!c || !maySignIn(c)) return null;
      const secret = randomBytes(32).toString('base64url');
      const [s] = await tx.sql<{ expires_at: Date }[]>`
        INSERT INTO tenant_portal_sessions (tenant_id, customer_id, token_hash, ip, user_agent, last_seen_at, expires_at)
        VALUES (${tenantId}, ${customer_id}, ${tokenHash(secret)}, ${client.ip}, ${client.userAgent?.slice(0, 300) ?? null}, now(),
                now() + make_interval(secs => ${PORTAL_SESSION_TTL_SECONDS}))
        RETURNING expires_at`;
      return { token: portalToken(tenantId, secret), customer_name: c.name, expires_at: new Date(s!.expires_at) };
    }),
  );
  if (!outcome.ok) throw codeRefusal(outcome.verdict);
  if (!outcome.value) throw codeRefusal({ ok: false, reason: 'expired' });
  return outcome.value;
}

/** The signed-in subscriber behind a portal token, or null (unknown, expired, signed out, or no longer served). */
export async function portalSessionOf(sql: Sql, token: string | null | undefined, requestId: string | null = null): Promise<PortalScope | null> {
  const parsed = parsePortalToken(token);
  if (!parsed) return null;
  const row = await withTenant(sql, { tenantId: parsed.tenantId, requestId }, async (tx) => {
    const [s] = await tx.sql<{ id: string; customer_id: string; status: string; anonymized: boolean; stale: boolean }[]>`
      SELECT s.id, s.customer_id, c.status, c.anonymized_at IS NOT NULL AS anonymized,
             s.last_seen_at IS NULL OR s.last_seen_at < now() - make_interval(secs => ${SESSION_TOUCH_SECONDS}) AS stale
      FROM tenant_portal_sessions s JOIN tenant_customers c ON c.id = s.customer_id
      WHERE s.token_hash = ${tokenHash(parsed.secret)} AND s.revoked_at IS NULL AND s.expires_at > now()`;
    if (s?.stale) await tx.sql`UPDATE tenant_portal_sessions SET last_seen_at = now() WHERE id = ${s.id}`;
    return s;
  });
  if (!row || !maySignIn(row)) return null;
  return { sql, tenantId: parsed.tenantId, customerId: row.customer_id, sessionId: row.id, requestId };
}

export async function signOut(scope: PortalScope): Promise<{ signed_out: true }> {
  await inPortal(scope, (tx) => tx.sql`UPDATE tenant_portal_sessions SET revoked_at = now() WHERE id = ${scope.sessionId} AND revoked_at IS NULL`);
  return { signed_out: true };
}

/** A new phone number: a code goes to the NEW number; the number on file changes only when it comes back. */
export async function startPhoneChange(scope: PortalScope, phone: string, client: PortalClient): Promise<PortalChallenge> {
  return inPortal(scope, async (tx) => {
    const [c] = await tx.sql<{ id: string; name: string; code: string; phone: string | null }[]>`SELECT id, name, code, phone FROM tenant_customers WHERE id = ${scope.customerId}`;
    if (!c) throw new AppError('NOT_FOUND', { message: serverMessage('customer_not_found') });
    if (c.phone === phone) throw new AppError('VALIDATION_FAILED', { message: serverMessage('portal_same_number'), details: { phone: FIELD_MESSAGES.already_your_number } });
    return issueCode(tx, scope.tenantId, c, 'phone_change', phone, client.ip);
  });
}

export async function confirmPhoneChange(scope: PortalScope, input: { challenge_id: string; code: string }): Promise<{ phone: string }> {
  const outcome = await inPortal(scope, (tx) =>
    spendCode(tx, 'phone_change', input.challenge_id, input.code, async ({ phone }) => {
      await tx.sql`UPDATE tenant_customers SET phone = ${phone}, updated_at = now() WHERE id = ${scope.customerId}`;
      return { phone };
    }),
  );
  if (!outcome.ok) throw codeRefusal(outcome.verdict);
  return outcome.value;
}
