/**
 * Signing up with the code by e-mail (issue #17), over HTTP, with a real SMTP sink on TCP
 * (@rrnet/mail's smtp-server + mailparser, AUTH required) and the WhatsApp simulator for the
 * other channel: the e-mail's words and code, the code verifying the sign-up, expiry, the
 * attempt cap and reuse as with WhatsApp, resend (30 s apart, 4 codes a sign-up, by either
 * channel, a new code replacing the old), 5 codes per address an hour, and an SMTP server
 * that is down: the answer says so in the spec's envelope, the pending sign-up is kept and a
 * resend delivers. Every answer is checked against the OpenAPI document.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpSink } from '@rrnet/mail/sink';
import type { SinkMessage, SmtpSink } from '@rrnet/mail/sink';
import { createWhatsAppSimulator } from '@rrnet/whatsapp/simulator';
import type { WhatsAppSimulator } from '@rrnet/whatsapp/simulator';
import { solvePow } from '@rrnet/core/saas/signup_rules';
import { startRestHarness } from './rest_harness';
import type { Json, RestHarness } from './rest_harness';

const PLATFORM_GATEWAY = { kind: 'fonnte' as const, credentials: { token: 'platform-token-mail', webhook_secret: 'platform-webhook-mail' } };
const SMTP_USER = 'rrnet-platform';
const SMTP_PASSWORD = 'smtp-secret-for-tests';
const DIFFICULTY = 4;

let h: RestHarness;
let sim: WhatsAppSimulator;
let sink: SmtpSink;

beforeAll(async () => {
  sim = await createWhatsAppSimulator({ port: 0, accounts: [{ kind: 'fonnte', id: PLATFORM_GATEWAY.credentials.token, callback_url: null }] });
  sink = await startSmtpSink({ credentials: { user: SMTP_USER, password: SMTP_PASSWORD } });
  Object.assign(process.env, {
    WA_DEFAULT_GATEWAY: JSON.stringify(PLATFORM_GATEWAY),
    WA_FONNTE_BASE_URL: sim.url,
    WA_CLOUD_BASE_URL: sim.url,
    SMTP_URL: sink.smtpUrl,
    SMTP_FROM: 'RRNet <no-reply@rrnet.test>',
    SMTP_USER,
    SMTP_PASSWORD,
    SMTP_TIMEOUT_MS: '3000',
    SIGNUP_POW_DIFFICULTY: String(DIFFICULTY),
  });
  h = await startRestHarness();
});
afterAll(async () => {
  await h?.close();
  await sink?.close();
  await sim?.close();
});

const data = <T>(answer: { body: Json }) => answer.body.data as T;
let ipSeq = 0;
const newIp = () => ({ 'x-forwarded-for': `198.51.100.${++ipSeq}` });
let phoneSeq = 2000;

interface Started {
  signup_id: string;
  channel: string;
  sent_to: string;
  channels: string[];
  attempts_left: number;
  resends_left: number;
  resend_after_seconds: number;
}

async function start(slug: string, headers: Record<string, string>, over: Json = {}) {
  const c = data<{ challenge: string; signature: string; difficulty: number }>(await h.call('GET', '/saas/signup/challenge', { headers }));
  const phone = `0813777${String(++phoneSeq).padStart(5, '0')}`;
  const body = {
    isp_name: `Net ${slug}`,
    slug,
    owner_name: 'Siti Rahma',
    email: `siti@${slug}.test`,
    phone,
    password: 'a-long-password-2026',
    locale: 'id',
    channel: 'email',
    ...over,
    pow: { challenge: c.challenge, signature: c.signature, nonce: solvePow(c.challenge, c.difficulty) },
  };
  const res = await h.call('POST', '/saas/signups', { headers, body });
  return { res, body };
}

/** the e-mails the sink received for an address (oldest first), read over its HTTP API */
async function mailsTo(address: string): Promise<SinkMessage[]> {
  const res = await fetch(`${sink.url}/_sim/messages?to=${encodeURIComponent(address)}`);
  return ((await res.json()) as { messages: SinkMessage[] }).messages;
}

