/**
 * Sign-in, token refresh with rotation and reuse detection, sessions, tenant switching
 * and API-key authentication. Sessions are refresh-token families in sys_sessions
 * (hashes only); a user has at most `maxSessions` active families — the oldest is
 * revoked. Access tokens name their family (`session_id`); every request checks the
 * family is still active (Redis-cached for 15 minutes, the spec's session TTL; a
 * revocation deletes the cache entry, so it takes effect on the next request).
 * Runs on the rrnet_system pool: signing in is one of the few cross-tenant paths.
 */
import { randomUUID } from 'node:crypto';
import { AppError, ROLE_PERMISSIONS, TENANT_ROLES, serverMessage } from '@rrnet/contracts';
import type { Me, Permission, Role, TenantRole, TokenPair } from '@rrnet/contracts';
import type { Redis } from '@rrnet/cache';
import { LocalTtlCache } from '@rrnet/cache';
import { verifyPassword } from '@rrnet/crypto';
import type { Sql, TenantTx } from '@rrnet/db';
import { withPlatform, withTenant } from '@rrnet/db';
import type { Logger } from '@rrnet/logger';
import { ACCESS_TOKEN_TTL_SECONDS, InvalidTokenError, signAccessToken, verifyAccessToken } from './access_token';
import type { LoginGuard } from './login_guard';
import { clientFingerprint, newRefreshToken, parseApiKey, sha256Hex } from './opaque_tokens';
import type { ClientInfo, Principal } from './principal';
import { loadRoleGrants, memberPermissions } from './role_grants';

export interface WebSessionClaims {
  sub: string;
  tid: string | null;
  role: Role;
  session_id: string;
  fingerprint: string;
}

export interface AuthServiceOptions {
  systemSql: Sql;
  appSql: Sql;
  redis: Redis;
  logger: Logger;
  guard: LoginGuard;
  secret: string;
  refreshTtlDays?: number;
  maxSessions?: number;
  /** Seconds a session's "active" answer may be cached in Redis (spec: user sessions 15 minutes). */
  sessionCacheSeconds?: number;
  /**
   * Milliseconds the same answer may also be kept in this process (0: off). A
   * revocation in this process clears it at once; other instances within this time.
   */
  localSessionCacheMs?: number;
}

interface MembershipRow {
  tenant_id: string;
  role: TenantRole;
  slug: string;
  name: string;
  tenant_status: string;
}

// A valid argon2id hash of a random password: compared against when the e-mail is
// unknown, so response time does not reveal which accounts exist.
const DUMMY_HASH =
  '$argon2id$v=19$m=19456,t=2,p=1$PwrZXQiWMqlzTP1yFp3A0A$mJy8bjMCo1DMq8vAjjioq7K3ODOyVax9hPINBULfXxE';

const unauthenticated = (message = serverMessage('session_ended')) =>
  new AppError('UNAUTHENTICATED', { message });

export class AuthService {
  private readonly refreshTtlMs: number;
  private readonly maxSessions: number;
  private readonly cacheSeconds: number;
  private readonly local: LocalTtlCache<true>;

  constructor(private readonly o: AuthServiceOptions) {
    this.refreshTtlMs = (o.refreshTtlDays ?? 30) * 86_400_000;
    this.maxSessions = o.maxSessions ?? 3;
    this.cacheSeconds = o.sessionCacheSeconds ?? 15 * 60;
    this.local = new LocalTtlCache(o.localSessionCacheMs ?? 0);
  }

