/**
 * Application-level encryption for secrets at rest (router passwords, PPPoE passwords,
 * gateway keys): AES-256-GCM with a fresh 96-bit IV per value. Stored form:
 * `<key id>:<iv>:<ciphertext>:<tag>` (base64url parts), so keys rotate: new values use
 * the current key, old values still name the key that opens them.
 *
 * Keys come from a `KeyProvider`: `ConfigKeyProvider` reads them from configuration
 * (development keys are generated on first start); a KMS or Vault provider implements
 * the same two methods.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export interface KeyProvider {
  /** Id of the key new values are encrypted with. */
  currentKeyId(): string;
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

  async encrypt(plaintext: string): Promise<string> {
    const keyId = this.keys.currentKeyId();
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', await this.keys.key(keyId), iv);
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

  /** True when the value was encrypted with an older key and should be re-encrypted. */
  needsRotation(stored: string): boolean {
    return stored.slice(0, stored.indexOf(':')) !== this.keys.currentKeyId();
  }
}