async function codeMailedTo(address: string): Promise<string> {
  const last = (await mailsTo(address)).at(-1);
  const code = /\b(\d{6})\b/.exec(last?.text ?? '')?.[1];
  if (!code) throw new Error(`no code mailed to ${address}`);
  return code;
}

const other = (code: string) => (code === '000000' ? '111111' : '000000');
/** moves a sign-up's last send back past the resend cooldown (instead of waiting 30 s) */
const pastCooldown = (id: string) => h.admin`UPDATE saas_signups SET last_sent_at = last_sent_at - interval '31 seconds' WHERE id = ${id}`;

describe('the code by e-mail', () => {
  it('goes to the owner’s address in the sign-up’s language, and verifies the sign-up', async () => {
    const headers = newIp();
    const waBefore = sim.messages().length;
    const { res, body } = await start('surel-net', headers);
    expect(res.status).toBe(200);
    const started = data<Started>(res);
    expect(started).toMatchObject({ channel: 'email', sent_to: 's•••@surel-net.test', channels: ['whatsapp', 'email'], attempts_left: 5, resends_left: 3, resend_after_seconds: 30 });
    expect(sim.messages().length).toBe(waBefore); // nothing by WhatsApp

    const [mail] = await mailsTo(body.email);
    expect(mail).toMatchObject({ from: 'no-reply@rrnet.test', to: ['siti@surel-net.test'], auth_user: SMTP_USER });
    const code = await codeMailedTo(body.email);
    expect(mail!.subject).toBe(`${code} adalah kode pendaftaran RRNet Anda`);
    expect(mail!.text).toContain('Halo Siti Rahma');
    expect(mail!.text).toContain('Berlaku 10 menit');
    expect(mail!.html).toContain(`>${code}</p>`);
    // the code rests only as an HMAC
    const [row] = await h.admin<{ code_hash: string; channel: string; email_sends: number; wa_sends: number }[]>`
      SELECT code_hash, channel, email_sends, wa_sends FROM saas_signups WHERE id = ${started.signup_id}`;
    expect(row).toMatchObject({ channel: 'email', email_sends: 1, wa_sends: 0 });
    expect(row!.code_hash).not.toContain(code);

    const wrong = await h.call('POST', `/saas/signups/${started.signup_id}/verify`, { headers, body: { code: other(code) } });
    expect(wrong.body).toMatchObject({ error_code: 'VALIDATION_FAILED', details: { code: 'wrong', attempts_left: '4' } });
    const ok = await h.call('POST', `/saas/signups/${started.signup_id}/verify`, { headers, body: { code } });
    expect(ok.status).toBe(200);
    expect(data<Json>(ok)).toMatchObject({ slug: 'surel-net', tokens: { role: 'owner' } });
    expect((await h.admin`SELECT 1 FROM saas_tenants WHERE slug = 'surel-net'`).length).toBe(1);

    // used: the code a second time, and another code for the finished sign-up
    const reused = await h.call('POST', `/saas/signups/${started.signup_id}/verify`, { headers, body: { code } });
    expect(reused.status).toBe(409);
    expect(reused.body).toMatchObject({ details: { code: 'used' } });
    const resend = await h.call('POST', `/saas/signups/${started.signup_id}/resend`, { headers, body: {} });
    expect(resend.status).toBe(409);
    expect(resend.body).toMatchObject({ error_code: 'CONFLICT', details: { code: 'used' } });
  });

  it('is written in English for an English sign-up, the names escaped in the HTML', async () => {
    const { res, body } = await start('mail-en', newIp(), { locale: 'en', owner_name: 'Ann <b>Lee</b>' });
    expect(res.status).toBe(200);
    const [mail] = await mailsTo(body.email);
    expect(mail!.subject).toMatch(/^\d{6} is your RRNet sign-up code$/);
    expect(mail!.text).toContain('It is valid for 10 minutes');
    expect(mail!.html).toContain('Hello Ann &lt;b&gt;Lee&lt;/b&gt;,');
    expect(mail!.html).not.toContain('<b>Lee</b>');
  });

  it('expires, and is capped at five wrong codes (429) as by WhatsApp', async () => {
    const headers = newIp();
    const late = await start('telat-surel', headers);
    const lateId = data<Started>(late.res).signup_id;
    await h.admin`UPDATE saas_signups SET expires_at = now() - interval '1 second' WHERE id = ${lateId}`;
    const expired = await h.call('POST', `/saas/signups/${lateId}/verify`, { headers, body: { code: await codeMailedTo(late.body.email) } });
    expect(expired.status).toBe(400);
    expect(expired.body).toMatchObject({ details: { code: 'expired' } });

    const guessed = await start('tebak-surel', headers);
    const id = data<Started>(guessed.res).signup_id;
    const code = await codeMailedTo(guessed.body.email);
    for (let i = 4; i >= 0; i--) {
      const w = await h.call('POST', `/saas/signups/${id}/verify`, { headers, body: { code: other(code) } });
      expect(w.body).toMatchObject({ details: { code: 'wrong', attempts_left: String(i) } });
    }
    const locked = await h.call('POST', `/saas/signups/${id}/verify`, { headers, body: { code } });
    expect(locked.status).toBe(429);
    expect(locked.body).toMatchObject({ error_code: 'RATE_LIMITED', details: { code: 'locked' } });
    // a new code does not buy more guesses
    await pastCooldown(id);
    const resend = await h.call('POST', `/saas/signups/${id}/resend`, { headers, body: {} });
    expect(resend.status).toBe(429);
    expect(resend.body).toMatchObject({ details: { code: 'locked' } });
    expect((await h.admin`SELECT 1 FROM saas_tenants WHERE slug IN ('telat-surel', 'tebak-surel')`).length).toBe(0);
  });
});