  // ── sign-in ──────────────────────────────────────────────────────────────────
  async login(input: { email: string; password: string; tenant_slug?: string | undefined }, client: ClientInfo): Promise<TokenPair> {
    const verdict = await this.o.guard.beforeAttempt(input.email, client.ip);
    if (!verdict.allowed) {
      await this.audit(null, null, client, 'auth', 'auth.login_blocked', { email: input.email, scope: verdict.scope ?? null });
      throw new AppError('RATE_LIMITED', {
        message: serverMessage('sign_in_attempts'),
        headers: { 'Retry-After': String(verdict.retryAfterSeconds) },
        details: { retry_after_seconds: String(verdict.retryAfterSeconds) },
      });
    }
    const [user] = await withPlatform(this.o.systemSql, { requestId: client.requestId }, ({ sql }) => sql<
      { id: string; password_hash: string; status: string; is_platform_admin: boolean; memberships: MembershipRow[] }[]
    >`
      SELECT u.id, u.password_hash, u.status, u.is_platform_admin,
             coalesce(json_agg(json_build_object('tenant_id', m.tenant_id, 'role', m.role, 'slug', t.slug,
                                                 'name', t.name, 'tenant_status', t.status) ORDER BY m.created_at, t.name)
                      FILTER (WHERE m.tenant_id IS NOT NULL), '[]') AS memberships
      FROM sys_users u
      LEFT JOIN tenant_memberships m ON m.user_id = u.id AND m.status = 'active'
      LEFT JOIN saas_tenants t ON t.id = m.tenant_id
      WHERE lower(u.email) = ${input.email}
      GROUP BY u.id`);
    const passwordOk = await verifyPassword(user?.password_hash ?? DUMMY_HASH, input.password);
    if (!user || !passwordOk || user.status !== 'active') {
      await this.o.guard.recordFailure(input.email);
      await this.audit(null, user?.id ?? null, client, 'auth', 'auth.login_failed', {
        email: input.email,
        reason: !user ? 'unknown_email' : !passwordOk ? 'wrong_password' : 'user_disabled',
      });
      throw new AppError('UNAUTHENTICATED', { message: serverMessage('sign_in_wrong') });
    }
    await this.o.guard.recordSuccess(input.email);

    const memberships = user.memberships;
    // without a choice: the ISP the user joined first
    const chosen = input.tenant_slug ? memberships.find((m) => m.slug === input.tenant_slug) : memberships[0];
    if (input.tenant_slug && !chosen) throw new AppError('FORBIDDEN', { message: serverMessage('not_member') });
    if (!chosen && !user.is_platform_admin) throw new AppError('FORBIDDEN', { message: serverMessage('no_isp_yet') });
    if (chosen && chosen.tenant_status !== 'active') {
      throw new AppError('FORBIDDEN', { message: serverMessage('isp_suspended') });
    }
    const role: Role = chosen ? chosen.role : 'super_admin';
    const tokens = await this.openSession(user.id, chosen?.tenant_id ?? null, role, client, null);
    await withPlatform(this.o.systemSql, { userId: user.id }, ({ sql }) => sql`UPDATE sys_users SET last_login_at = now() WHERE id = ${user.id}`);
    await this.audit(chosen?.tenant_id ?? null, user.id, client, 'auth', 'auth.login_succeeded', { email: input.email, session_id: tokens.session_id });
    return tokens;
  }

  /**
   * The owner of an ISP that has just signed up and proved its phone (core/saas/signup):
   * a session as that ISP's owner, without a password check — the one-time code was it.
   */
  async signInNewOwner(userId: string, tenantId: string, client: ClientInfo): Promise<TokenPair> {
    const role = await withPlatform(this.o.systemSql, { userId }, ({ sql }) => this.currentRole(sql, userId, tenantId));
    if (role !== 'owner') throw new AppError('FORBIDDEN', { message: serverMessage('not_owner') });
    const tokens = await this.openSession(userId, tenantId, role, client, null);
    await withPlatform(this.o.systemSql, { userId }, ({ sql }) => sql`UPDATE sys_users SET last_login_at = now() WHERE id = ${userId}`);
    await this.audit(tenantId, userId, client, 'auth', 'auth.login_succeeded', { method: 'signup', session_id: tokens.session_id });
    return tokens;
  }

