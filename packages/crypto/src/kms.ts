/**
 * Envelope encryption's outer layer: a key-encryption key (KEK) that never leaves a key
 * management service wraps each ISP's 32-byte data key (`EnvelopeKeyProvider` in
 * ./envelope.ts). Three providers implement `Kms`: HashiCorp Vault Transit
 * (./vault_transit.ts), AWS KMS (./aws_kms.ts) and `LocalKms` here for development and
 * tests (KEKs from configuration, refused in production by the config rule).
 *
 * `context` is the ISP's tenant id: bound to the wrapping where the KMS supports it (AWS's
 * EncryptionContext, the local provider's AAD), so one ISP's wrapped key cannot be
 * unwrapped as another's.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export interface WrappedKey {
  /** the data key as the KMS returned it wrapped (opaque text, stored in sys_data_keys) */
  wrapped: string;
  /** the KEK (version) that wrapped it: rotation rewraps every key not under the current one */
  kekVersion: string;
}

export interface Kms {
  readonly kind: 'local' | 'vault' | 'aws';
  /** A fresh 256-bit data key: its plaintext and its wrapping under the current KEK. */
  generateDataKey(context: string): Promise<WrappedKey & { plaintext: Buffer }>;
  unwrap(wrapped: string, context: string): Promise<Buffer>;
  /** The same data key wrapped under the current KEK (the plaintext never leaves the KMS where it can). */
  rewrap(wrapped: string, context: string): Promise<WrappedKey>;
  /** The KEK version new wrappings use. */
  currentKekVersion(): Promise<string>;
}

export class KmsError extends Error {
  constructor(
    message: string,
    readonly status?: number,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'KmsError';
  }
}

const KEK_ID = /^[A-Za-z0-9_-]{1,32}$/;

/**
 * KEKs from a config string `id:base64key[,id:base64key…]` (the format of ENCRYPTION_KEYS;
 * the first wraps, all unwrap). Wrapped form: `local:<kek id>:<iv>:<ciphertext>:<tag>`,
 * AES-256-GCM with the context as AAD. Development and tests only.
 */
export class LocalKms implements Kms {
  readonly kind = 'local' as const;
  private readonly keks = new Map<string, Buffer>();
  private readonly current: string;

  constructor(spec: string) {
    const entries = spec.split(',').map((s) => s.trim()).filter(Boolean);
    if (entries.length === 0) throw new KmsError('the local KMS holds no key');
    for (const entry of entries) {
      const sep = entry.indexOf(':');
      const id = entry.slice(0, sep);
      const key = Buffer.from(entry.slice(sep + 1), 'base64');
      if (sep < 1 || !KEK_ID.test(id)) throw new KmsError(`local KEK id "${id}" is invalid`);
      if (key.length !== 32) throw new KmsError(`local KEK "${id}" must be 32 bytes (base64)`);
      this.keks.set(id, key);
    }
    this.current = entries[0]!.slice(0, entries[0]!.indexOf(':'));
  }

  async currentKekVersion(): Promise<string> {
    return this.current;
  }

  async generateDataKey(context: string): Promise<WrappedKey & { plaintext: Buffer }> {
    const plaintext = randomBytes(32);
    return { plaintext, ...this.wrap(plaintext, context) };
  }

  async unwrap(wrapped: string, context: string): Promise<Buffer> {
    const parts = wrapped.split(':');
    if (parts.length !== 5 || parts[0] !== 'local') throw new KmsError('not a locally wrapped key');
    const [, kekId, iv, ciphertext, tag] = parts as [string, string, string, string, string];
    const kek = this.keks.get(kekId);
    if (!kek) throw new KmsError(`unknown local KEK "${kekId}"`);
    const decipher = createDecipheriv('aes-256-gcm', kek, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(`${kekId}|${context}`));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    try {
      return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]);
    } catch {
      throw new KmsError('the wrapped key does not open under its KEK and context');
    }
  }

  async rewrap(wrapped: string, context: string): Promise<WrappedKey> {
    return this.wrap(await this.unwrap(wrapped, context), context);
  }

  private wrap(plaintext: Buffer, context: string): WrappedKey {
    const kekId = this.current;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keks.get(kekId)!, iv);
    cipher.setAAD(Buffer.from(`${kekId}|${context}`));
    const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    const wrappedKey = ['local', kekId, iv.toString('base64url'), ciphertext.toString('base64url'), cipher.getAuthTag().toString('base64url')].join(':');
    return { wrapped: wrappedKey, kekVersion: kekId };
  }
}

/** JSON from a KMS answer, or a KmsError naming the service and the status. */
export async function kmsJson(service: string, res: Response): Promise<Record<string, unknown>> {
  const text = await res.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : {};
  } catch {
    throw new KmsError(`${service}: answer ${res.status} is not JSON`, res.status);
  }
  if (!res.ok) {
    const b = (body ?? {}) as { errors?: unknown; __type?: unknown; message?: unknown; Message?: unknown };
    const code = typeof b.__type === 'string' ? b.__type.split('#').pop() : undefined;
    const detail = Array.isArray(b.errors) ? b.errors.join('; ') : String(b.message ?? b.Message ?? code ?? '');
    throw new KmsError(`${service}: ${res.status}${code ? ` ${code}` : ''}${detail ? `: ${detail}` : ''}`, res.status, code);
  }
  return (body ?? {}) as Record<string, unknown>;
}

/** https only, except a loopback address (a local agent, the simulators in tests). */
export function assertKmsUrl(service: string, url: string): URL {
  const u = new URL(url);
  const loopback = u.hostname === 'localhost' || u.hostname === '::1' || u.hostname === '[::1]' || /^127\./.test(u.hostname);
  if (u.protocol !== 'https:' && !(u.protocol === 'http:' && loopback)) {
    throw new KmsError(`${service}: ${u.origin} must be https (plain http only on loopback)`);
  }
  return u;
}
