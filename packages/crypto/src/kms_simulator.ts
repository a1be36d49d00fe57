/**
 * Key management services without the services: real HTTP servers that follow the
 * documented APIs the RRNet clients speak, for the tests, the e2e stack and the demo.
 *
 * Vault Transit (https://developer.hashicorp.com/vault/api-docs/secret/transit), under
 * `/v1/<mount>/`, authenticated by `X-Vault-Token` (403 `permission denied` otherwise):
 *   POST keys/<name>              create an aes256-gcm96 key
 *   GET  keys/<name>              {data: {latest_version, min_decryption_version, keys}}
 *   POST keys/<name>/rotate       a new version
 *   POST keys/<name>/config       {min_decryption_version}
 *   POST encrypt/<name>           {plaintext: base64} → {data: {ciphertext: "vault:vN:…", key_version}}
 *   POST decrypt/<name>           {ciphertext} → {data: {plaintext}}
 *   POST datakey/<plaintext|wrapped>/<name> {bits?} → {data: {plaintext?, ciphertext, key_version}}
 *   POST rewrap/<name>            {ciphertext} → {data: {ciphertext, key_version}} under the latest version
 * Ciphertext is `vault:v<N>:base64(nonce ‖ ciphertext ‖ tag)` like Vault's.
 *
 * AWS KMS (https://docs.aws.amazon.com/kms/latest/APIReference/): `POST /`,
 * `X-Amz-Target: TrentService.<Action>`, `Content-Type: application/x-amz-json-1.1`; every
 * request's SigV4 signature is verified against the simulator's credentials (service
 * `kms`, its region, a date within 15 minutes); errors as AWS sends them,
 * `{"__type": "...Exception", "message"}` with status 400. Actions: CreateKey,
 * CreateAlias, UpdateAlias, DescribeKey, GenerateDataKey, Encrypt, Decrypt, ReEncrypt.
 * The ciphertext blob names its key and binds the EncryptionContext as AAD.
 *
 * Both: `GET /_sim/state` (calls per operation), `POST /_sim/fail` {remaining, status} to
 * fail the next calls.
 */
import { createCipheriv, createDecipheriv, randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signature } from './sigv4';

export interface KmsSimulator {
  url: string;
  server: Server;
  calls: Record<string, number>;
  close(): Promise<void>;
}

interface SimFailure {
  remaining: number;
  status: number;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, status: number, body: unknown, type = 'application/json'): void {
  res.writeHead(status, { 'content-type': type });
  res.end(JSON.stringify(body));
}

function seal(key: Buffer, plaintext: Buffer, aad: Buffer): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad);
  return Buffer.concat([iv, cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
}

function open(key: Buffer, sealed: Buffer, aad: Buffer): Buffer | null {
  if (sealed.length < 28) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
    decipher.setAAD(aad);
    decipher.setAuthTag(sealed.subarray(sealed.length - 16));
    return Buffer.concat([decipher.update(sealed.subarray(12, sealed.length - 16)), decipher.final()]);
  } catch {
    return null;
  }
}

