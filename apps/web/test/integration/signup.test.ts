/**
 * An ISP signing itself up, over HTTP (issue #17): the proof-of-work challenge, the live slug
 * check, the form, the WhatsApp code read from a real gateway simulator (the platform's Fonnte
 * account), wrong / expired / reused codes, the attempt cap, the per-IP limit, taken slugs and
 * e-mails, the trial on the entry plan with its limits enforced, the first-run checklist, and
 * the dunning reminders to ISP owners (once per invoice and stage). Every answer is checked
 * against the OpenAPI document. Reminder moments are fixed dates years ahead.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWhatsAppSimulator } from '@rrnet/whatsapp/simulator';
import type { WhatsAppSimulator } from '@rrnet/whatsapp/simulator';
import { platformWhatsApp } from '@rrnet/core/saas/platform_whatsapp';
import { runSaasDunning } from '@rrnet/core/saas/saas_dunning';
import { purgeStaleSignups } from '@rrnet/core/saas/signup';
import { createHash } from 'node:crypto';
import { leadingZeroBits, solvePow } from '@rrnet/core/saas/signup_rules';
import { dataOf, startRestHarness } from './rest_harness';
import type { Json, RestHarness } from './rest_harness';

const PLATFORM_GATEWAY = { kind: 'fonnte' as const, credentials: { token: 'platform-token-test', webhook_secret: 'platform-webhook-test' } };
const DIFFICULTY = 8;

let h: RestHarness;
let sim: WhatsAppSimulator;

beforeAll(async () => {
  sim = await createWhatsAppSimulator({ port: 0, accounts: [{ kind: 'fonnte', id: PLATFORM_GATEWAY.credentials.token, callback_url: null }] });
  Object.assign(process.env, {
    WA_DEFAULT_GATEWAY: JSON.stringify(PLATFORM_GATEWAY),
    WA_FONNTE_BASE_URL: sim.url,
    WA_CLOUD_BASE_URL: sim.url,
    SIGNUP_POW_DIFFICULTY: String(DIFFICULTY),
    SIGNUP_TRIAL_DAYS: '14',
  });
  h = await startRestHarness();
});
afterAll(async () => {
  await h?.close();
  await sim?.close();
});

const data = dataOf;
let ipSeq = 0;
/** a fresh client address per scenario: the per-IP sign-up window is its own */
const newIp = () => ({ 'x-forwarded-for': `203.0.113.${++ipSeq}` });

async function solvedPow(headers: Record<string, string>) {
  const res = await h.call('GET', '/saas/signup/challenge', { headers });
  expect(res.status).toBe(200);
  const c = data<{ challenge: string; signature: string; difficulty: number }>(res);
  expect(c.difficulty).toBe(DIFFICULTY);
  return { challenge: c.challenge, signature: c.signature, nonce: solvePow(c.challenge, c.difficulty) };
}

let phoneSeq = 1000;
function form(slug: string, over: Json = {}) {
  const phone = `0812555${String(++phoneSeq).padStart(5, '0')}`;
  return { isp_name: `Net ${slug}`, slug, owner_name: 'Budi Santoso', email: `owner@${slug}.test`, phone, password: 'a-long-password-2026', locale: 'id', ...over };
}

/** the last code the simulator delivered to a number (+62…) */
function codeSentTo(phone: string): string {
  const e164 = `+62${phone.replace(/^0/, '')}`;
  const msg = [...sim.messages()].reverse().find((m) => m.to === e164);
  const code = /(\d{6})/.exec(msg?.text ?? '')?.[1];
  if (!code) throw new Error(`no code sent to ${e164}`);
  return code;
}

async function start(slug: string, headers: Record<string, string>, over: Json = {}) {
  const body = { ...form(slug, over), pow: await solvedPow(headers) };
  const res = await h.call('POST', '/saas/signups', { headers, body });
  return { res, body };
}

