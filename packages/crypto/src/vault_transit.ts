/**
 * HashiCorp Vault's Transit secrets engine as the KMS, through its documented HTTP API
 * (https://developer.hashicorp.com/vault/api-docs/secret/transit):
 *   POST /v1/<mount>/datakey/plaintext/<key>  {bits: 256}        → data.plaintext (base64), data.ciphertext ("vault:vN:…")
 *   POST /v1/<mount>/decrypt/<key>            {ciphertext}       → data.plaintext (base64)
 *   POST /v1/<mount>/rewrap/<key>             {ciphertext}       → data.ciphertext under the latest key version
 *   GET  /v1/<mount>/keys/<key>                                  → data.latest_version
 * authenticated by `X-Vault-Token` (and `X-Vault-Namespace` on Vault Enterprise / HCP):
 * a static token, or — what production should use — an AppRole
 * (https://developer.hashicorp.com/vault/api-docs/auth/approle): `POST /v1/auth/<mount>/login
 * {role_id, secret_id}` gives a token with a lease, renewed (`POST /v1/auth/token/renew-self`)
 * once two thirds of it have passed, and replaced by a fresh login when renewal is refused
 * or a call answers 403 (the token expired or was revoked).
 * The KEK version is the Transit key's version, which the ciphertext names (`vault:v3:`);
 * `vault write -f transit/keys/<key>/rotate` makes a new one, the key_rotation job rewraps.
 * Transit binds no context to a non-derived key, so the tenant id is not sent.
 */
import { KmsError, assertKmsUrl, kmsJson } from './kms';
import type { Kms, WrappedKey } from './kms';

export interface VaultAppRole {
  roleId: string;
  secretId: string;
  /** the auth mount; default `approle` */
  mount?: string;
}

export interface VaultTransitOptions {
  /** VAULT_ADDR, e.g. https://vault.internal:8200 */
  address: string;
  /** a static token; or `appRole` */
  token?: string;
  appRole?: VaultAppRole;
  /** the clock (ms) leases are measured with; tests move it */
  now?: () => number;
  keyName: string;
  mount?: string;
  namespace?: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

const VERSION = /^vault:v(\d+):/;

interface Lease {
  token: string;
  /** renew (or log in again) from here on */
  refreshAt: number;
  renewable: boolean;
}

export class VaultTransitKms implements Kms {
  readonly kind = 'vault' as const;
  private readonly root: string;
  private readonly base: string;
  private readonly doFetch: typeof fetch;
  private readonly now: () => number;
  private lease: Lease | null = null;
  private pending: Promise<string> | null = null;

  constructor(private readonly opts: VaultTransitOptions) {
    const url = assertKmsUrl('Vault', opts.address);
    if (Boolean(opts.token) === Boolean(opts.appRole)) throw new KmsError('Vault: give either a token or an AppRole');
    this.root = `${url.origin}${url.pathname.replace(/\/$/, '')}/v1`;
    this.base = `${this.root}/${opts.mount ?? 'transit'}`;
    this.doFetch = opts.fetch ?? fetch;
    this.now = opts.now ?? (() => Date.now());
  }

  private headers(token: string): Record<string, string> {
    const headers: Record<string, string> = { 'X-Vault-Token': token, accept: 'application/json', 'content-type': 'application/json' };
    if (this.opts.namespace) headers['X-Vault-Namespace'] = this.opts.namespace;
    return headers;
  }

  /** The token to send: the static one, or the AppRole lease's, renewed or replaced when due (one at a time). */
  private token(): Promise<string> {
    if (this.opts.token) return Promise.resolve(this.opts.token);
    if (this.lease && this.now() < this.lease.refreshAt) return Promise.resolve(this.lease.token);
    this.pending ??= this.refresh().finally(() => {
      this.pending = null;
    });
    return this.pending;
  }

  private leaseFrom(auth: Record<string, unknown> | undefined): Lease {
    const token = typeof auth?.client_token === 'string' ? auth.client_token : '';
    if (!token) throw new KmsError('Vault: the login answered without a client_token');
    const seconds = Number(auth?.lease_duration ?? 0);
    // a token without a lease (root-like) never needs renewing
    const refreshAt = seconds > 0 ? this.now() + (seconds * 1000 * 2) / 3 : Number.POSITIVE_INFINITY;
    return { token, refreshAt, renewable: auth?.renewable === true };
  }

  private async refresh(): Promise<string> {
    if (this.lease?.renewable) {
      const res = await this.doFetch(`${this.root}/auth/token/renew-self`, { method: 'POST', headers: this.headers(this.lease.token), body: '{}', signal: AbortSignal.timeout(this.opts.timeoutMs ?? 10_000) });
      if (!res.ok) await res.text().catch(() => '');
      else {
        const json = (await res.json()) as { auth?: Record<string, unknown> };
        const renewed = this.leaseFrom(json.auth);
        // at its max TTL the lease comes back short: log in again next time rather than renew
        if (renewed.refreshAt > this.now()) {
          this.lease = renewed;
          return renewed.token;
        }
      }
    }
    return this.login();
  }

  private async login(): Promise<string> {
    const role = this.opts.appRole!;
    this.lease = null;
    const res = await this.doFetch(`${this.root}/auth/${role.mount ?? 'approle'}/login`, {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/json', ...(this.opts.namespace ? { 'X-Vault-Namespace': this.opts.namespace } : {}) },
      body: JSON.stringify({ role_id: role.roleId, secret_id: role.secretId }),
      signal: AbortSignal.timeout(this.opts.timeoutMs ?? 10_000),
    });
    const json = await kmsJson('Vault AppRole login', res);
    this.lease = this.leaseFrom(json.auth as Record<string, unknown> | undefined);
    return this.lease.token;
  }

  private async call(method: 'GET' | 'POST', path: string, body?: unknown, retried = false): Promise<Record<string, unknown>> {
    const token = await this.token();
    const res = await this.send(token, method, path, body);
    // an AppRole token expired or revoked under us: log in once more and repeat the call
    if (res.status === 403 && this.opts.appRole && !retried) {
      await res.text().catch(() => '');
      if (this.lease?.token === token) this.lease = null;
      return this.call(method, path, body, true);
    }
    const json = await kmsJson('Vault Transit', res);
    const data = json.data as Record<string, unknown> | undefined;
    if (!data || typeof data !== 'object') throw new KmsError('Vault Transit: answer without data', res.status);
    return data;
  }

  private send(token: string, method: 'GET' | 'POST', path: string, body?: unknown): Promise<Response> {
    const headers: Record<string, string> = { 'X-Vault-Token': token, accept: 'application/json' };
    if (this.opts.namespace) headers['X-Vault-Namespace'] = this.opts.namespace;
    if (body !== undefined) headers['content-type'] = 'application/json';
    return this.doFetch(`${this.base}/${path}/${encodeURIComponent(this.opts.keyName)}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(this.opts.timeoutMs ?? 10_000),
    });
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