  // ── refresh with rotation ───────────────────────────────────────────────────
  async refresh(refreshToken: string, client: ClientInfo): Promise<TokenPair> {
    const hash = sha256Hex(refreshToken);
    const fingerprint = clientFingerprint(client.userAgent);
    type Outcome =
      | { kind: 'ok'; tokens: TokenPair; tenantId: string | null; userId: string }
      | { kind: 'reuse'; familyId: string; tenantId: string | null; userId: string }
      | { kind: 'refused'; reason: string; tenantId: string | null; userId: string | null };
    const outcome = await withPlatform<Outcome>(this.o.systemSql, { requestId: client.requestId }, async ({ sql }) => {
      const [row] = await sql<{ id: string; user_id: string; tenant_id: string | null; family_id: string; fingerprint: string; expired: boolean; rotated: boolean; revoked: boolean }[]>`
        SELECT id, user_id, tenant_id, family_id, fingerprint, expires_at <= now() AS expired,
               rotated_at IS NOT NULL AS rotated, revoked_at IS NOT NULL AS revoked
        FROM sys_sessions WHERE refresh_token_hash = ${hash}`;
      if (!row) return { kind: 'refused', reason: 'unknown_token', tenantId: null, userId: null };
      if (row.revoked) return { kind: 'refused', reason: 'revoked', tenantId: row.tenant_id, userId: row.user_id };
      // a claimed row that was already rotated: the token was used twice
      const claimed = row.rotated
        ? []
        : await sql`UPDATE sys_sessions SET rotated_at = now(), last_used_at = now()
                    WHERE id = ${row.id} AND rotated_at IS NULL AND revoked_at IS NULL RETURNING id`;
      if (claimed.length === 0) {
        await this.revokeFamilies(sql, [row.family_id], 'refresh_reuse');
        return { kind: 'reuse', familyId: row.family_id, tenantId: row.tenant_id, userId: row.user_id };
      }
      if (row.expired) return { kind: 'refused', reason: 'expired', tenantId: row.tenant_id, userId: row.user_id };
      if (row.fingerprint !== fingerprint) {
        await this.revokeFamilies(sql, [row.family_id], 'fingerprint_mismatch');
        return { kind: 'refused', reason: 'fingerprint_mismatch', tenantId: row.tenant_id, userId: row.user_id };
      }
      const role = await this.currentRole(sql, row.user_id, row.tenant_id);
      if (!role) {
        await this.revokeFamilies(sql, [row.family_id], 'membership_ended');
        return { kind: 'refused', reason: 'membership_ended', tenantId: row.tenant_id, userId: row.user_id };
      }
      const tokens = await this.issue(sql, row.user_id, row.tenant_id, role, row.family_id, client);
      return { kind: 'ok', tokens, tenantId: row.tenant_id, userId: row.user_id };
    });
    if (outcome.kind === 'ok') {
      await this.audit(outcome.tenantId, outcome.userId, client, 'auth', 'auth.token_refreshed', { session_id: outcome.tokens.session_id });
      return outcome.tokens;
    }
    if (outcome.kind === 'reuse') {
      await this.forget([outcome.familyId]);
      await this.audit(outcome.tenantId, outcome.userId, client, 'auth', 'auth.refresh_reuse_detected', { session_id: outcome.familyId });
      this.o.logger.warn({ session_id: outcome.familyId }, 'refresh token reuse: session family revoked');
      throw unauthenticated();
    }
    if (outcome.userId) {
      await this.audit(outcome.tenantId, outcome.userId, client, 'auth', 'auth.refresh_refused', { reason: outcome.reason });
    }
    throw unauthenticated();
  }

  // ── sessions ────────────────────────────────────────────────────────────────
  async logout(principal: Principal, client: ClientInfo): Promise<void> {
    if (!principal.sessionId || !principal.userId) throw new AppError('FORBIDDEN', { message: serverMessage('api_key_no_session') });
    await withPlatform(this.o.systemSql, { userId: principal.userId }, ({ sql }) => this.revokeFamilies(sql, [principal.sessionId!], 'logout'));
    await this.forget([principal.sessionId]);
    await this.audit(principal.tenantId, principal.userId, client, 'auth', 'auth.logout', { session_id: principal.sessionId });
  }

  async logoutEverywhere(principal: Principal, client: ClientInfo): Promise<number> {
    if (!principal.userId) throw new AppError('FORBIDDEN', { message: serverMessage('api_key_no_sessions') });
    const families = await withPlatform(this.o.systemSql, { userId: principal.userId }, async ({ sql }) => {
      const rows = await sql<{ family_id: string }[]>`
        SELECT DISTINCT family_id FROM sys_sessions WHERE user_id = ${principal.userId} AND revoked_at IS NULL`;
      await this.revokeFamilies(sql, rows.map((r) => r.family_id), 'logout_everywhere');
      return rows.map((r) => r.family_id);
    });
    await this.forget(families);
    await this.audit(principal.tenantId, principal.userId, client, 'auth', 'auth.logout_everywhere', { sessions: families.length });
    return families.length;
  }