describe('the slug check and the challenge', () => {
  it('says invalid, reserved, taken or available', async () => {
    const check = async (slug: string) => data<Json>(await h.call('GET', `/saas/signup/slug?slug=${encodeURIComponent(slug)}`));
    expect(await check('A')).toMatchObject({ available: false, reason: 'invalid' });
    expect(await check('-bad-')).toMatchObject({ available: false, reason: 'invalid' });
    expect(await check('platform')).toMatchObject({ available: false, reason: 'reserved' });
    expect(await check('sinar-net')).toMatchObject({ available: false, reason: 'taken' });
    expect(await check('Net-Baru')).toMatchObject({ slug: 'net-baru', available: true, reason: 'available' });
  });

  it('refuses a form without a valid proof of work', async () => {
    const headers = newIp();
    const pow = await solvedPow(headers);
    // a nonce whose hash lacks the zero bits
    let miss = 0;
    while (leadingZeroBits(createHash('sha256').update(pow.challenge + `m${miss}`).digest()) >= DIFFICULTY) miss++;
    const bad = await h.call('POST', '/saas/signups', { headers, body: { ...form('pow-bad'), pow: { ...pow, nonce: `m${miss}` } } });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error_code: 'VALIDATION_FAILED', details: { pow: 'insufficient' } });
    const forged = await h.call('POST', '/saas/signups', { headers, body: { ...form('pow-forged'), pow: { ...pow, signature: 'A'.repeat(43) } } });
    expect(forged.status).toBe(400);
    expect(forged.body).toMatchObject({ error_code: 'VALIDATION_FAILED', details: { pow: 'bad_signature' } });
  });
});