async function listen(server: Server, port: number, host: string): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  return `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
}

function closer(server: Server): () => Promise<void> {
  return () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
}

/* ─────────────────────────────── Vault Transit ─────────────────────────────── */

interface TransitKey {
  versions: Buffer[];
  created: number[];
  minDecryptionVersion: number;
}

export interface VaultSimulator extends KmsSimulator {
  /** create a key (what `vault write -f transit/keys/<name>` does) */
  createKey(name: string): void;
  /** a new key version (`vault write -f transit/keys/<name>/rotate`) */
  rotate(name: string): number;
  latestVersion(name: string): number;
}

/** An AppRole (https://developer.hashicorp.com/vault/api-docs/auth/approle) whose login issues tokens of `ttlSeconds`, renewable up to `maxTtlSeconds`. */
export interface SimAppRole {
  roleId: string;
  secretId: string;
  ttlSeconds: number;
  maxTtlSeconds?: number;
  mount?: string;
}

export async function createVaultTransitSimulator(opts: {
  /** static tokens (never expire) */
  tokens: string[];
  appRoles?: SimAppRole[];
  mount?: string;
  keys?: string[];
  port?: number;
  host?: string;
  /** the simulator's clock (ms), so tests expire tokens without waiting */
  now?: () => number;
}): Promise<VaultSimulator> {
  const mount = opts.mount ?? 'transit';
  const now = opts.now ?? (() => Date.now());
  /** tokens AppRole logins issued: when each expires and how far it may be renewed */
  const issued = new Map<string, { expiresAt: number; maxAt: number; ttlSeconds: number }>();
  const tokenValid = (token: unknown): token is string => {
    if (typeof token !== 'string') return false;
    if (opts.tokens.includes(token)) return true;
    const t = issued.get(token);
    return Boolean(t && t.expiresAt > now());
  };
  const keys = new Map<string, TransitKey>();
  const calls: Record<string, number> = {};
  let failure: SimFailure | null = null;
  const createKey = (name: string) => {
    if (!keys.has(name)) keys.set(name, { versions: [randomBytes(32)], created: [Math.floor(Date.now() / 1000)], minDecryptionVersion: 1 });
  };
  const rotate = (name: string) => {
    const key = keys.get(name);
    if (!key) throw new Error(`no transit key ${name}`);
    key.versions.push(randomBytes(32));
    key.created.push(Math.floor(Date.now() / 1000));
    return key.versions.length;
  };
  for (const name of opts.keys ?? []) createKey(name);

  const encryptWith = (key: TransitKey, plaintext: Buffer) => {
    const version = key.versions.length;
    return { ciphertext: `vault:v${version}:${seal(key.versions[version - 1]!, plaintext, Buffer.alloc(0)).toString('base64')}`, key_version: version };
  };
  const decryptWith = (key: TransitKey, ciphertext: unknown): Buffer | string => {
    const m = typeof ciphertext === 'string' ? /^vault:v(\d+):(.+)$/.exec(ciphertext) : null;
    if (!m) return 'invalid ciphertext: no prefix';
    const version = Number(m[1]);
    if (version < key.minDecryptionVersion) return 'ciphertext or signature version is disallowed by policy (too old)';
    const material = key.versions[version - 1];
    if (!material) return 'invalid ciphertext: key version not found';
    return open(material, Buffer.from(m[2]!, 'base64'), Buffer.alloc(0)) ?? 'cipher: message authentication failed';
  };

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://sim');
      if (url.pathname === '/_sim/state') return send(res, 200, { calls, keys: Object.fromEntries([...keys].map(([n, k]) => [n, { latest_version: k.versions.length, min_decryption_version: k.minDecryptionVersion }])) });
      const raw = await readBody(req);
      if (url.pathname === '/_sim/fail' && req.method === 'POST') {
        failure = JSON.parse(raw || '{}') as SimFailure;
        return send(res, 204, {});
      }
      // AppRole login: POST /v1/auth/<mount>/login {role_id, secret_id} → auth.client_token
      const login = /^\/v1\/auth\/([^/]+)\/login$/.exec(url.pathname);
      if (login && req.method === 'POST') {
        calls['POST auth/login'] = (calls['POST auth/login'] ?? 0) + 1;
        let creds: Record<string, unknown> = {};
        try {
          creds = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
        } catch {
          return send(res, 400, { errors: ['failed to parse JSON input'] });
        }
        const role = (opts.appRoles ?? []).find((r) => (r.mount ?? 'approle') === login[1] && r.roleId === creds.role_id);
        if (!role) return send(res, 400, { errors: ['invalid role or secret ID'] });
        if (role.secretId !== creds.secret_id) return send(res, 400, { errors: ['invalid role or secret ID'] });
        const token = `hvs.${randomBytes(18).toString('base64url')}`;
        issued.set(token, { expiresAt: now() + role.ttlSeconds * 1000, maxAt: now() + (role.maxTtlSeconds ?? role.ttlSeconds * 10) * 1000, ttlSeconds: role.ttlSeconds });
        return send(res, 200, { auth: { client_token: token, accessor: randomBytes(8).toString('hex'), policies: ['default', 'rrnet-transit'], lease_duration: role.ttlSeconds, renewable: true } });
      }
      // POST /v1/auth/token/renew-self: the same token for another ttl, never past its max
      if (url.pathname === '/v1/auth/token/renew-self' && req.method === 'POST') {
        calls['POST auth/token/renew-self'] = (calls['POST auth/token/renew-self'] ?? 0) + 1;
        const token = req.headers['x-vault-token'];
        const t = typeof token === 'string' ? issued.get(token) : undefined;
        if (!t || t.expiresAt <= now()) return send(res, 403, { errors: ['permission denied'] });
        t.expiresAt = Math.min(t.maxAt, now() + t.ttlSeconds * 1000);
        return send(res, 200, { auth: { client_token: token, lease_duration: Math.max(0, Math.floor((t.expiresAt - now()) / 1000)), renewable: t.expiresAt < t.maxAt } });
      }
      const prefix = `/v1/${mount}/`;
      if (!url.pathname.startsWith(prefix)) return send(res, 404, { errors: [] });
      const token = req.headers['x-vault-token'];
      if (!tokenValid(token)) return send(res, 403, { errors: ['permission denied'] });
      if (failure && failure.remaining > 0) {
        failure.remaining -= 1;
        return send(res, failure.status, { errors: ['simulated failure'] });
      }
      let body: Record<string, unknown>;
      try {
        body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
      } catch {
        return send(res, 400, { errors: ['failed to parse JSON input'] });
      }
      const parts = url.pathname.slice(prefix.length).split('/').map(decodeURIComponent);
      const op = parts[0] === 'datakey' ? `datakey/${parts[1]}` : parts[0] === 'keys' && parts[2] ? `keys/${parts[2]}` : parts[0]!;
      const name = parts[0] === 'datakey' ? parts[2] : parts[1];
      calls[`${req.method} ${op}`] = (calls[`${req.method} ${op}`] ?? 0) + 1;
      if (!name) return send(res, 404, { errors: [] });
      if (op === 'keys' && req.method === 'POST') {
        createKey(name);
        return send(res, 204, {});
      }
      const key = keys.get(name);
      if (!key) return send(res, op === 'keys' ? 404 : 400, { errors: op === 'keys' ? [] : ['encryption key not found'] });
      switch (`${req.method} ${op}`) {
        case 'GET keys':
          return send(res, 200, {
            data: { name, type: 'aes256-gcm96', latest_version: key.versions.length, min_decryption_version: key.minDecryptionVersion, keys: Object.fromEntries(key.created.map((t, i) => [String(i + 1), t])) },
          });
        case 'POST keys/rotate':
          rotate(name);
          return send(res, 200, { data: { name, latest_version: key.versions.length } });
        case 'POST keys/config': {
          const min = Number(body.min_decryption_version);
          if (!Number.isInteger(min) || min < 1 || min > key.versions.length) return send(res, 400, { errors: ['invalid min_decryption_version'] });
          key.minDecryptionVersion = min;
          return send(res, 200, { data: { min_decryption_version: min } });
        }
        case 'POST encrypt': {
          const plaintext = Buffer.from(String(body.plaintext ?? ''), 'base64');
          return send(res, 200, { data: encryptWith(key, plaintext) });
        }
        case 'POST decrypt': {
          const out = decryptWith(key, body.ciphertext);
          if (typeof out === 'string') return send(res, 400, { errors: [out] });
          return send(res, 200, { data: { plaintext: out.toString('base64') } });
        }
        case 'POST rewrap': {
          const out = decryptWith(key, body.ciphertext);
          if (typeof out === 'string') return send(res, 400, { errors: [out] });
          return send(res, 200, { data: encryptWith(key, out) });
        }
        case 'POST datakey/plaintext':
        case 'POST datakey/wrapped': {
          const bits = body.bits === undefined ? 256 : Number(body.bits);
          if (![128, 256, 512].includes(bits)) return send(res, 400, { errors: ['invalid bit length'] });
          const dataKey = randomBytes(bits / 8);
          const wrapped = encryptWith(key, dataKey);
          return send(res, 200, { data: { ...(parts[1] === 'plaintext' ? { plaintext: dataKey.toString('base64') } : {}), ...wrapped } });
        }
        default:
          return send(res, 405, { errors: ['unsupported operation'] });
      }
    })().catch((error: unknown) => send(res, 500, { errors: [String(error)] }));
  });
  const url = await listen(server, opts.port ?? 0, opts.host ?? '127.0.0.1');
  return { url, server, calls, close: closer(server), createKey, rotate, latestVersion: (n) => keys.get(n)?.versions.length ?? 0 };
}

/* ─────────────────────────────────── AWS KMS ────────────────────────────────── */

interface AwsKey {
  id: string;
  arn: string;
  material: Buffer;
}

export interface AwsKmsSimulator extends KmsSimulator {
  region: string;
  /** a new symmetric key; returns its ARN */
  createKey(): string;
  /** point an alias (`alias/…`) at a key */
  setAlias(alias: string, keyId: string): void;
  /** requests refused for their signature so far */
  rejectedSignatures: number;
}

const ACCOUNT = '111122223333';

export async function createAwsKmsSimulator(opts: { credentials: Record<string, string>; region?: string; port?: number; host?: string; clockSkewMs?: number }): Promise<AwsKmsSimulator> {
  const region = opts.region ?? 'ap-southeast-3';
  const keys = new Map<string, AwsKey>();
  const aliases = new Map<string, string>();
  const calls: Record<string, number> = {};
  let failure: SimFailure | null = null;
  const sim = { rejectedSignatures: 0 };

  const createKey = () => {
    const id = randomUUID();
    const key = { id, arn: `arn:aws:kms:${region}:${ACCOUNT}:key/${id}`, material: randomBytes(32) };
    keys.set(id, key);
    return key.arn;
  };
  const resolve = (ref: unknown): AwsKey | null => {
    if (typeof ref !== 'string' || !ref) return null;
    let id = ref;
    const aliasArn = /^arn:aws:kms:[^:]+:\d+:(alias\/.+)$/.exec(ref);
    if (aliasArn) id = aliasArn[1]!;
    if (id.startsWith('alias/')) id = aliases.get(id) ?? '';
    const keyArn = /^arn:aws:kms:[^:]+:\d+:key\/(.+)$/.exec(id);
    if (keyArn) id = keyArn[1]!;
    return keys.get(id) ?? null;
  };
  const aad = (context: unknown): Buffer => {
    const entries = Object.entries((context ?? {}) as Record<string, string>).sort(([a], [b]) => (a < b ? -1 : 1));
    return Buffer.from(JSON.stringify(entries));
  };
  const wrap = (key: AwsKey, plaintext: Buffer, context: unknown) => {
    const id = Buffer.from(key.id, 'utf8');
    return Buffer.concat([Buffer.from([1, id.length]), id, seal(key.material, plaintext, aad(context))]).toString('base64');
  };
  const unwrap = (blob: unknown, context: unknown): { key: AwsKey; plaintext: Buffer } | string => {
    const buf = Buffer.from(typeof blob === 'string' ? blob : '', 'base64');
    if (buf.length < 2 || buf[0] !== 1) return 'InvalidCiphertextException';
    const id = buf.subarray(2, 2 + buf[1]!).toString('utf8');
    const key = keys.get(id);
    if (!key) return 'InvalidCiphertextException';
    const plaintext = open(key.material, buf.subarray(2 + buf[1]!), aad(context));
    return plaintext ? { key, plaintext } : 'InvalidCiphertextException';
  };
  const fail = (res: ServerResponse, type: string, message: string, status = 400) => send(res, status, { __type: type, message }, 'application/x-amz-json-1.1');
  const ok = (res: ServerResponse, body: unknown) => send(res, 200, body, 'application/x-amz-json-1.1');

  /** The signature check of a SigV4 request: null when valid, else why not. */
  const verify = (req: IncomingMessage, body: string, url: URL): string | null => {
    const auth = req.headers.authorization ?? '';
    const m = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=([0-9a-f]{64})$/.exec(auth);
    if (!m) return 'IncompleteSignatureException';
    const [, accessKey, date, signedRegion, service, signedHeaderList, sig] = m as unknown as string[];
    const secret = opts.credentials[accessKey!];
    if (!secret) return 'UnrecognizedClientException';
    const amzDate = String(req.headers['x-amz-date'] ?? '');
    if (!/^\d{8}T\d{6}Z$/.test(amzDate) || amzDate.slice(0, 8) !== date) return 'IncompleteSignatureException';
    const at = Date.UTC(+amzDate.slice(0, 4), +amzDate.slice(4, 6) - 1, +amzDate.slice(6, 8), +amzDate.slice(9, 11), +amzDate.slice(11, 13), +amzDate.slice(13, 15));
    if (Math.abs(Date.now() - at) > (opts.clockSkewMs ?? 15 * 60_000)) return 'InvalidSignatureException';
    if (signedRegion !== region || service !== 'kms') return 'InvalidSignatureException';
    const signed = signedHeaderList!.split(';');
    for (const required of ['host', 'x-amz-date', 'x-amz-target', 'content-type']) if (!signed.includes(required)) return 'InvalidSignatureException';
    const headers: Record<string, string> = {};
    for (const h of signed) headers[h] = String(req.headers[h] ?? '');
    const expected = signature({ method: req.method ?? 'POST', url: new URL(url.pathname + url.search, `http://${req.headers.host}`), headers, body, region, service: 'kms', amzDate }, signed, secret);
    return expected === sig ? null : 'InvalidSignatureException';
  };

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://sim');
      if (url.pathname === '/_sim/state') return send(res, 200, { calls, keys: [...keys.values()].map((k) => k.arn), aliases: Object.fromEntries(aliases), rejected_signatures: sim.rejectedSignatures });
      const raw = await readBody(req);
      if (url.pathname === '/_sim/fail' && req.method === 'POST') {
        failure = JSON.parse(raw || '{}') as SimFailure;
        return send(res, 204, {});
      }
      if (req.method !== 'POST' || url.pathname !== '/') return fail(res, 'UnknownOperationException', 'only POST /', 404);
      const target = String(req.headers['x-amz-target'] ?? '');
      if (!target.startsWith('TrentService.')) return fail(res, 'UnknownOperationException', 'X-Amz-Target must name TrentService');
      if (!String(req.headers['content-type'] ?? '').startsWith('application/x-amz-json-1.1')) return fail(res, 'SerializationException', 'Content-Type must be application/x-amz-json-1.1');
      const problem = verify(req, raw, url);
      if (problem) {
        sim.rejectedSignatures += 1;
        return fail(res, problem, 'The request signature we calculated does not match the signature you provided.', problem === 'UnrecognizedClientException' ? 400 : 400);
      }
      const action = target.slice('TrentService.'.length);
      calls[action] = (calls[action] ?? 0) + 1;
      if (failure && failure.remaining > 0) {
        failure.remaining -= 1;
        return fail(res, 'KMSInternalException', 'simulated failure', failure.status);
      }
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(raw || '{}') as Record<string, unknown>;
      } catch {
        return fail(res, 'SerializationException', 'body is not JSON');
      }
      switch (action) {
        case 'CreateKey': {
          const arn = createKey();
          const key = resolve(arn)!;
          return ok(res, { KeyMetadata: { KeyId: key.id, Arn: arn, KeyState: 'Enabled', KeySpec: 'SYMMETRIC_DEFAULT', KeyUsage: 'ENCRYPT_DECRYPT' } });
        }
        case 'CreateAlias':
        case 'UpdateAlias': {
          const key = resolve(body.TargetKeyId);
          if (!key || typeof body.AliasName !== 'string' || !body.AliasName.startsWith('alias/')) return fail(res, 'NotFoundException', 'no such key or bad alias');
          aliases.set(body.AliasName, key.id);
          return ok(res, {});
        }
        case 'DescribeKey': {
          const key = resolve(body.KeyId);
          if (!key) return fail(res, 'NotFoundException', `Key '${String(body.KeyId)}' does not exist`);
          return ok(res, { KeyMetadata: { KeyId: key.id, Arn: key.arn, KeyState: 'Enabled', KeySpec: 'SYMMETRIC_DEFAULT', KeyUsage: 'ENCRYPT_DECRYPT' } });
        }
        case 'GenerateDataKey': {
          const key = resolve(body.KeyId);
          if (!key) return fail(res, 'NotFoundException', `Key '${String(body.KeyId)}' does not exist`);
          const bytes = body.KeySpec === 'AES_256' ? 32 : body.KeySpec === 'AES_128' ? 16 : Number(body.NumberOfBytes);
          if (!Number.isInteger(bytes) || bytes < 1 || bytes > 1024) return fail(res, 'ValidationException', 'KeySpec or NumberOfBytes required');
          const plaintext = randomBytes(bytes);
          return ok(res, { KeyId: key.arn, Plaintext: plaintext.toString('base64'), CiphertextBlob: wrap(key, plaintext, body.EncryptionContext) });
        }
        case 'Encrypt': {
          const key = resolve(body.KeyId);
          if (!key) return fail(res, 'NotFoundException', `Key '${String(body.KeyId)}' does not exist`);
          return ok(res, { KeyId: key.arn, CiphertextBlob: wrap(key, Buffer.from(String(body.Plaintext ?? ''), 'base64'), body.EncryptionContext), EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' });
        }
        case 'Decrypt': {
          const out = unwrap(body.CiphertextBlob, body.EncryptionContext);
          if (typeof out === 'string') return fail(res, out, 'The ciphertext or its encryption context is invalid');
          if (body.KeyId !== undefined && resolve(body.KeyId)?.id !== out.key.id) return fail(res, 'IncorrectKeyException', 'The key ID in the request does not identify the key that encrypted the ciphertext');
          return ok(res, { KeyId: out.key.arn, Plaintext: out.plaintext.toString('base64'), EncryptionAlgorithm: 'SYMMETRIC_DEFAULT' });
        }
        case 'ReEncrypt': {
          const out = unwrap(body.CiphertextBlob, body.SourceEncryptionContext);
          if (typeof out === 'string') return fail(res, out, 'The ciphertext or its encryption context is invalid');
          const dest = resolve(body.DestinationKeyId);
          if (!dest) return fail(res, 'NotFoundException', `Key '${String(body.DestinationKeyId)}' does not exist`);
          return ok(res, { SourceKeyId: out.key.arn, KeyId: dest.arn, CiphertextBlob: wrap(dest, out.plaintext, body.DestinationEncryptionContext) });
        }
        default:
          return fail(res, 'UnknownOperationException', `${action} is not simulated`);
      }
    })().catch((error: unknown) => fail(res, 'KMSInternalException', String(error), 500));
  });
  const url = await listen(server, opts.port ?? 0, opts.host ?? '127.0.0.1');
  return {
    url,
    server,
    calls,
    region,
    close: closer(server),
    createKey,
    setAlias: (alias, keyId) => {
      const key = resolve(keyId);
      if (!key) throw new Error(`no key ${keyId}`);
      aliases.set(alias, key.id);
    },
    get rejectedSignatures() {
      return sim.rejectedSignatures;
    },
  };
}
