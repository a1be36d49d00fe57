/**
 * Envelope encryption behind the `KeyProvider`: every ISP has its own 256-bit data key,
 * stored only wrapped by the KMS's key-encryption key (sys_data_keys through a
 * `DataKeyStore`); SecretBox encrypts that ISP's secrets with it. Stored values name their
 * data key (`dk_<n>:iv:ciphertext:tag`), so after a rotation old values keep opening with
 * their old data key until the key_rotation job has re-encrypted them and retired it.
 *
 * Values written before the KMS (`k1:…`, keys from ENCRYPTION_KEYS) open through the
 * optional `legacy` provider until the rotation job has moved them onto data keys.
 *
 * Unwrapped data keys are kept in memory for `cacheMs` (one KMS call per ISP and process,
 * not one per secret); which key is a tenant's active one for `activeCacheMs`, which is why
 * the rotation job waits that long before retiring a key (`ACTIVE_KEY_CACHE_MS`).
 */
import type { Kms } from './kms';
import type { KeyProvider } from './secret_box';

export interface DataKeyRecord {
  /** `dk_<n>`: the id stored values carry */
  id: string;
  tenantId: string;
  wrapped: string;
  kekVersion: string;
  status: 'active' | 'retiring' | 'retired';
}

export interface DataKeyStore {
  /** the tenant's active data key, or null before its first secret */
  active(tenantId: string): Promise<DataKeyRecord | null>;
  byId(id: string): Promise<DataKeyRecord | null>;
  /** store a new active key unless the tenant got one meanwhile; returns the active key */
  createActive(tenantId: string, wrapped: string, kekVersion: string): Promise<DataKeyRecord>;
}

export const DATA_KEY_ID = /^dk_\d{1,18}$/;
/** How long a process may keep encrypting under a key after another one became active. */
export const ACTIVE_KEY_CACHE_MS = 30_000;

export interface EnvelopeOptions {
  kms: Kms;
  store: DataKeyStore;
  legacy?: KeyProvider;
  cacheMs?: number;
  activeCacheMs?: number;
  now?: () => number;
}

export class EnvelopeKeyProvider implements KeyProvider {
  private readonly keys = new Map<string, { key: Promise<Buffer>; until: number }>();
  private readonly active = new Map<string, { id: Promise<string>; until: number }>();
  private readonly now: () => number;

  constructor(private readonly opts: EnvelopeOptions) {
    this.now = opts.now ?? Date.now;
  }

  get kms(): Kms {
    return this.opts.kms;
  }

  async currentKey(tenantId?: string): Promise<{ id: string; key: Buffer }> {
    if (!tenantId) throw new Error('envelope encryption needs the tenant whose data key encrypts');
    const now = this.now();
    let entry = this.active.get(tenantId);
    if (!entry || entry.until <= now) {
      entry = { id: this.loadActive(tenantId), until: now + (this.opts.activeCacheMs ?? ACTIVE_KEY_CACHE_MS) };
      this.active.set(tenantId, entry);
      entry.id.catch(() => this.active.delete(tenantId));
    }
    const id = await entry.id;
    return { id, key: await this.key(id) };
  }

  async key(id: string): Promise<Buffer> {
    if (!DATA_KEY_ID.test(id)) {
      if (this.opts.legacy) return this.opts.legacy.key(id);
      throw new Error(`unknown encryption key id "${id}"`);
    }
    const now = this.now();
    let entry = this.keys.get(id);
    if (!entry || entry.until <= now) {
      entry = { key: this.unwrapStored(id), until: now + (this.opts.cacheMs ?? 300_000) };
      this.keys.set(id, entry);
      entry.key.catch(() => this.keys.delete(id));
    }
    return entry.key;
  }

  /** Forget cached keys (after a rotation, in tests). */
  clearCache(): void {
    this.keys.clear();
    this.active.clear();
  }

  private async loadActive(tenantId: string): Promise<string> {
    const existing = await this.opts.store.active(tenantId);
    if (existing) return existing.id;
    const fresh = await this.opts.kms.generateDataKey(tenantId);
    const stored = await this.opts.store.createActive(tenantId, fresh.wrapped, fresh.kekVersion);
    // we won the race: keep the plaintext we already hold instead of asking the KMS again
    if (stored.wrapped === fresh.wrapped) this.keys.set(stored.id, { key: Promise.resolve(fresh.plaintext), until: this.now() + (this.opts.cacheMs ?? 300_000) });
    return stored.id;
  }

  private async unwrapStored(id: string): Promise<Buffer> {
    const record = await this.opts.store.byId(id);
    if (!record) throw new Error(`unknown encryption key id "${id}"`);
    if (record.status === 'retired') throw new Error(`data key "${id}" is retired (its values were re-encrypted)`);
    return this.opts.kms.unwrap(record.wrapped, record.tenantId);
  }
}
