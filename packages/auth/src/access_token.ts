/**
 * Access tokens: HS256 JWTs, 15 minutes. Claims: sub, tid, role, iat, exp (standard,
 * spec §3) and session_id, fingerprint (custom). Verification pins the algorithm
 * (no `alg: none`, no key confusion), issuer and audience, and checks expiry.
 *
 * The HMAC key is a node:crypto KeyObject made once per secret (jose 6 turns it into a
 * CryptoKey once and caches it; with raw bytes it imported the key on every call). A token that verified is remembered, per
 * process and per secret, until its `exp` (bounded): the same client sends the same token
 * for up to 15 minutes. The cache holds only the signature and claims check — whether the
 * session is still active (revocation, sign-out, password change) is asked on every
 * request by the session service, token cached or not.
 */
import { createSecretKey } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { SignJWT, errors, jwtVerify } from 'jose';
import { LocalTtlCache } from '@rrnet/cache';
import { ROLES } from '@rrnet/contracts';
import type { Role } from '@rrnet/contracts';

export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
const ISSUER = 'rrnet';
const AUDIENCE = 'rrnet-api';

export interface AccessClaims {
  sub: string;
  tid: string | null;
  role: Role;
  session_id: string;
  fingerprint: string;
}

export interface VerifiedAccess extends Readonly<AccessClaims> {
  iat: number;
  exp: number;
}

export class InvalidTokenError extends Error {}

/** verified tokens per secret; a process normally has one secret */
const VERIFIED_TOKENS_MAX = 10_000;
const keys = new Map<string, { key: KeyObject; verified: LocalTtlCache<VerifiedAccess> }>();

function keyOf(secret: string) {
  let entry = keys.get(secret);
  if (!entry) {
    if (keys.size >= 8) keys.clear();
    entry = { key: createSecretKey(Buffer.from(secret, 'utf8')), verified: new LocalTtlCache<VerifiedAccess>(ACCESS_TOKEN_TTL_SECONDS * 1000, VERIFIED_TOKENS_MAX) };
    keys.set(secret, entry);
  }
  return entry;
}

function key(secret: string): KeyObject {
  return keyOf(secret).key;
}

export async function signAccessToken(claims: AccessClaims, secret: string, now = new Date()): Promise<string> {
  const iat = Math.floor(now.getTime() / 1000);
  return new SignJWT({ tid: claims.tid, role: claims.role, session_id: claims.session_id, fingerprint: claims.fingerprint })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.sub)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(iat)
    .setExpirationTime(iat + ACCESS_TOKEN_TTL_SECONDS)
    .sign(key(secret));
}

export async function verifyAccessToken(token: string, secret: string): Promise<VerifiedAccess> {
  const { verified } = keyOf(secret);
  const hit = verified.get(token);
  // jose's expiry rule: expired once now (whole seconds) reaches exp
  if (hit && Math.floor(Date.now() / 1000) < hit.exp) return hit;
  if (hit) verified.delete(token);
  const claims = Object.freeze(await verifyUncached(token, secret));
  verified.set(token, claims, claims.exp * 1000 - Date.now());
  return claims;
}

async function verifyUncached(token: string, secret: string): Promise<VerifiedAccess> {
  try {
    const { payload } = await jwtVerify(token, key(secret), {
      algorithms: ['HS256'],
      issuer: ISSUER,
      audience: AUDIENCE,
      requiredClaims: ['sub', 'iat', 'exp', 'role', 'session_id', 'fingerprint'],
    });
    const role = payload.role;
    if (typeof role !== 'string' || !(ROLES as readonly string[]).includes(role)) throw new InvalidTokenError('bad role claim');
    if (payload.tid !== null && typeof payload.tid !== 'string') throw new InvalidTokenError('bad tid claim');
    if (typeof payload.session_id !== 'string' || typeof payload.fingerprint !== 'string') {
      throw new InvalidTokenError('bad session claims');
    }
    return {
      sub: payload.sub!,
      tid: (payload.tid as string | null) ?? null,
      role: role as Role,
      session_id: payload.session_id,
      fingerprint: payload.fingerprint,
      iat: payload.iat!,
      exp: payload.exp!,
    };
  } catch (err) {
    if (err instanceof InvalidTokenError) throw err;
    if (err instanceof errors.JWTExpired) throw new InvalidTokenError('token expired');
    throw new InvalidTokenError('token invalid');
  }
}
