/**
 * Application-level encryption for secrets at rest (router passwords, PPPoE passwords,
 * gateway keys): AES-256-GCM with a fresh 96-bit IV per value. Stored form:
 * `<key id>:<iv>:<ciphertext>:<tag>` (base64url parts), so keys rotate: new values use
 * the current key, old values still name the key that opens them.
 *
 * Keys come from a `KeyProvider`: `EnvelopeKeyProvider` (./envelope.ts: a data key per ISP
 * wrapped by a KMS's key-encryption key: Vault Transit, AWS KMS or the local one) or
 * `ConfigKeyProvider` (keys straight from configuration: the seed, tools, legacy values).
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export interface KeyProvider {
  /** The key (and its id) new values of this tenant are encrypted with. */
  currentKey(tenantId?: string): Promise<{ id: string; key: Buffer }>;
  /** The 32-byte key for an id; throws for an unknown id. */
  key(id: string): Promise<Buffer>;
}

const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;

/**
 * Keys from a config string `id:base64key[,id:base64key...]`; the first is current.
 * e.g. ENCRYPTION_KEYS="k2:...,k1:..." while re-encrypting from k1 to k2.
 */
export class ConfigKeyProvider implements KeyProvider {
  private readonly keys = new Map<string, Buffer>();
  private readonly current: string;

  constructor(spec: string) {
    const entries = spec.split(',').map((s) => s.trim()).filter(Boolean);
    if (entries.length === 0) throw new Error('ENCRYPTION_KEYS holds no key');
    for (const entry of entries) {
      const sep = entry.indexOf(':');
      const id = entry.slice(0, sep);
      const key = Buffer.from(entry.slice(sep + 1), 'base64');
      if (sep < 1 || !KEY_ID.test(id)) throw new Error(`encryption key id "${id}" is invalid`);
      if (key.length !== 32) throw new Error(`encryption key "${id}" must be 32 bytes (base64)`);
      this.keys.set(id, key);
    }
    this.current = entries[0]!.slice(0, entries[0]!.indexOf(':'));
  }

  currentKeyId(): string {
    return this.current;
  }

  async currentKey(): Promise<{ id: string; key: Buffer }> {
    return { id: this.current, key: this.keys.get(this.current)! };
  }

  async key(id: string): Promise<Buffer> {
    const key = this.keys.get(id);
    if (!key) throw new Error(`unknown encryption key id "${id}"`);
    return key;
  }
}

export function generateKeySpec(id = 'k1'): string {
  return `${id}:${randomBytes(32).toString('base64')}`;
}

export class SecretBox {
  constructor(private readonly keys: KeyProvider) {}

  get provider(): KeyProvider {
    return this.keys;
  }

  /** `tenantId`: whose data key encrypts (required by the envelope provider). */
  async encrypt(plaintext: string, tenantId?: string): Promise<string> {
    const { id: keyId, key } = await this.keys.currentKey(tenantId);
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(Buffer.from(keyId));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [keyId, iv, ciphertext, cipher.getAuthTag()]
      .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
      .join(':');
  }

  async decrypt(stored: string): Promise<string> {
    const parts = stored.split(':');
    if (parts.length !== 4) throw new Error('not an encrypted value');
    const [keyId, iv, ciphertext, tag] = parts as [string, string, string, string];
    const decipher = createDecipheriv('aes-256-gcm', await this.keys.key(keyId), Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(keyId));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
  }

  /** True when the value was encrypted with another key than the tenant's current one. */
  async needsRotation(stored: string, tenantId?: string): Promise<boolean> {
    return keyIdOf(stored) !== (await this.keys.currentKey(tenantId)).id;
  }
}

/** The id of the key a stored value was encrypted with. */
export function keyIdOf(stored: string): string {
  return stored.slice(0, stored.indexOf(':'));
}