describe('signing up with the WhatsApp code', () => {
  it('creates the ISP on a trial of the entry plan, signs the owner in, and refuses the code and the challenge a second time', async () => {
    const headers = newIp();
    const { res, body } = await start('kampung-net', headers);
    expect(res.status).toBe(200);
    const started = data<{ signup_id: string; phone_hint: string; attempts_left: number }>(res);
    expect(started.attempts_left).toBe(5);
    expect(started.phone_hint).toMatch(/^\+62 •••• \d{4}$/);
    const code = codeSentTo(body.phone);
    // the code rests only as an HMAC
    const [row] = await h.admin<{ code_hash: string; password_hash: string }[]>`SELECT code_hash, password_hash FROM saas_signups WHERE id = ${started.signup_id}`;
    expect(row!.code_hash).not.toContain(code);
    expect(row!.password_hash).toMatch(/^\$argon2id\$/);

    const wrongCode = code === '000000' ? '111111' : '000000';
    const wrong = await h.call('POST', `/saas/signups/${started.signup_id}/verify`, { headers, body: { code: wrongCode } });
    expect(wrong.status).toBe(400);
    expect(wrong.body).toMatchObject({ error_code: 'VALIDATION_FAILED', details: { code: 'wrong', attempts_left: '4' } });

    const ok = await h.call('POST', `/saas/signups/${started.signup_id}/verify`, { headers, body: { code } });
    expect(ok.status).toBe(200);
    const done = data<{ tenant_id: string; slug: string; plan_code: string; trial_ends_on: string; tokens: { access_token: string; role: string } }>(ok);
    const [entry] = await h.admin<{ code: string }[]>`SELECT code FROM saas_plans WHERE is_active ORDER BY price_monthly, code LIMIT 1`;
    expect(done).toMatchObject({ slug: 'kampung-net', plan_code: entry!.code, tokens: { role: 'owner' } });
    const [sub] = await h.admin<{ status: string; days: number }[]>`
      SELECT status, (current_period_end - current_period_start + 1)::int AS days FROM saas_subscriptions WHERE tenant_id = ${done.tenant_id}`;
    expect(sub).toEqual({ status: 'trialing', days: 14 });
    const me = data<Json>(await h.call('GET', '/auth/me', { token: done.tokens.access_token }));
    expect(me).toMatchObject({ role: 'owner', email: body.email });
    // the password typed at sign-up signs in
    const login = await h.call('POST', '/auth/login', { body: { email: body.email, password: body.password } });
    expect(login.status).toBe(200);
    const events = await h.admin<{ action: string }[]>`
      SELECT action FROM sys_audit_logs WHERE action LIKE 'saas.signup.%' AND (new_values->>'signup_id') = ${started.signup_id} ORDER BY id`;
    expect(events.map((e) => e.action)).toEqual(['saas.signup.started', 'saas.signup.code_rejected', 'saas.signup.completed']);

    const reused = await h.call('POST', `/saas/signups/${started.signup_id}/verify`, { headers, body: { code } });
    expect(reused.status).toBe(409);
    expect(reused.body).toMatchObject({ error_code: 'CONFLICT', details: { code: 'used' } });

    const again = await h.call('POST', '/saas/signups', { headers, body: { ...form('kampung-dua'), pow: body.pow } });
    expect(again.status).toBe(400);
    expect(again.body).toMatchObject({ details: { pow: 'used' } });
  });

  it('refuses an expired code', async () => {
    const headers = newIp();
    const { res, body } = await start('telat-net', headers);
    const id = data<{ signup_id: string }>(res).signup_id;
    await h.admin`UPDATE saas_signups SET expires_at = now() - interval '1 second' WHERE id = ${id}`;
    const late = await h.call('POST', `/saas/signups/${id}/verify`, { headers, body: { code: codeSentTo(body.phone) } });
    expect(late.status).toBe(400);
    expect(late.body).toMatchObject({ details: { code: 'expired' } });
    expect((await h.admin`SELECT 1 FROM saas_tenants WHERE slug = 'telat-net'`).length).toBe(0);
    // an hour past expiry the cleanup scrubs what the row held; the row stays for the metric
    await h.admin`UPDATE saas_signups SET expires_at = now() - interval '61 minutes' WHERE id = ${id}`;
    const { services } = await import('~/server/services');
    expect((await purgeStaleSignups(services().systemSql)).scrubbed).toBeGreaterThanOrEqual(1);
    expect(await h.admin`SELECT password_hash, code_hash FROM saas_signups WHERE id = ${id}`).toEqual([{ password_hash: '', code_hash: '' }]);
  });

  it('caps wrong codes at five: after them even the right code is refused (429)', async () => {
    const headers = newIp();
    const { res, body } = await start('tebak-net', headers);
    const id = data<{ signup_id: string }>(res).signup_id;
    const code = codeSentTo(body.phone);
    const wrongCode = code === '999999' ? '888888' : '999999';
    for (let i = 4; i >= 0; i--) {
      const w = await h.call('POST', `/saas/signups/${id}/verify`, { headers, body: { code: wrongCode } });
      expect(w.body).toMatchObject({ details: { code: 'wrong', attempts_left: String(i) } });
    }
    const locked = await h.call('POST', `/saas/signups/${id}/verify`, { headers, body: { code } });
    expect(locked.status).toBe(429);
    expect(locked.headers.get('retry-after')).toBeTruthy();
    expect(locked.body).toMatchObject({ error_code: 'RATE_LIMITED', details: { code: 'locked' } });
    expect((await h.admin`SELECT 1 FROM saas_tenants WHERE slug = 'tebak-net'`).length).toBe(0);
  });

  it('has no e-mail channel without an SMTP server: only WhatsApp is offered, and asking for e-mail is refused (400)', async () => {
    const headers = newIp();
    const { res } = await start('hanya-wa', headers);
    expect(data<{ channel: string; channels: string[] }>(res)).toMatchObject({ channel: 'whatsapp', channels: ['whatsapp'] });
    const email = await start('minta-surel', headers, { channel: 'email' });
    expect(email.res.status).toBe(400);
    expect(email.res.body).toMatchObject({ error_code: 'VALIDATION_FAILED', details: { channel: 'unavailable' } });
    expect((await h.admin`SELECT 1 FROM saas_signups WHERE slug = 'minta-surel'`).length).toBe(0);
    const resend = await h.call('POST', `/saas/signups/${data<{ signup_id: string }>(res).signup_id}/resend`, { headers, body: { channel: 'email' } });
    expect(resend.status).toBe(429); // too soon comes first; past it, the channel is refused
    await h.admin`UPDATE saas_signups SET last_sent_at = now() - interval '1 minute' WHERE slug = 'hanya-wa'`;
    const later = await h.call('POST', `/saas/signups/${data<{ signup_id: string }>(res).signup_id}/resend`, { headers, body: { channel: 'email' } });
    expect(later.status).toBe(400);
    expect(later.body).toMatchObject({ details: { channel: 'unavailable' } });
  });

  it('refuses a taken slug and an e-mail that already has an account (409), sending no code', async () => {
    const headers = newIp();
    const before = sim.messages().length;
    const slug = await start('sinar-net', headers);
    expect(slug.res.status).toBe(409);
    expect(slug.res.body).toMatchObject({ error_code: 'CONFLICT', details: { slug: 'Already taken' } });
    const email = await start('another-net', headers, { email: 'owner@sinarnet.demo' });
    expect(email.res.status).toBe(409);
    expect(email.res.body).toMatchObject({ details: { email: 'Already has an account' } });
    expect(sim.messages().length).toBe(before);
  });

  it('limits sign-ups per IP: the 11th form in an hour is 429 with Retry-After', async () => {
    const headers = newIp();
    for (let i = 0; i < 10; i++) {
      const r = await h.call('POST', '/saas/signups', { headers, body: { ...form(`flood-${i}`), pow: { challenge: 'x'.repeat(20), signature: 'y'.repeat(20), nonce: '1' } } });
      expect(r.status).toBe(400);
    }
    const refused = await h.call('POST', '/saas/signups', { headers, body: { ...form('flood-x'), pow: { challenge: 'x'.repeat(20), signature: 'y'.repeat(20), nonce: '1' } } });
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBeTruthy();
    // another address is not affected
    const other = await start('flood-other', newIp());
    expect(other.res.status).toBe(200);
  });
});