  async listSessions(principal: Principal) {
    if (!principal.userId) return [];
    const rows = await withPlatform(this.o.systemSql, { userId: principal.userId }, ({ sql }) => sql<
      { family_id: string; tenant_id: string | null; user_agent: string | null; ip: string | null; created_at: string; last_used_at: string | null }[]
    >`
      SELECT family_id, (array_agg(tenant_id ORDER BY created_at DESC))[1] AS tenant_id,
             (array_agg(user_agent ORDER BY created_at DESC))[1] AS user_agent,
             (array_agg(ip ORDER BY created_at DESC))[1] AS ip,
             min(created_at)::text AS created_at, max(coalesce(last_used_at, created_at))::text AS last_used_at
      FROM sys_sessions
      WHERE user_id = ${principal.userId} AND revoked_at IS NULL
      GROUP BY family_id
      HAVING bool_or(rotated_at IS NULL AND expires_at > now())
      ORDER BY min(created_at) DESC`);
    return rows.map((r) => ({
      session_id: r.family_id,
      tenant_id: r.tenant_id,
      user_agent: r.user_agent,
      ip: r.ip,
      created_at: new Date(r.created_at),
      last_used_at: r.last_used_at ? new Date(r.last_used_at) : null,
      current: r.family_id === principal.sessionId,
    }));
  }

  async revokeSession(principal: Principal, sessionId: string, client: ClientInfo): Promise<void> {
    if (!principal.userId) throw new AppError('FORBIDDEN');
    const revoked = await withPlatform(this.o.systemSql, { userId: principal.userId }, async ({ sql }) => {
      const own = await sql`SELECT 1 FROM sys_sessions WHERE family_id = ${sessionId} AND user_id = ${principal.userId} LIMIT 1`;
      if (own.length === 0) return false;
      await this.revokeFamilies(sql, [sessionId], 'revoked_by_user');
      return true;
    });
    if (!revoked) throw new AppError('NOT_FOUND', { message: serverMessage('session_not_found') });
    await this.forget([sessionId]);
    await this.audit(principal.tenantId, principal.userId, client, 'auth', 'auth.session_revoked', { session_id: sessionId });
  }

  async switchTenant(principal: Principal, tenantId: string, client: ClientInfo): Promise<TokenPair> {
    if (principal.kind !== 'session' || !principal.userId || !principal.sessionId) {
      throw new AppError('FORBIDDEN', { message: serverMessage('switch_isp_users_only') });
    }
    const role = await withPlatform(this.o.systemSql, { userId: principal.userId }, ({ sql }) =>
      this.currentRole(sql, principal.userId!, tenantId),
    );
    if (!role) throw new AppError('FORBIDDEN', { message: serverMessage('not_active_member') });
    const tokens = await this.openSession(principal.userId, tenantId, role, client, principal.sessionId);
    await this.forget([principal.sessionId]);
    await this.audit(tenantId, principal.userId, client, 'auth', 'auth.tenant_switched', { from_tenant: principal.tenantId, session_id: tokens.session_id });
    return tokens;
  }

  /** Who the caller is, where, what they may do, and which ISPs they can switch to. */
  async profile(principal: Principal, requestId: string): Promise<Me> {
    const p = principal;
    const found = await withPlatform(this.o.systemSql, { tenantId: p.tenantId, userId: p.userId, requestId }, async ({ sql }) => {
      const [user] = p.userId ? await sql<{ email: string; name: string }[]>`SELECT email, name FROM sys_users WHERE id = ${p.userId}` : [];
      const [tenant] = p.tenantId ? await sql<{ name: string }[]>`SELECT name FROM saas_tenants WHERE id = ${p.tenantId}` : [];
      const memberships = p.userId
        ? await sql<Me['memberships']>`
            SELECT m.tenant_id, t.name AS tenant_name, t.slug AS tenant_slug, m.role
            FROM tenant_memberships m JOIN saas_tenants t ON t.id = m.tenant_id
            WHERE m.user_id = ${p.userId} AND m.status = 'active' AND t.status = 'active' ORDER BY t.name`
        : [];
      return { user, tenant, memberships: [...memberships] };
    });
    return {
      user_id: p.userId ?? p.apiKeyId!,
      email: found.user?.email ?? 'api-key',
      name: found.user?.name ?? 'API key',
      role: p.role ?? 'viewer',
      tenant_id: p.tenantId,
      tenant_name: found.tenant?.name ?? null,
      permissions: [...p.permissions],
      memberships: found.memberships,
      auth_method: p.kind,
    };
  }

