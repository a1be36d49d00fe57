/**
 * The one place environment variables are read. Each app declares a zod schema in its
 * own `config.ts` and calls `loadConfig`; a bad environment fails startup with one
 * message that names every missing or invalid variable.
 */
import { accessSync, constants, readFileSync } from 'node:fs';
import { z } from 'zod';

export class ConfigError extends Error {
  readonly problems: string[];
  constructor(service: string, problems: string[]) {
    super(
      `Invalid configuration for ${service}:\n` +
        problems.map((p) => `  - ${p}`).join('\n') +
        '\nSee README.md "Configuration" for every variable.',
    );
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

export type EnvSource = Record<string, string | undefined>;

/**
 * `NAME_FILE=/path` stands for `NAME`: the value is the file's content without its
 * trailing newline. That is how compose `secrets:` (/run/secrets/…) and Kubernetes
 * secret volumes hand secrets to a process, so they never sit in the environment.
 */
export function loadConfig<T extends z.ZodObject>(
  service: string,
  schema: T,
  source: EnvSource = process.env,
  readFile: (path: string) => string = (path) => readFileSync(path, 'utf8'),
): z.infer<T> {
  const picked: Record<string, string | undefined> = {};
  const fileProblems: string[] = [];
  for (const key of Object.keys(schema.shape)) {
    const value = source[key];
    picked[key] = value === '' ? undefined : value;
    const file = source[`${key}_FILE`];
    if (!file) continue;
    if (picked[key] !== undefined) {
      fileProblems.push(`${key}: set both ${key} and ${key}_FILE (use one)`);
      continue;
    }
    try {
      picked[key] = readFile(file).replace(/\r?\n$/, '');
    } catch (err) {
      fileProblems.push(`${key}_FILE: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
    }
  }
  const result = schema.safeParse(picked);
  if (fileProblems.length > 0 || !result.success) {
    const problems = fileProblems.concat((result.error?.issues ?? []).map((issue) => {
      const name = issue.path.map(String).join('.') || '(root)';
      const value = picked[name];
      return value === undefined
        ? `${name}: missing (${issue.message})`
        : `${name}: invalid (${issue.message})`;
    }));
    throw new ConfigError(service, problems);
  }
  return result.data;
}

/** Building blocks shared by app config schemas. */
export const NODE_ENV = z.enum(['development', 'test', 'production']).default('development');
export const LOG_LEVEL = z.enum(['error', 'warn', 'info', 'debug']).default('info');
export const POSTGRES_URL = z
  .string()
  .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL');
export const REDIS_URL = z.string().regex(/^rediss?:\/\//, 'must be a redis:// URL');
export const BOOLEAN_FLAG = z
  .enum(['true', 'false', '1', '0'])
  .transform((v) => v === 'true' || v === '1');

/** A path the process can read at start (certificates, keys). */
export const READABLE_FILE = z.string().refine(isReadable, 'file not found or not readable');

function isReadable(path: string): boolean {
  try {
    accessSync(path, constants.R_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * TLS to PostgreSQL. The URLs carry libpq's own parameters (`sslmode`, `sslrootcert`,
 * `sslcert`, `sslkey`), which psql, pgBackRest, node-postgres (graphile-worker) and
 * `createDatabase` all understand; these variables add the files to every database
 * URL of the app that does not name its own. Unset CA with `verify-full`: the system
 * trust store (a managed database with a public CA).
 */
export const DATABASE_TLS_ENV = {
  /** CA that signed the PostgreSQL server certificate (libpq sslrootcert) */
  DATABASE_SSL_CA_FILE: READABLE_FILE.optional(),
  /** client certificate for `cert` authentication (libpq sslcert), with DATABASE_SSL_KEY_FILE */
  DATABASE_SSL_CERT_FILE: READABLE_FILE.optional(),
  DATABASE_SSL_KEY_FILE: READABLE_FILE.optional(),
};

const TLS_FILE_PARAMS = {
  DATABASE_SSL_CA_FILE: 'sslrootcert',
  DATABASE_SSL_CERT_FILE: 'sslcert',
  DATABASE_SSL_KEY_FILE: 'sslkey',
} as const;

/** The only sslmode production accepts: encrypted, the chain checked against the CA and the host name against the certificate. */
export const PRODUCTION_SSLMODE = 'verify-full';

function searchParams(url: unknown): URLSearchParams | null {
  if (typeof url !== 'string') return null;
  try {
    return new URL(url).searchParams;
  } catch {
    return null;
  }
}

/**
 * A database on this machine: loopback addresses or a Unix socket (`?host=/run/postgresql`).
 * Nothing travels over a network, so TLS adds nothing there (a local socket, or a
 * sidecar proxy such as cloud-sql-proxy that does the TLS itself).
 */
export function isLoopbackDatabase(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  const socket = parsed.searchParams.get('host');
  if (socket) return socket.startsWith('/');
  const host = decodeURIComponent(parsed.hostname).replace(/^\[|\]$/g, '').toLowerCase();
  return host.startsWith('/') || host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/**
 * A schema refinement (`.superRefine(databaseTlsRule([...]))`): with NODE_ENV=production
 * every listed URL of a database on another host must say `sslmode=verify-full` (a
 * loopback database is exempt: see isLoopbackDatabase); in every environment the
 * certificate files a URL names must be readable and a client certificate comes with its key.
 */
export function databaseTlsRule(urlKeys: readonly string[]) {
  return (value: Record<string, unknown>, ctx: z.RefinementCtx): void => {
    const production = value.NODE_ENV === 'production';
    for (const key of urlKeys) {
      const params = searchParams(value[key]);
      if (!params) continue; // missing or malformed: the field's own check reports it
      const mode = params.get('sslmode');
      if (production && mode !== PRODUCTION_SSLMODE && !isLoopbackDatabase(value[key] as string)) {
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message:
            `NODE_ENV=production requires TLS with certificate verification to a database on another host: ` +
            `add sslmode=${PRODUCTION_SSLMODE} to the URL (found ${mode ? `sslmode=${mode}` : 'no sslmode'}) ` +
            `and DATABASE_SSL_CA_FILE for a private CA`,
        });
      }
      for (const param of ['sslrootcert', 'sslcert', 'sslkey']) {
        const file = params.get(param);
        if (file && !(param === 'sslrootcert' && file === 'system') && !isReadable(file)) {
          ctx.addIssue({ code: 'custom', path: [key], message: `${param} file not found or not readable` });
        }
      }
    }
    if (Boolean(value.DATABASE_SSL_CERT_FILE) !== Boolean(value.DATABASE_SSL_KEY_FILE)) {
      const missing = value.DATABASE_SSL_CERT_FILE ? 'DATABASE_SSL_KEY_FILE' : 'DATABASE_SSL_CERT_FILE';
      ctx.addIssue({ code: 'custom', path: [missing], message: 'a client certificate needs both DATABASE_SSL_CERT_FILE and DATABASE_SSL_KEY_FILE' });
    }
  };
}

/** The config with DATABASE_SSL_*_FILE added (as libpq parameters) to each listed URL that does not name its own. */
export function withDatabaseTls<T extends Record<string, unknown>>(config: T, urlKeys: readonly (keyof T & string)[]): T {
  const out: Record<string, unknown> = { ...config };
  for (const key of urlKeys) {
    const raw = config[key];
    if (typeof raw !== 'string') continue;
    const url = new URL(raw);
    let changed = false;
    for (const [envKey, param] of Object.entries(TLS_FILE_PARAMS)) {
      const file = config[envKey];
      if (typeof file === 'string' && !url.searchParams.has(param)) {
        url.searchParams.set(param, file);
        changed = true;
      }
    }
    if (changed) out[key] = url.toString();
  }
  return out as T;
}

/**
 * mTLS between RRNet's own services (the Upstash bridge, the worker's metrics endpoint):
 * each side presents a certificate issued by the deployment's CA and accepts only peers
 * whose certificate chains to it. All three set: servers speak HTTPS and require a
 * client certificate, clients present theirs; none set: plain HTTP (development, tests).
 */
export const INTERNAL_TLS_ENV = {
  /** this service's certificate (PEM), issued by INTERNAL_TLS_CA_FILE */
  INTERNAL_TLS_CERT_FILE: READABLE_FILE.optional(),
  INTERNAL_TLS_KEY_FILE: READABLE_FILE.optional(),
  /** the deployment's CA: the only issuer whose peers are accepted */
  INTERNAL_TLS_CA_FILE: READABLE_FILE.optional(),
};

const INTERNAL_TLS_KEYS = Object.keys(INTERNAL_TLS_ENV) as (keyof typeof INTERNAL_TLS_ENV)[];

/** A schema refinement: the three INTERNAL_TLS_* files come together or not at all. */
export function internalTlsRule(value: Record<string, unknown>, ctx: z.RefinementCtx): void {
  const set = INTERNAL_TLS_KEYS.filter((k) => Boolean(value[k]));
  if (set.length === 0 || set.length === INTERNAL_TLS_KEYS.length) return;
  for (const key of INTERNAL_TLS_KEYS.filter((k) => !set.includes(k))) {
    ctx.addIssue({ code: 'custom', path: [key], message: `mTLS needs all of ${INTERNAL_TLS_KEYS.join(', ')} (${set.join(', ')} set)` });
  }
}
/**
 * Redis: REDIS_URL (RESP in-process) or both UPSTASH_REDIS_REST_URL and
 * UPSTASH_REDIS_REST_TOKEN (Upstash's REST protocol); with neither the app has no Redis.
 */
export function redisRule(value: Record<string, unknown>, ctx: z.RefinementCtx): void {
  if (value.REDIS_URL) return;
  const url = Boolean(value.UPSTASH_REDIS_REST_URL);
  const token = Boolean(value.UPSTASH_REDIS_REST_TOKEN);
  if (url && token) return;
  for (const key of ['UPSTASH_REDIS_REST_URL', 'UPSTASH_REDIS_REST_TOKEN'].filter((k) => !value[k])) {
    ctx.addIssue({ code: 'custom', path: [key], message: 'set REDIS_URL (redis://), or UPSTASH_REDIS_REST_URL and UPSTASH_REDIS_REST_TOKEN' });
  }
}
/**
 * Router tunnels (routers behind NAT reach RRNet over WireGuard; see
 * core/network/tunnel_rules.ts): the platform range cut into one block per ISP. Web and
 * worker must agree on both.
 */
export const TUNNEL_NETWORK = z
  .string()
  .regex(/^\d{1,3}(\.\d{1,3}){3}\/\d{1,2}$/, 'must be an IPv4 CIDR such as 10.200.0.0/16')
  .default('10.200.0.0/16');
export const TUNNEL_BLOCK_PREFIX = z.coerce.number().int().min(9).max(30).default(24);
/** a WireGuard key: base64 of 32 bytes (what `wg genkey` / `wg pubkey` print) */
export const WIREGUARD_KEY = z.string().regex(/^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]=$/, 'must be a WireGuard key (base64 of 32 bytes)');

/**
 * The API's admission gate (`AdmissionGate`, @rrnet/resilience) in front of the database
 * pool: requests beyond these bounds are refused at once with 503 + Retry-After instead
 * of queueing for a pool that cannot serve them. Unset bounds follow the app pool
 * (admissionLimits): in flight 2 × DATABASE_POOL_MAX (each request also spends time in
 * Redis and Node outside its transaction), queued 4 × DATABASE_POOL_MAX, waiting at most
 * API_QUEUE_TIMEOUT_MS.
 */
export const ADMISSION_ENV = {
  API_MAX_IN_FLIGHT: z.coerce.number().int().min(1).max(10_000).optional(),
  API_MAX_QUEUED: z.coerce.number().int().min(0).max(100_000).optional(),
  API_QUEUE_TIMEOUT_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
  /** the sign-in lane (password checks): unset, as many in flight as the process has CPUs (at most 4, libuv's default thread pool) */
  API_SIGN_IN_MAX_IN_FLIGHT: z.coerce.number().int().min(1).max(1_000).optional(),
  /** unset: 16 × the sign-in lane's in-flight bound */
  API_SIGN_IN_MAX_QUEUED: z.coerce.number().int().min(0).max(10_000).optional(),
  /** how long a sign-in may wait for a password check (longer than the API's: a person signing in waits a few seconds, and a refusal makes them try again) */
  API_SIGN_IN_QUEUE_TIMEOUT_MS: z.coerce.number().int().min(0).max(60_000).default(5000),
};

export interface AdmissionConfig {
  DATABASE_POOL_MAX: number;
  API_MAX_IN_FLIGHT?: number | undefined;
  API_MAX_QUEUED?: number | undefined;
  API_QUEUE_TIMEOUT_MS: number;
  API_SIGN_IN_MAX_IN_FLIGHT?: number | undefined;
  API_SIGN_IN_MAX_QUEUED?: number | undefined;
  API_SIGN_IN_QUEUE_TIMEOUT_MS?: number | undefined;
}

/** The gate's bounds: what the environment set, else derived from the app pool's size. */
export function admissionLimits(config: AdmissionConfig): { maxInFlight: number; maxQueued: number; queueTimeoutMs: number } {
  return {
    maxInFlight: config.API_MAX_IN_FLIGHT ?? 2 * config.DATABASE_POOL_MAX,
    maxQueued: config.API_MAX_QUEUED ?? 4 * config.DATABASE_POOL_MAX,
    queueTimeoutMs: config.API_QUEUE_TIMEOUT_MS,
  };
}

/**
 * The sign-in lane's bounds: password checks (argon2id, ~19 MiB and tens of ms of CPU each,
 * run on libuv's pool of 4 threads) in flight at most `cpus` (≤ 4) unless set, queued 16 × that,
 * waiting at most API_SIGN_IN_QUEUE_TIMEOUT_MS (5 s): a burst of sign-ins is worked through
 * at the CPUs' pace rather than refused after the API's 1 s and retried in waves (measured with
 * bench:load at 200 users). `cpus`: the caller's os.availableParallelism() (this module reads
 * only the environment).
 */
export function signInAdmissionLimits(config: AdmissionConfig, cpus: number): { maxInFlight: number; maxQueued: number; queueTimeoutMs: number } {
  const maxInFlight = config.API_SIGN_IN_MAX_IN_FLIGHT ?? Math.max(1, Math.min(4, Math.floor(cpus)));
  return { maxInFlight, maxQueued: config.API_SIGN_IN_MAX_QUEUED ?? 16 * maxInFlight, queueTimeoutMs: config.API_SIGN_IN_QUEUE_TIMEOUT_MS ?? 5000 };
}

/**
 * Where the key-encryption key of envelope encryption lives (@rrnet/crypto: a data key
 * per ISP, wrapped by the KEK). `local`: KEKs from ENCRYPTION_KEYS, development and tests
 * only — production refuses it. `vault`: HashiCorp Vault Transit. `aws`: AWS KMS.
 * ENCRYPTION_KEYS also opens values written before envelope encryption (`k1:…`) until the
 * key_rotation job has moved them onto data keys; with vault/aws it is optional.
 * Tokens and credentials can come as files like every secret (`VAULT_TOKEN_FILE`,
 * `VAULT_SECRET_ID_FILE`, …). Vault authenticates with a static token or an AppRole.
 */
export const KMS_ENV = {
  KMS_PROVIDER: z.enum(['local', 'vault', 'aws']).default('local'),
  /** "id:base64key,…" (first current): the local KEKs, and the keys of values from before envelope encryption */
  ENCRYPTION_KEYS: z.string().min(10).optional(),
  VAULT_ADDR: z.url().optional(),
  VAULT_TOKEN: z.string().min(1).optional(),
  /** AppRole instead of a static token (what production should use): role id and secret id, the mount */
  VAULT_ROLE_ID: z.string().min(1).optional(),
  VAULT_SECRET_ID: z.string().min(1).optional(),
  VAULT_APPROLE_MOUNT: z.string().regex(/^[A-Za-z0-9_/-]{1,100}$/).default('approle'),
  VAULT_NAMESPACE: z.string().min(1).optional(),
  VAULT_TRANSIT_MOUNT: z.string().regex(/^[A-Za-z0-9_/-]{1,100}$/).default('transit'),
  VAULT_TRANSIT_KEY: z.string().regex(/^[A-Za-z0-9_.-]{1,100}$/).optional(),
  AWS_REGION: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'an AWS region, e.g. ap-southeast-3').optional(),
  /** key id, ARN or alias/… */
  AWS_KMS_KEY_ID: z.string().min(1).optional(),
  /** default https://kms.<region>.amazonaws.com */
  AWS_KMS_ENDPOINT: z.url().optional(),
  AWS_ACCESS_KEY_ID: z.string().min(1).optional(),
  AWS_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  AWS_SESSION_TOKEN: z.string().min(1).optional(),
};

export type KmsConfig = { [K in keyof typeof KMS_ENV]: z.infer<(typeof KMS_ENV)[K]> } & { NODE_ENV: z.infer<typeof NODE_ENV> };

function isLoopbackHttp(url: string): boolean {
  const u = new URL(url);
  return u.protocol === 'https:' || (u.protocol === 'http:' && (u.hostname === 'localhost' || u.hostname === '[::1]' || /^127\./.test(u.hostname)));
}

/** `.superRefine(kmsRule)`: the chosen provider's settings are present; production never uses the local KEKs. */
export function kmsRule(value: Record<string, unknown>, ctx: z.RefinementCtx): void {
  const provider = value.KMS_PROVIDER ?? 'local';
  const need = (keys: string[]) => {
    for (const key of keys) if (!value[key]) ctx.addIssue({ code: 'custom', path: [key], message: `required with KMS_PROVIDER=${String(provider)}` });
  };
  if (provider === 'local') {
    if (value.NODE_ENV === 'production') {
      ctx.addIssue({ code: 'custom', path: ['KMS_PROVIDER'], message: 'NODE_ENV=production keeps its key-encryption key in a KMS: set KMS_PROVIDER=vault or aws (local keys are for development)' });
    }
    need(['ENCRYPTION_KEYS']);
  } else if (provider === 'vault') {
    need(['VAULT_ADDR', 'VAULT_TRANSIT_KEY']);
    const appRole = Boolean(value.VAULT_ROLE_ID) || Boolean(value.VAULT_SECRET_ID);
    if (appRole) need(['VAULT_ROLE_ID', 'VAULT_SECRET_ID']);
    if (appRole && value.VAULT_TOKEN) ctx.addIssue({ code: 'custom', path: ['VAULT_TOKEN'], message: 'give either VAULT_TOKEN or an AppRole (VAULT_ROLE_ID and VAULT_SECRET_ID), not both' });
    if (!appRole && !value.VAULT_TOKEN) ctx.addIssue({ code: 'custom', path: ['VAULT_TOKEN'], message: `required with KMS_PROVIDER=vault, unless an AppRole is given (VAULT_ROLE_ID and VAULT_SECRET_ID)` });
  } else {
    need(['AWS_REGION', 'AWS_KMS_KEY_ID', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY']);
  }
  for (const key of ['VAULT_ADDR', 'AWS_KMS_ENDPOINT']) {
    const url = value[key];
    if (typeof url === 'string' && URL.canParse(url) && !isLoopbackHttp(url)) ctx.addIssue({ code: 'custom', path: [key], message: 'must be https (plain http only on loopback)' });
  }
}

/**
 * `.superRefine(externalHttpsRule([...]))`: with NODE_ENV=production the listed URLs of
 * external APIs (payment and WhatsApp gateways) must be https; plain http only to a
 * loopback address (a local simulator or agent). Development and tests are not limited.
 */
export function externalHttpsRule(keys: readonly string[]) {
  return (value: Record<string, unknown>, ctx: z.RefinementCtx): void => {
    if (value.NODE_ENV !== 'production') return;
    for (const key of keys) {
      const url = value[key];
      if (typeof url === 'string' && URL.canParse(url) && !isLoopbackHttp(url)) {
        ctx.addIssue({ code: 'custom', path: [key], message: 'NODE_ENV=production calls external APIs over https only (plain http only on loopback)' });
      }
    }
  };
}

/**
 * Plain http to routers (their REST API, password included): with NODE_ENV=production only
 * to a loopback address or inside a router's WireGuard tunnel; anywhere in development
 * and tests. Routers elsewhere use HTTPS, verified against the public CAs or the CA
 * certificate stored for the router (issue #19).
 */
export function routerPlainHttpPolicy(config: { NODE_ENV: z.infer<typeof NODE_ENV> }): 'allowed' | 'loopback_only' {
  return config.NODE_ENV === 'production' ? 'loopback_only' : 'allowed';
}
