/** Forged, stolen, replayed and stale credentials are refused. */
import { SignJWT } from 'jose';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signAccessToken } from '@rrnet/auth';
import { SECRET, UA, outcome, startHarness } from './api_harness';
import type { Harness } from './api_harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.close());

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
const parts = (token: string) => token.split('.') as [string, string, string];
const payloadOf = (token: string) => JSON.parse(Buffer.from(parts(token)[1], 'base64url').toString()) as Record<string, unknown>;

describe('access token attacks', () => {
  it('alg none is refused', async () => {
    const { access_token } = await h.login('owner@sinarnet.demo');
    const forged = `${b64({ alg: 'none', typ: 'JWT' })}.${parts(access_token)[1]}.`;
    expect(await outcome(h.call(forged).admin.users.list())).toBe('UNAUTHENTICATED');
  });

  it('a token signed with another key is refused', async () => {
    const { access_token } = await h.login('owner@sinarnet.demo');
    const claims = payloadOf(access_token);
    const forged = await new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).sign(new TextEncoder().encode('another-secret-another-secret-123456'));
    expect(await outcome(h.call(forged).admin.users.list())).toBe('UNAUTHENTICATED');
  });

  it('an expired token is refused', async () => {
    const { access_token } = await h.login('owner@sinarnet.demo');
    const c = payloadOf(access_token);
    const old = await signAccessToken(
      { sub: c.sub as string, tid: c.tid as string, role: 'owner', session_id: c.session_id as string, fingerprint: c.fingerprint as string },
      SECRET,
      new Date(Date.now() - 20 * 60 * 1000),
    );
    expect(await outcome(h.call(old).admin.users.list())).toBe('UNAUTHENTICATED');
  });

  it('a token signed with the right key but for another audience or issuer, or with another HMAC, is refused', async () => {
    const { access_token } = await h.login('owner@sinarnet.demo');
    const claims = payloadOf(access_token);
    const key = new TextEncoder().encode(SECRET);
    const sign = (c: Record<string, unknown>, alg = 'HS256') => new SignJWT(c).setProtectedHeader({ alg }).sign(key);
    expect(await outcome(h.call(await sign(claims)).admin.users.list())).toBe('OK'); // the same claims, re-signed: accepted
    expect(await outcome(h.call(await sign({ ...claims, aud: 'another-api' })).admin.users.list())).toBe('UNAUTHENTICATED');
    expect(await outcome(h.call(await sign({ ...claims, aud: undefined })).admin.users.list())).toBe('UNAUTHENTICATED');
    expect(await outcome(h.call(await sign({ ...claims, iss: 'someone-else' })).admin.users.list())).toBe('UNAUTHENTICATED');
    expect(await outcome(h.call(await sign(claims, 'HS512')).admin.users.list())).toBe('UNAUTHENTICATED');
  });

  it('tampering with tid or role breaks the signature', async () => {
    const viewer = await h.login('viewer@sinarnet.demo');
    const [header, payload, signature] = parts(viewer.access_token);
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const asOwner = `${header}.${b64({ ...claims, role: 'owner' })}.${signature}`;
    const otherTenant = `${header}.${b64({ ...claims, tid: h.tenantB })}.${signature}`;
    expect(await outcome(h.call(asOwner).admin.users.list())).toBe('UNAUTHENTICATED');
    expect(await outcome(h.call(otherTenant).admin.settings.get())).toBe('UNAUTHENTICATED');
  });

  it("another tenant's token sees only its own tenant", async () => {
    const b = await h.login('owner@parahyangan.demo');
    const users = await h.call(b.access_token).admin.users.list();
    expect(users.every((u) => u.email.endsWith('@parahyangan.demo'))).toBe(true);
    const settings = await h.call(b.access_token).admin.settings.get();
    expect(settings.company_name).toBe('Parahyangan Link Bandung');
  });

  it('a token presented by another client (fingerprint) is refused', async () => {
    const { access_token } = await h.login('owner@sinarnet.demo');
    expect(await outcome(h.call(access_token, { userAgent: 'curl/8.0' }).admin.users.list())).toBe('UNAUTHENTICATED');
    expect(await outcome(h.call(access_token, { userAgent: UA }).admin.users.list())).toBe('OK');
  });
});

describe('refresh tokens', () => {
  it('rotate on every use', async () => {
    const first = await h.login('admin@sinarnet.demo');
    const second = await h.call(null).auth.refresh({ refresh_token: first.refresh_token });
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect(second.session_id).toBe(first.session_id);
    expect(await outcome(h.call(second.access_token).admin.users.list())).toBe('OK');
    const stored = await h.system`SELECT refresh_token_hash FROM sys_sessions WHERE family_id = ${first.session_id}`;
    for (const row of stored) expect(row.refresh_token_hash).not.toContain(second.refresh_token);
  });

  it('reuse of a rotated token revokes the whole family and is audited', async () => {
    const first = await h.login('billing@sinarnet.demo');
    const second = await h.call(null).auth.refresh({ refresh_token: first.refresh_token });
    expect(await outcome(h.call(null).auth.refresh({ refresh_token: first.refresh_token }))).toBe('UNAUTHENTICATED');
    // the thief's replay also kills the legitimate holder's tokens
    expect(await outcome(h.call(null).auth.refresh({ refresh_token: second.refresh_token }))).toBe('UNAUTHENTICATED');
    expect(await outcome(h.call(second.access_token).admin.settings.get())).toBe('UNAUTHENTICATED');
    const [audit] = await h.system`SELECT count(*)::int AS n FROM sys_audit_logs WHERE action = 'auth.refresh_reuse_detected' AND tenant_id = ${h.tenantA}`;
    expect(audit!.n).toBe(1);
  });

  it('a refresh from another client is refused and ends the session', async () => {
    const first = await h.login('teknisi@sinarnet.demo');
    expect(await outcome(h.call(null, { userAgent: 'stolen/1.0' }).auth.refresh({ refresh_token: first.refresh_token }))).toBe('UNAUTHENTICATED');
    expect(await outcome(h.call(first.access_token).auth.me())).toBe('UNAUTHENTICATED');
  });
});