describe('the new ISP', () => {
  let token: string;
  let tenantId: string;
  beforeAll(async () => {
    const headers = newIp();
    const { res, body } = await start('baru-net', headers);
    const ok = await h.call('POST', `/saas/signups/${data<{ signup_id: string }>(res).signup_id}/verify`, { headers, body: { code: codeSentTo(body.phone) } });
    const done = data<{ tenant_id: string; tokens: { access_token: string } }>(ok);
    token = done.tokens.access_token;
    tenantId = done.tenant_id;
  });

  it('has its trial plan’s limits enforced (users)', async () => {
    const [plan] = await h.admin<{ max_users: number }[]>`
      SELECT p.max_users FROM saas_subscriptions s JOIN saas_plans p ON p.id = s.plan_id WHERE s.tenant_id = ${tenantId}`;
    for (let i = 1; i < plan!.max_users; i++) {
      const r = await h.call('POST', '/admin/users', { token, body: { email: `staff${i}@baru-net.test`, name: `Staf ${i}`, role: 'viewer' } });
      expect(r.status).toBe(200);
    }
    const over = await h.call('POST', '/admin/users', { token, body: { email: 'one-more@baru-net.test', name: 'Satu Lagi', role: 'viewer' } });
    expect(over.status).toBe(403);
    expect(over.body).toMatchObject({ error_code: 'LIMIT_EXCEEDED', details: { limit: 'users', max: String(plan!.max_users) } });
  });

  it('ticks its first-run checklist from its data', async () => {
    const list = async () => data<{ steps: { step: string; done: boolean; href: string }[]; done: number; total: number }>(await h.call('GET', '/saas/onboarding', { token }));
    const first = await list();
    expect(first).toMatchObject({ done: 0, total: 6 });
    expect(first.steps.map((s) => s.step)).toEqual(['billing_settings', 'service_plan', 'router', 'customers', 'whatsapp', 'payment_gateway']);
    expect((await h.call('PATCH', '/admin/settings', { token, body: { due_days: 7 } })).status).toBe(200);
    expect((await h.call('POST', '/customers/plans', { token, body: { name: 'Rumah 10 Mbps', download_kbps: 10_000, upload_kbps: 5_000, price: 150_000, router_profile: 'rumah-10' } })).status).toBe(200);
    const next = await list();
    expect(next.steps.filter((s) => s.done).map((s) => s.step)).toEqual(['billing_settings', 'service_plan']);
    expect(next.done).toBe(2);
    // the payment step follows the gateway the ISP chose: Midtrans's key does not tick it for Xendit
    await h.admin`UPDATE tenant_settings SET payment_gateway = 'xendit', midtrans_server_key_enc = 'sealed' WHERE tenant_id = ${tenantId}`;
    expect((await list()).steps.find((s) => s.step === 'payment_gateway')!.done).toBe(false);
    await h.admin`UPDATE tenant_settings SET xendit_secret_key_enc = 'sealed', xendit_callback_token_enc = 'sealed' WHERE tenant_id = ${tenantId}`;
    expect((await list()).steps.find((s) => s.step === 'payment_gateway')!.done).toBe(true);
    await h.admin`UPDATE tenant_settings SET payment_gateway = 'midtrans', midtrans_server_key_enc = NULL, xendit_secret_key_enc = NULL, xendit_callback_token_enc = NULL WHERE tenant_id = ${tenantId}`;
  });
});