  // ── request authentication ──────────────────────────────────────────────────
  async authenticateAccessToken(token: string, userAgent: string | null): Promise<Principal> {
    let claims;
    try {
      claims = await verifyAccessToken(token, this.o.secret);
    } catch (err) {
      throw unauthenticated(err instanceof InvalidTokenError && err.message === 'token expired' ? serverMessage('session_expired') : undefined);
    }
    if (claims.role === 'super_admin' && claims.tid !== null) throw unauthenticated();
    return this.sessionPrincipal(claims, userAgent, serverMessage('token_other_client'));
  }

  /**
   * The web app's session (a next-auth JWT cookie, decrypted by next-auth) names the
   * same session family as an access token would; it is checked the same way.
   */
  authenticateWebSession(claims: WebSessionClaims, userAgent: string | null): Promise<Principal> {
    return this.sessionPrincipal(claims, userAgent, serverMessage('session_other_browser'));
  }

  /** Both kinds of session claims: same client (fingerprint), family still active. */
  private async sessionPrincipal(claims: WebSessionClaims, userAgent: string | null, otherClient: string): Promise<Principal> {
    if (claims.fingerprint !== clientFingerprint(userAgent)) throw unauthenticated(otherClient);
    if (!(await this.isSessionActive(claims.session_id))) throw unauthenticated();
    return {
      kind: 'session',
      userId: claims.sub,
      tenantId: claims.tid,
      role: claims.role,
      permissions: await this.permissionsOf(claims),
      sessionId: claims.session_id,
      apiKeyId: null,
    };
  }

  /**
   * The one place a signed-in member's permissions are decided: the ISP's custom role they
   * hold (role_grants.ts, cached), else their built-in role's. A platform admin's are the
   * platform role's.
   */
  private async permissionsOf(claims: WebSessionClaims): Promise<readonly Permission[]> {
    if (claims.tid === null || claims.role === 'super_admin') return ROLE_PERMISSIONS[claims.role];
    const grants = await loadRoleGrants({ sql: this.o.appSql, redis: this.o.redis, logger: this.o.logger }, claims.tid);
    return memberPermissions(grants, claims.sub, claims.role);
  }

  async authenticateApiKey(key: string): Promise<Principal> {
    const parts = parseApiKey(key);
    if (!parts) throw unauthenticated(serverMessage('api_key_invalid'));
    const row = await withTenant(this.o.appSql, { tenantId: parts.tenantId }, async ({ sql }) => {
      const [found] = await sql<{ id: string; permissions: string[]; stale: boolean }[]>`
        SELECT id, permissions, (last_used_at IS NULL OR last_used_at < now() - interval '1 minute') AS stale
        FROM tenant_api_keys
        WHERE key_hash = ${sha256Hex(parts.secret)} AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())`;
      if (found?.stale) await sql`UPDATE tenant_api_keys SET last_used_at = now() WHERE id = ${found.id}`;
      return found;
    });
    if (!row) throw unauthenticated(serverMessage('api_key_invalid'));
    return {
      kind: 'api_key',
      userId: null,
      tenantId: parts.tenantId,
      role: null,
      permissions: row.permissions as Permission[],
      sessionId: null,
      apiKeyId: row.id,
    };
  }

  async isSessionActive(sessionId: string): Promise<boolean> {
    if (this.local.get(sessionId)) return true;
    const key = `rrnet:session:${sessionId}`;
    try {
      if ((await this.o.redis.get<string>(key)) === 'active') {
        this.local.set(sessionId, true);
        return true;
      }
    } catch (err) {
      this.o.logger.warn({ err }, 'session cache unavailable; checking the database');
    }
    const [row] = await withPlatform(this.o.systemSql, {}, ({ sql }) => sql<{ active: boolean }[]>`
      SELECT EXISTS (SELECT 1 FROM sys_sessions WHERE family_id = ${sessionId} AND revoked_at IS NULL AND expires_at > now()) AS active`);
    if (row?.active) {
      this.local.set(sessionId, true);
      await this.o.redis.set(key, 'active', { ex: this.cacheSeconds }).catch(() => undefined);
    }
    return row?.active ?? false;
  }

