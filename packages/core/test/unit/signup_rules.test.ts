import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { onboardingOf } from '../../src/saas/onboarding';
import { reminderMessage, reminderStage } from '../../src/saas/saas_dunning_rules';
import {
  checkPow,
  emailHint,
  leadingZeroBits,
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
  solvePow,
  trialEndsOn,
} from '../../src/saas/signup_rules';

const SECRET = 'unit-secret-0123456789-0123456789';
const NOW = new Date('2030-05-01T10:00:00Z');

describe('slugVerdict', () => {
  it('refuses bad formats and reserved names, leaves the rest to the database', () => {
    expect(slugVerdict('ab')).toBe('invalid');
    expect(slugVerdict('-net')).toBe('invalid');
    expect(slugVerdict('net-')).toBe('invalid');
    expect(slugVerdict('a--b')).toBe('invalid');
    expect(slugVerdict('Net')).toBe('invalid');
    expect(slugVerdict('x'.repeat(41))).toBe('invalid');
    expect(slugVerdict('platform')).toBe('reserved');
    expect(slugVerdict('kampung-net-2')).toBeNull();
  });
});

describe('proof of work', () => {
  it('counts leading zero bits', () => {
    expect(leadingZeroBits(new Uint8Array([0, 0, 0xff]))).toBe(16);
    expect(leadingZeroBits(new Uint8Array([0, 0x10]))).toBe(11);
    expect(leadingZeroBits(new Uint8Array([0x80]))).toBe(0);
    expect(leadingZeroBits(new Uint8Array([0, 0]))).toBe(16);
  });

  it('accepts a solved challenge and refuses a tampered, expired or unsolved one', () => {
    const c = newPowChallenge(SECRET, 10, NOW);
    const nonce = solvePow(c.challenge, c.difficulty);
    expect(leadingZeroBits(createHash('sha256').update(c.challenge + nonce).digest())).toBeGreaterThanOrEqual(10);
    const solution = { challenge: c.challenge, signature: c.signature, nonce };
    expect(checkPow(SECRET, solution, 10, NOW)).toBe('ok');
    // the difficulty is signed: a server asking for more refuses the easier challenge
    expect(checkPow(SECRET, solution, 12, NOW)).toBe('bad_signature');
    expect(checkPow('another-secret-0123456789-0123456789', solution, 10, NOW)).toBe('bad_signature');
    expect(checkPow(SECRET, { ...solution, challenge: `${c.challenge}0` }, 10, NOW)).toBe('bad_signature');
    expect(checkPow(SECRET, solution, 10, new Date(c.expires_at.getTime()))).toBe('expired');
    let miss = 0;
    while (leadingZeroBits(createHash('sha256').update(c.challenge + `m${miss}`).digest()) >= 10) miss++;
    expect(checkPow(SECRET, { ...solution, nonce: `m${miss}` }, 10, NOW)).toBe('insufficient');
  });
});

describe('one-time codes', () => {
  it('are six digits, kept as an HMAC bound to their sign-up', () => {
    for (let i = 0; i < 50; i++) expect(newOtp()).toMatch(/^\d{6}$/);
    expect(otpHash(SECRET, 'a', '123456')).not.toBe(otpHash(SECRET, 'b', '123456'));
    expect(otpHash(SECRET, 'a', '123456')).not.toContain('123456');
  });

  it('are checked in order: used, locked, expired, wrong', () => {
    const right = otpHash(SECRET, 's', '123456');
    const row = { code_hash: right, attempts: 0, expires_at: new Date(NOW.getTime() + 60_000), consumed_at: null };
    expect(otpVerdict(row, right, NOW)).toBe('ok');
    expect(otpVerdict(row, otpHash(SECRET, 's', '654321'), NOW)).toBe('wrong');
    expect(otpVerdict({ ...row, attempts: 5 }, right, NOW)).toBe('locked');
    expect(otpVerdict({ ...row, attempts: 4 }, right, NOW)).toBe('ok');
    expect(otpVerdict({ ...row, expires_at: NOW }, right, NOW)).toBe('expired');
    expect(otpVerdict({ ...row, consumed_at: NOW, attempts: 9 }, right, NOW)).toBe('used');
  });

  it('are sent in the owner’s language, with the number hidden in answers', () => {
    expect(otpMessage('012345', 'id')).toContain('012345');
    expect(otpMessage('012345', 'en')).toMatch(/sign-up code is 012345/);
    expect(phoneHint('+6281234567890')).toBe('+62 •••• 7890');
  });
});