describe('user_registration_rate', () => {
  it('is exported for Prometheus: completed sign-ups per day over 7 days, and the share of started ones completed', async () => {
    const [n] = await h.admin<{ completed: number; started: number }[]>`
      SELECT count(*) FILTER (WHERE consumed_at IS NOT NULL)::int AS completed, count(*)::int AS started FROM saas_signups`;
    expect(n!.completed).toBeGreaterThanOrEqual(2);
    const { webMetrics } = await import('~/server/services');
    const { body } = await webMetrics().scrape();
    const value = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(body)?.[1]);
    expect(value('rrnet_user_registration_rate')).toBeCloseTo(n!.completed / 7, 10);
    expect(value('rrnet_user_registration_completion_ratio')).toBeCloseTo(n!.completed / n!.started, 10);
  });
});

describe('dunning reminders to ISP owners', () => {
  it('go out once per invoice and stage, before and after the due date, never at night', async () => {
    const [t] = await h.admin<{ id: string; sub: string; phone: string | null }[]>`
      SELECT t.id, s.id AS sub, coalesce(t.billing_phone, ts.company_phone) AS phone
      FROM saas_tenants t JOIN saas_subscriptions s ON s.tenant_id = t.id AND s.status IN ('active', 'past_due', 'trialing') JOIN tenant_settings ts ON ts.tenant_id = t.id
      WHERE t.slug = 'sinar-net'`;
    expect(t!.phone).toBeTruthy();
    await h.admin`
      INSERT INTO saas_invoices (tenant_id, number, subscription_id, period_start, period_end, amount, subtotal, tax, status, due_date)
      VALUES (${t!.id}, 'RRN-204001-09999', ${t!.sub}, '2040-01-01', '2040-01-31', 832500, 750000, 82500, 'open', '2040-01-15')`;
    const sender = platformWhatsApp({ gateway: PLATFORM_GATEWAY, endpoints: { fonnteBaseUrl: sim.url } });
    const { services } = await import('~/server/services');
    const run = (at: string) => runSaasDunning(services().systemSql, services().redis, new Date(at), sender);
    const toOwner = () => sim.messages().filter((m) => m.to === t!.phone && m.text.includes('RRN-204001-09999'));

    expect((await run('2040-01-12T06:30:00+07:00')).reminders).toEqual({ sent: 0, failed: 0, skipped: 0 }); // before 08:00
    expect((await run('2040-01-12T09:00:00+07:00')).reminders).toMatchObject({ sent: 1 });
    expect((await run('2040-01-12T15:00:00+07:00')).reminders).toMatchObject({ sent: 0 });
    expect(toOwner()).toHaveLength(1);
    expect(toOwner()[0]!.text).toContain('3 hari lagi');
    expect((await run('2040-01-13T09:00:00+07:00')).reminders).toMatchObject({ sent: 0 }); // no stage that day
    expect((await run('2040-01-16T09:00:00+07:00')).reminders).toMatchObject({ sent: 1 });
    expect((await run('2040-01-16T20:00:00+07:00')).reminders).toMatchObject({ sent: 0 });
    expect(toOwner()).toHaveLength(2);
    const rows = await h.admin<{ stage: string; status: string }[]>`
      SELECT stage, status FROM saas_dunning_reminders WHERE tenant_id = ${t!.id} ORDER BY created_at`;
    expect(rows).toEqual([
      { stage: 'before_due_3', status: 'sent' },
      { stage: 'after_due_1', status: 'sent' },
    ]);
  });

  it('try a failed send again on the next run, and never resend one that went out', async () => {
    const [t] = await h.admin<{ id: string; sub: string }[]>`
      SELECT t.id, s.id AS sub FROM saas_tenants t JOIN saas_subscriptions s ON s.tenant_id = t.id AND s.status IN ('active', 'past_due', 'trialing') WHERE t.slug = 'parahyangan-link'`;
    await h.admin`
      INSERT INTO saas_invoices (tenant_id, number, subscription_id, period_start, period_end, amount, subtotal, tax, status, due_date)
      VALUES (${t!.id}, 'RRN-204102-09998', ${t!.sub}, '2041-02-01', '2041-02-28', 277500, 250000, 27500, 'open', '2041-02-14')`;
    const { services } = await import('~/server/services');
    const broken = platformWhatsApp({ gateway: { ...PLATFORM_GATEWAY, credentials: { ...PLATFORM_GATEWAY.credentials, token: 'wrong-token' } }, endpoints: { fonnteBaseUrl: sim.url } });
    const good = platformWhatsApp({ gateway: PLATFORM_GATEWAY, endpoints: { fonnteBaseUrl: sim.url } });
    const at = new Date('2041-02-11T10:00:00+07:00');
    expect((await runSaasDunning(services().systemSql, services().redis, at, broken)).reminders).toMatchObject({ failed: 1, sent: 0 });
    expect((await runSaasDunning(services().systemSql, services().redis, at, good)).reminders).toMatchObject({ sent: 1 });
    expect((await runSaasDunning(services().systemSql, services().redis, at, good)).reminders).toMatchObject({ sent: 0, failed: 0 });
  });
});

