/**
 * HashiCorp Vault's Transit secrets engine as the KMS, through its documented HTTP API
 * (https://developer.hashicorp.com/vault/api-docs/secret/transit):
 *   POST /v1/<mount>/datakey/plaintext/<key>  {bits: 256}        → data.plaintext (base64), data.ciphertext ("vault:vN:…")
 *   POST /v1/<mount>/decrypt/<key>            {ciphertext}       → data.plaintext (base64)
 *   POST /v1/<mount>/rewrap/<key>             {ciphertext}       → data.ciphertext under the latest key version
 *   GET  /v1/<mount>/keys/<key>                                  → data.latest_version
 * authenticated by `X-Vault-Token` (and `X-Vault-Namespace` on Vault Enterprise / HCP).
 * The KEK version is the Transit key's version, which the ciphertext names (`vault:v3:`);
 * `vault write -f transit/keys/<key>/rotate` makes a new one, the key_rotation job rewraps.
 * Transit binds no context to a non-derived key, so the tenant id is not sent.
 */
import { KmsError, assertKmsUrl, kmsJson } from './kms';
import type { Kms, WrappedKey } from './kms';

export interface VaultTransitOptions {
  /** VAULT_ADDR, e.g. https://vault.internal:8200 */
  address: string;
  token: string;
  keyName: string;
  mount?: string;
  namespace?: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

const VERSION = /^vault:v(\d+):/;

export class VaultTransitKms implements Kms {
  readonly kind = 'vault' as const;
  private readonly base: string;
  private readonly doFetch: typeof fetch;

  constructor(private readonly opts: VaultTransitOptions) {
    const url = assertKmsUrl('Vault', opts.address);
    this.base = `${url.origin}${url.pathname.replace(/\/$/, '')}/v1/${opts.mount ?? 'transit'}`;
    this.doFetch = opts.fetch ?? fetch;
  }

  private async call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<Record<string, unknown>> {
    const headers: Record<string, string> = { 'X-Vault-Token': this.opts.token, accept: 'application/json' };
    if (this.opts.namespace) headers['X-Vault-Namespace'] = this.opts.namespace;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await this.doFetch(`${this.base}/${path}/${encodeURIComponent(this.opts.keyName)}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(this.opts.timeoutMs ?? 10_000),
    });
    const json = await kmsJson('Vault Transit', res);
    const data = json.data as Record<string, unknown> | undefined;
    if (!data || typeof data !== 'object') throw new KmsError('Vault Transit: answer without data', res.status);
    return data;
  }

  private static version(ciphertext: unknown): string {
    const m = typeof ciphertext === 'string' ? VERSION.exec(ciphertext) : null;
    if (!m) throw new KmsError('Vault Transit: the answer holds no vault:vN: ciphertext');
    return `v${m[1]}`;
  }

  async generateDataKey(): Promise<WrappedKey & { plaintext: Buffer }> {
    const data = await this.call('POST', 'datakey/plaintext', { bits: 256 });
    const plaintext = Buffer.from(String(data.plaintext ?? ''), 'base64');
    if (plaintext.length !== 32) throw new KmsError('Vault Transit: the data key is not 256 bits');
    return { plaintext, wrapped: String(data.ciphertext), kekVersion: VaultTransitKms.version(data.ciphertext) };
  }

  async unwrap(wrapped: string): Promise<Buffer> {
    const data = await this.call('POST', 'decrypt', { ciphertext: wrapped });
    const plaintext = Buffer.from(String(data.plaintext ?? ''), 'base64');
    if (plaintext.length !== 32) throw new KmsError('Vault Transit: the unwrapped data key is not 256 bits');
    return plaintext;
  }

  async rewrap(wrapped: string): Promise<WrappedKey> {
    const data = await this.call('POST', 'rewrap', { ciphertext: wrapped });
    return { wrapped: String(data.ciphertext), kekVersion: VaultTransitKms.version(data.ciphertext) };
  }

  async currentKekVersion(): Promise<string> {
    const data = await this.call('GET', 'keys');
    const latest = Number(data.latest_version);
    if (!Number.isInteger(latest) || latest < 1) throw new KmsError('Vault Transit: the key has no latest_version');
    return `v${latest}`;
  }
}
