import { afterEach, describe, expect, it, vi } from 'vitest';
import { ACCESS_TOKEN_TTL_SECONDS, signAccessToken, verifyAccessToken } from '../../src/access_token';

const SECRET = 'unit-secret-0123456789-0123456789-abcdef';
const OTHER = 'unit-secret-9876543210-9876543210-fedcba';
const claims = { sub: '00000000-0000-4000-8000-000000000001', tid: '00000000-0000-4000-8000-000000000002', role: 'owner' as const, session_id: 'fam-1', fingerprint: 'fp' };

afterEach(() => {
  vi.useRealTimers();
});

describe('access tokens: verified once, remembered until exp', () => {
  it('answers the same claims from the cache as from verification', async () => {
    const token = await signAccessToken(claims, SECRET);
    const first = await verifyAccessToken(token, SECRET);
    const again = await verifyAccessToken(token, SECRET);
    expect(first).toMatchObject(claims);
    expect(again).toEqual(first);
    expect(first.exp - first.iat).toBe(ACCESS_TOKEN_TTL_SECONDS);
    expect(Object.isFrozen(again)).toBe(true);
  });

  it('a remembered token is refused once its exp is reached', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const start = new Date('2026-06-01T00:00:00.000Z');
    vi.setSystemTime(start);
    const token = await signAccessToken(claims, SECRET, start);
    await verifyAccessToken(token, SECRET);
    vi.setSystemTime(new Date(start.getTime() + (ACCESS_TOKEN_TTL_SECONDS - 1) * 1000));
    await expect(verifyAccessToken(token, SECRET)).resolves.toMatchObject(claims);
    vi.setSystemTime(new Date(start.getTime() + ACCESS_TOKEN_TTL_SECONDS * 1000));
    await expect(verifyAccessToken(token, SECRET)).rejects.toThrow('token expired');
  });

  it('a token remembered under one secret is not accepted under another', async () => {
    const token = await signAccessToken(claims, SECRET);
    await verifyAccessToken(token, SECRET);
    await expect(verifyAccessToken(token, OTHER)).rejects.toThrow('token invalid');
  });

  it('a token altered after one was remembered is verified (and refused) on its own', async () => {
    const token = await signAccessToken(claims, SECRET);
    await verifyAccessToken(token, SECRET);
    const [header, payload, signature] = token.split('.');
    const forged = JSON.parse(Buffer.from(payload!, 'base64url').toString('utf8')) as Record<string, unknown>;
    forged.role = 'super_admin';
    forged.tid = null;
    const altered = `${header}.${Buffer.from(JSON.stringify(forged)).toString('base64url')}.${signature}`;
    await expect(verifyAccessToken(altered, SECRET)).rejects.toThrow('token invalid');
    const badSignature = `${header}.${payload}.${signature!.slice(0, -2)}${signature!.endsWith('AA') ? 'BB' : 'AA'}`;
    await expect(verifyAccessToken(badSignature, SECRET)).rejects.toThrow('token invalid');
  });
});