describe('the end of a trial', () => {
  it('makes the subscription paying from the next day, and the month is billed from there', async () => {
    const [t] = await h.admin<{ id: string }[]>`SELECT id FROM saas_tenants WHERE slug = 'baru-net'`;
    // the trial as signed up on 1 March 2042: 14 days
    await h.admin`UPDATE saas_subscriptions SET status = 'trialing', current_period_start = '2042-03-01', current_period_end = '2042-03-14',
                  created_at = '2042-03-01T10:00:00+07:00' WHERE tenant_id = ${t!.id}`;
    const { services } = await import('~/server/services');
    const { runSaasBilling } = await import('@rrnet/core/saas/saas_invoices');
    await runSaasBilling(services().systemSql, new Date('2042-03-10T09:00:00+07:00'));
    expect(await h.admin`SELECT 1 FROM saas_invoices WHERE tenant_id = ${t!.id}`).toHaveLength(0); // a trial is free
    await runSaasDunning(services().systemSql, services().redis, new Date('2042-03-14T20:00:00+07:00'));
    expect((await h.admin<{ status: string }[]>`SELECT status FROM saas_subscriptions WHERE tenant_id = ${t!.id}`)[0]!.status).toBe('trialing');
    await runSaasDunning(services().systemSql, services().redis, new Date('2042-03-15T00:30:00+07:00'));
    const [sub] = await h.admin<{ status: string; current_period_start: string; current_period_end: string }[]>`
      SELECT status, current_period_start::text, current_period_end::text FROM saas_subscriptions WHERE tenant_id = ${t!.id}`;
    expect(sub).toEqual({ status: 'active', current_period_start: '2042-03-15', current_period_end: '2042-03-31' });
    await runSaasBilling(services().systemSql, new Date('2042-03-15T09:00:00+07:00'));
    const [inv] = await h.admin<{ lines: { kind: string; from: string; days: number }[] }[]>`
      SELECT lines FROM saas_invoices WHERE tenant_id = ${t!.id} AND period_start = '2042-03-01'`;
    expect(inv!.lines[0]).toMatchObject({ kind: 'plan', from: '2042-03-15', days: 17 });
  });
});