  // ── internals ───────────────────────────────────────────────────────────────
  private async openSession(userId: string, tenantId: string | null, role: Role, client: ClientInfo, replaces: string | null): Promise<TokenPair> {
    const { tokens, evicted } = await withPlatform(this.o.systemSql, { tenantId, userId, requestId: client.requestId }, async ({ sql }) => {
      await sql`SELECT pg_advisory_xact_lock(hashtext(${`session:${userId}`}))`;
      if (replaces) await this.revokeFamilies(sql, [replaces], 'tenant_switch');
      const issued = await this.issue(sql, userId, tenantId, role, randomUUID(), client);
      const over = await sql<{ family_id: string }[]>`
        SELECT family_id FROM sys_sessions
        WHERE user_id = ${userId} AND revoked_at IS NULL AND rotated_at IS NULL AND expires_at > now()
        GROUP BY family_id ORDER BY min(created_at) DESC, family_id OFFSET ${this.maxSessions}`;
      await this.revokeFamilies(sql, over.map((r) => r.family_id), 'session_limit');
      return { tokens: issued, evicted: over.map((r) => r.family_id) };
    });
    if (evicted.length) {
      await this.forget(evicted);
      await this.audit(tenantId, userId, client, 'auth', 'auth.session_evicted', { sessions: evicted, reason: 'session_limit' });
    }
    return tokens;
  }

  private async issue(sql: TenantTx['sql'], userId: string, tenantId: string | null, role: Role, familyId: string, client: ClientInfo): Promise<TokenPair> {
    const refresh = newRefreshToken();
    const fingerprint = clientFingerprint(client.userAgent);
    await sql`
      INSERT INTO sys_sessions (user_id, tenant_id, family_id, refresh_token_hash, fingerprint, user_agent, ip, expires_at)
      VALUES (${userId}, ${tenantId}, ${familyId}, ${sha256Hex(refresh)}, ${fingerprint},
              ${client.userAgent?.slice(0, 300) ?? null}, ${client.ip}, ${new Date(Date.now() + this.refreshTtlMs).toISOString()})`;
    const access = await signAccessToken({ sub: userId, tid: tenantId, role, session_id: familyId, fingerprint }, this.o.secret);
    return {
      access_token: access,
      refresh_token: refresh,
      token_type: 'Bearer',
      expires_in: ACCESS_TOKEN_TTL_SECONDS,
      session_id: familyId,
      tenant_id: tenantId,
      role,
    };
  }

  private async currentRole(sql: TenantTx['sql'], userId: string, tenantId: string | null): Promise<Role | null> {
    if (tenantId === null) {
      const [u] = await sql<{ ok: boolean }[]>`SELECT is_platform_admin AND status = 'active' AS ok FROM sys_users WHERE id = ${userId}`;
      return u?.ok ? 'super_admin' : null;
    }
    const [m] = await sql<{ role: string }[]>`
      SELECT m.role FROM tenant_memberships m JOIN saas_tenants t ON t.id = m.tenant_id JOIN sys_users u ON u.id = m.user_id
      WHERE m.tenant_id = ${tenantId} AND m.user_id = ${userId} AND m.status = 'active' AND t.status = 'active' AND u.status = 'active'`;
    return m && (TENANT_ROLES as readonly string[]).includes(m.role) ? (m.role as Role) : null;
  }

  private async revokeFamilies(sql: TenantTx['sql'], families: string[], reason: string): Promise<void> {
    if (families.length === 0) return;
    await sql`UPDATE sys_sessions SET revoked_at = now(), revoked_reason = ${reason}
              WHERE family_id = ANY (${families}::uuid[]) AND revoked_at IS NULL`;
  }

  private async forget(families: string[]): Promise<void> {
    if (families.length === 0) return;
    for (const f of families) this.local.delete(f);
    await this.o.redis.del(...families.map((f) => `rrnet:session:${f}`)).catch((err: unknown) => {
      this.o.logger.error({ err, families }, 'could not clear revoked sessions from the cache; they expire within the cache TTL');
    });
  }

  async audit(tenantId: string | null, userId: string | null, client: ClientInfo, category: 'auth' | 'admin', action: string, details: Record<string, unknown>): Promise<void> {
    await withPlatform(this.o.systemSql, { tenantId, userId, requestId: client.requestId }, ({ sql }) =>
      sql`SELECT sys_audit_event(${category}, ${action}, ${JSON.stringify({ ...details, ip: client.ip, user_agent: client.userAgent })}::text::jsonb)`,
    );
  }
}