describe('resending the code', () => {
  it('waits 30 s, replaces the code, may switch channel, and stops after four codes', async () => {
    const headers = newIp();
    const { res, body } = await start('ulang-net', headers);
    const id = data<Started>(res).signup_id;
    const first = await codeMailedTo(body.email);

    const soon = await h.call('POST', `/saas/signups/${id}/resend`, { headers, body: {} });
    expect(soon.status).toBe(429);
    expect(Number(soon.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(soon.body).toMatchObject({ error_code: 'RATE_LIMITED', details: { code: 'too_soon' } });

    // a wrong code before the resend keeps counting after it
    await h.call('POST', `/saas/signups/${id}/verify`, { headers, body: { code: other(first) } });
    await pastCooldown(id);
    const byWa = await h.call('POST', `/saas/signups/${id}/resend`, { headers, body: { channel: 'whatsapp' } });
    expect(byWa.status).toBe(200);
    expect(data<Started>(byWa)).toMatchObject({ channel: 'whatsapp', sent_to: expect.stringMatching(/^\+62 •••• \d{4}$/), attempts_left: 4, resends_left: 2 });
    const e164 = `+62${body.phone.replace(/^0/, '')}`;
    const waCode = /(\d{6})/.exec([...sim.messages()].reverse().find((m) => m.to === e164)?.text ?? '')?.[1];
    expect(waCode).toMatch(/^\d{6}$/);

    await pastCooldown(id);
    const byMail = await h.call('POST', `/saas/signups/${id}/resend`, { headers, body: {} }); // the last code's channel: WhatsApp
    expect(data<Started>(byMail)).toMatchObject({ channel: 'whatsapp', resends_left: 1 });
    await pastCooldown(id);
    const again = await h.call('POST', `/saas/signups/${id}/resend`, { headers, body: { channel: 'email' } });
    expect(data<Started>(again)).toMatchObject({ channel: 'email', resends_left: 0 });
    const last = await codeMailedTo(body.email);
    expect((await mailsTo(body.email)).length).toBe(2);

    await pastCooldown(id);
    const fifth = await h.call('POST', `/saas/signups/${id}/resend`, { headers, body: {} });
    expect(fifth.status).toBe(429);
    expect(fifth.body).toMatchObject({ details: { code: 'resend_limit' } });

    // only the last code works
    if (first !== last) {
      const old = await h.call('POST', `/saas/signups/${id}/verify`, { headers, body: { code: first } });
      expect(old.body).toMatchObject({ details: { code: 'wrong' } });
    }
    const ok = await h.call('POST', `/saas/signups/${id}/verify`, { headers, body: { code: last } });
    expect(ok.status).toBe(200);
    const events = await h.admin<{ action: string }[]>`
      SELECT action FROM sys_audit_logs WHERE action LIKE 'saas.signup.%' AND (new_values->>'signup_id') = ${id} ORDER BY id`;
    expect(events.filter((e) => e.action === 'saas.signup.code_resent')).toHaveLength(3);
  });

  it('sends at most five codes an hour to one address, across sign-ups', async () => {
    const headers = newIp();
    const email = 'banyak@kode.test';
    const firstTry = await start('kode-satu', headers, { email });
    expect(firstTry.res.status).toBe(200);
    await h.admin`UPDATE saas_signups SET email_sends = 5 WHERE id = ${data<Started>(firstTry.res).signup_id}`;
    const refused = await start('kode-dua', headers, { email });
    expect(refused.res.status).toBe(429);
    expect(Number(refused.res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(refused.res.body).toMatchObject({ error_code: 'RATE_LIMITED', details: { code: 'destination_limit', channel: 'email' } });
    expect((await mailsTo(email)).length).toBe(1);
    // the same owner may still have the code by WhatsApp
    const byWa = await start('kode-tiga', headers, { email, channel: 'whatsapp' });
    expect(byWa.res.status).toBe(200);
  });

  it('refuses an unknown sign-up (404)', async () => {
    const res = await h.call('POST', '/saas/signups/6f1c2a7e-0000-4000-8000-000000000000/resend', { headers: newIp(), body: {} });
    expect(res.status).toBe(404);
  });
});

describe('an SMTP server that is down', () => {
  it('answers 503 email_failed in the envelope, keeps the pending sign-up, and a resend delivers', async () => {
    const headers = newIp();
    sink.setFailure({ mode: 'drop' });
    const { res, body } = await start('mati-net', headers);
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBeTruthy();
    expect(res.body).toMatchObject({ error_code: 'SERVICE_UNAVAILABLE', details: { reason: 'email_failed' } });
    expect(typeof res.body.message).toBe('string');
    const id = (res.body.details as Record<string, string>).signup_id!;
    const [kept] = await h.admin<{ email_sends: number; consumed_at: string | null; password_hash: string }[]>`
      SELECT email_sends, consumed_at, password_hash FROM saas_signups WHERE id = ${id}`;
    expect(kept).toMatchObject({ email_sends: 0, consumed_at: null });
    expect(kept!.password_hash).toMatch(/^\$argon2id\$/);
    expect(await mailsTo(body.email)).toHaveLength(0);

    // still down: the resend fails the same way, and may be tried again at once
    const still = await h.call('POST', `/saas/signups/${id}/resend`, { headers, body: {} });
    expect(still.status).toBe(503);
    expect(still.body).toMatchObject({ details: { reason: 'email_failed', signup_id: id } });

    sink.setFailure(null);
    const retry = await h.call('POST', `/saas/signups/${id}/resend`, { headers, body: {} });
    expect(retry.status).toBe(200);
    expect(data<Started>(retry)).toMatchObject({ channel: 'email', sent_to: 's•••@mati-net.test', resends_left: 3 });
    const ok = await h.call('POST', `/saas/signups/${id}/verify`, { headers, body: { code: await codeMailedTo(body.email) } });
    expect(ok.status).toBe(200);
    expect(data<Json>(ok)).toMatchObject({ slug: 'mati-net' });
  });

  it('tells a refusing server (451) the same way', async () => {
    const headers = newIp();
    sink.setFailure({ mode: 'tempfail', remaining: 1 });
    const { res } = await start('tolak-net', headers);
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ details: { reason: 'email_failed' } });
    const id = (res.body.details as Record<string, string>).signup_id!;
    const retry = await h.call('POST', `/saas/signups/${id}/resend`, { headers, body: {} });
    expect(retry.status).toBe(200);
  });
});
