/**
 * Opaque secrets: refresh tokens (`rrr_…`) and API keys (`rrk_<tenant>_<secret>`). Only
 * SHA-256 hashes are stored; the secret is shown once. API keys carry their tenant so
 * the lookup runs under that tenant's RLS.
 */
import { createHash, randomBytes } from 'node:crypto';

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

export function newRefreshToken(): string {
  return `rrr_${randomBytes(32).toString('base64url')}`;
}

export interface ApiKeyParts {
  tenantId: string;
  secret: string;
}

export function newApiKey(tenantId: string): { key: string; prefix: string; hash: string } {
  const secret = randomBytes(32).toString('base64url');
  const key = `rrk_${tenantId.replace(/-/g, '')}_${secret}`;
  return { key, prefix: `rrk_${secret.slice(0, 8)}`, hash: sha256Hex(secret) };
}

export function parseApiKey(key: string): ApiKeyParts | null {
  const match = /^rrk_([0-9a-f]{32})_([A-Za-z0-9_-]{43})$/.exec(key);
  if (!match) return null;
  const hex = match[1]!;
  const tenantId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  return { tenantId, secret: match[2]! };
}

/**
 * A hash of the client's stable traits (its user agent: IPs change on mobile networks,
 * languages change in the UI), bound into the access token and the session; a token
 * presented by a different client is refused.
 */
export function clientFingerprint(userAgent: string | null): string {
  const ua = (userAgent ?? '').trim().slice(0, 512);
  return sha256Hex(`rrnet-fp:v1:${ua}`).slice(0, 32);
}
