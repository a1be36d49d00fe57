/**
 * Access tokens: HS256 JWTs, 15 minutes. Claims: sub, tid, role, iat, exp (standard,
 * spec §3) and session_id, fingerprint (custom). Verification pins the algorithm
 * (no `alg: none`, no key confusion), issuer and audience, and checks expiry.
 */
import { SignJWT, errors, jwtVerify } from 'jose';
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

export interface VerifiedAccess extends AccessClaims {
  iat: number;
  exp: number;
}

export class InvalidTokenError extends Error {}

function key(secret: string): Uint8Array {
  return new TextEncoder().encode(secret);
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
