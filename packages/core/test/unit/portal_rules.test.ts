/** The portal's rules: one-time codes (expiry, single use, attempts), session tokens and sign-in identifiers. */
import { describe, expect, it } from 'vitest';
import { CODE_MAX_ATTEMPTS, codeHash, judgeCode, maySignIn, parsePortalToken, portalToken, readIdentifier } from '../../src/portal/portal_rules';

const ID = '6f1c2a7e-0d4b-4c3e-9a51-2b7d8e9f0a1b';
const stored = (over: Partial<{ attempts: number; expired: boolean; consumed: boolean }> = {}) => ({
  code_hash: codeHash(ID, '482913'),
  attempts: 0,
  expired: false,
  consumed: false,
  ...over,
});

describe('judgeCode', () => {
  it('accepts the right code once, before it expires, within its attempts', () => {
    expect(judgeCode(stored(), ID, '482913')).toEqual({ ok: true });
    expect(judgeCode(stored({ attempts: CODE_MAX_ATTEMPTS - 1 }), ID, '482913')).toEqual({ ok: true });
  });

  it('counts down wrong tries; the last wrong try spends the code', () => {
    expect(judgeCode(stored(), ID, '000000')).toEqual({ ok: false, reason: 'wrong', attemptsLeft: 4 });
    expect(judgeCode(stored({ attempts: 3 }), ID, '000000')).toEqual({ ok: false, reason: 'wrong', attemptsLeft: 1 });
    expect(judgeCode(stored({ attempts: 4 }), ID, '000000')).toEqual({ ok: false, reason: 'expired' });
  });

  it('refuses an expired, used, exhausted or unknown challenge even with the right code', () => {
    expect(judgeCode(stored({ expired: true }), ID, '482913')).toEqual({ ok: false, reason: 'expired' });
    expect(judgeCode(stored({ consumed: true }), ID, '482913')).toEqual({ ok: false, reason: 'expired' });
    expect(judgeCode(stored({ attempts: CODE_MAX_ATTEMPTS }), ID, '482913')).toEqual({ ok: false, reason: 'expired' });
    expect(judgeCode(null, ID, '482913')).toEqual({ ok: false, reason: 'expired' });
  });

  it('binds the hash to the challenge: the same code of another challenge does not match', () => {
    expect(codeHash(ID, '482913')).not.toBe(codeHash('00000000-0000-4000-8000-000000000000', '482913'));
    expect(codeHash(ID, '482913')).not.toContain('482913');
  });
});

describe('portal tokens', () => {
  it('carry the tenant and a secret, and nothing else parses', () => {
    const secret = 'A'.repeat(43);
    expect(parsePortalToken(portalToken(ID, secret))).toEqual({ tenantId: ID, secret });
    expect(parsePortalToken(null)).toBeNull();
    expect(parsePortalToken(`rps_${ID}_short`)).toBeNull();
    expect(parsePortalToken(`rps_not-a-uuid_${secret}`)).toBeNull();
    expect(parsePortalToken(`rrk_${ID}_${secret}`)).toBeNull();
  });
});

describe('readIdentifier', () => {
  it('reads a mobile number in any usual spelling, else a customer code', () => {
    expect(readIdentifier('0812-3456-7890')).toEqual({ kind: 'phone', phone: '+6281234567890' });
    expect(readIdentifier('+62 812 3456 7890')).toEqual({ kind: 'phone', phone: '+6281234567890' });
    expect(readIdentifier(' sn-00012 ')).toEqual({ kind: 'code', code: 'SN-00012' });
  });
});

describe('maySignIn', () => {
  it('lets in everyone the ISP still serves, isolated ones too; not terminated or anonymised customers', () => {
    expect(maySignIn({ status: 'isolated', anonymized: false })).toBe(true);
    expect(maySignIn({ status: 'terminated', anonymized: false })).toBe(false);
    expect(maySignIn({ status: 'active', anonymized: true })).toBe(false);
  });
});