describe('sessions', () => {
  it('a 4th session revokes the 1st', async () => {
    const logins = [];
    for (let i = 0; i < 4; i++) logins.push(await h.login('cs@sinarnet.demo'));
    expect(await outcome(h.call(logins[0]!.access_token).auth.me())).toBe('UNAUTHENTICATED');
    for (const l of logins.slice(1)) expect(await outcome(h.call(l.access_token).auth.me())).toBe('OK');
    const sessions = await h.call(logins[3]!.access_token).auth.sessions();
    expect(sessions).toHaveLength(3);
    expect(sessions.filter((s) => s.current)).toHaveLength(1);
  });

  it('logout and sign-out-everywhere end sessions at once, and are audited', async () => {
    const a = await h.login('owner@parahyangan.demo');
    const b = await h.login('owner@parahyangan.demo');
    await h.call(a.access_token).auth.logout();
    expect(await outcome(h.call(a.access_token).auth.me())).toBe('UNAUTHENTICATED');
    expect(await outcome(h.call(b.access_token).auth.me())).toBe('OK');
    const c = await h.login('owner@parahyangan.demo');
    expect((await h.call(c.access_token).auth.logoutEverywhere()).revoked).toBeGreaterThanOrEqual(2);
    expect(await outcome(h.call(b.access_token).auth.me())).toBe('UNAUTHENTICATED');
    expect(await outcome(h.call(c.access_token).auth.me())).toBe('UNAUTHENTICATED');
    const actions = await h.system`SELECT DISTINCT action FROM sys_audit_logs WHERE tenant_id = ${h.tenantB} AND category = 'auth'`;
    expect(actions.map((r) => r.action)).toEqual(expect.arrayContaining(['auth.login_succeeded', 'auth.logout', 'auth.logout_everywhere']));
  });

  it('a user of several tenants switches tenant with new tokens', async () => {
    const [user] = await h.system`SELECT id FROM sys_users WHERE email = 'admin@sinarnet.demo'`;
    // as the migrating superuser: an ISP's admin would invite them (admin.users.create)
    const superuser = postgres(h.db.adminUrl, { max: 1, onnotice: () => {} });
    await superuser`INSERT INTO tenant_memberships (tenant_id, user_id, role) VALUES (${h.tenantB}, ${user!.id}, 'viewer')`;
    await superuser.end();
    const first = await h.login('admin@sinarnet.demo');
    expect(first.tenant_id).toBe(h.tenantA);
    const me = await h.call(first.access_token).auth.me();
    expect(me.memberships.map((m) => m.tenant_id).sort()).toEqual([h.tenantA, h.tenantB].sort());
    const switched = await h.call(first.access_token).auth.switchTenant({ tenant_id: h.tenantB });
    expect(switched).toMatchObject({ tenant_id: h.tenantB, role: 'viewer' });
    expect((await h.call(switched.access_token).auth.me()).tenant_name).toBe('Parahyangan Link Bandung');
    expect(await outcome(h.call(switched.access_token).admin.settings.get())).toBe('FORBIDDEN'); // a viewer there
    expect(await outcome(h.call(first.access_token).auth.me())).toBe('UNAUTHENTICATED');
    expect(await outcome(h.call(switched.access_token).auth.switchTenant({ tenant_id: '00000000-0000-4000-8000-000000000000' }))).toBe('FORBIDDEN');
  });
});

describe('sign-in protection', () => {
  it('wrong passwords are refused with one message and audited; the account locks after 5 failures', async () => {
    const attempt = (password: string) => h.call(null, { ip: '10.9.9.9' }).auth.login({ email: 'viewer@parahyangan.demo', password });
    for (let i = 0; i < 5; i++) expect(await outcome(attempt('salah'))).toBe('UNAUTHENTICATED');
    expect(await outcome(attempt('rrnet-demo-2026'))).toBe('RATE_LIMITED');
    expect(await outcome(h.call(null).auth.login({ email: 'nobody@nowhere.demo', password: 'x' }))).toBe('UNAUTHENTICATED');
    const failures = await h.system`SELECT count(*)::int AS n FROM sys_audit_logs WHERE action = 'auth.login_failed'`;
    expect(failures[0]!.n).toBeGreaterThanOrEqual(6);
  });
});