describe('the trial and the checklist', () => {
  it('counts the trial’s first day', () => {
    expect(trialEndsOn('2030-02-20', 14)).toBe('2030-03-05');
    expect(trialEndsOn('2030-02-20', 1)).toBe('2030-02-20');
  });

  it('lists the six steps with their pages, done from the data', () => {
    const list = onboardingOf({ billing_settings: true, service_plan: true, router: false, customers: false, whatsapp: false, payment_gateway: false });
    expect(list.steps.map((s) => s.step)).toEqual(['billing_settings', 'service_plan', 'router', 'customers', 'whatsapp', 'payment_gateway']);
    expect(list).toMatchObject({ done: 2, total: 6, complete: false });
    expect(list.steps[2]).toEqual({ step: 'router', done: false, href: '/network/routers' });
  });
});

describe('dunning reminders', () => {
  it('name their stage and say what happens next', () => {
    expect(reminderStage({ kind: 'before_due', days: 3 })).toBe('before_due_3');
    const args = { isp: 'Net', number: 'RRN-1', total: 'Rp 1', due: '15 Jan' };
    expect(reminderMessage({ kind: 'before_due', days: 3, ...args }, 'en')).toContain('in 3 days');
    expect(reminderMessage({ kind: 'after_due', days: 1, ...args }, 'en')).toContain('can no longer add customers or routers');
    expect(reminderMessage({ kind: 'after_due', days: 7, ...args }, 'id')).toContain('lewat 7 hari');
  });
});

describe('resending a code', () => {
  const at = new Date('2031-03-04T05:00:00Z');
  const base = { consumed_at: null, attempts: 0, created_at: new Date(at.getTime() - 5 * 60_000), scrubbed: false, sends: 1, last_sent_at: new Date(at.getTime() - 60_000) };
  it('is allowed 30 s after the last code, within the hour, up to four codes', () => {
    expect(resendVerdict(base, at)).toEqual({ kind: 'ok' });
    expect(resendVerdict({ ...base, last_sent_at: new Date(at.getTime() - 10_500) }, at)).toEqual({ kind: 'wait', seconds: 20 });
    expect(resendVerdict({ ...base, last_sent_at: null, sends: 0 }, at)).toEqual({ kind: 'ok' });
    expect(resendVerdict({ ...base, sends: 4 }, at)).toEqual({ kind: 'exhausted' });
    expect(resendVerdict({ ...base, created_at: new Date(at.getTime() - 60 * 60_000) }, at)).toEqual({ kind: 'expired' });
    expect(resendVerdict({ ...base, scrubbed: true }, at)).toEqual({ kind: 'expired' });
  });
  it('is refused once used or locked, before anything else', () => {
    expect(resendVerdict({ ...base, consumed_at: at, sends: 9 }, at)).toEqual({ kind: 'used' });
    expect(resendVerdict({ ...base, attempts: 5, last_sent_at: at }, at)).toEqual({ kind: 'locked' });
  });
  it('tells when the next one may be asked for and how many are left', () => {
    expect(resendState(1)).toEqual({ resend_after_seconds: 30, resends_left: 3 });
    expect(resendState(5)).toEqual({ resend_after_seconds: 30, resends_left: 0 });
  });
});

describe('the code by e-mail', () => {
  it('masks the address', () => {
    expect(emailHint('siti@example.com')).toBe('s•••@example.com');
    expect(emailHint('x@y.id')).toBe('x•••@y.id');
  });
  it('says the code and its expiry in the sign-up’s language, the names escaped in the HTML', () => {
    const expiresAt = new Date('2031-03-04T05:10:00Z');
    const id = otpEmail('042917', 'id', { ownerName: 'Budi', ispName: 'Net <Kita>', expiresAt, timeZone: 'Asia/Jakarta' });
    expect(id.subject).toBe('042917 adalah kode pendaftaran RRNet Anda');
    expect(id.text).toContain('042917');
    expect(id.text).toMatch(/Berlaku 10 menit \(sampai 12[.:]10 WIB\)/);
    expect(id.text).toContain('Net <Kita>');
    expect(id.html).toContain('Net &lt;Kita&gt;');
    expect(id.html).not.toContain('<Kita>');
    const en = otpEmail('042917', 'en', { ownerName: 'Ann', ispName: 'Net', expiresAt, timeZone: 'Asia/Jakarta' });
    expect(en.subject).toBe('042917 is your RRNet sign-up code');
    expect(en.text).toMatch(/valid for 10 minutes \(until 12:10 GMT\+7\)/);
  });
});
