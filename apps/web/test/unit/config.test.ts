import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '@rrnet/config';
import type { EnvSource } from '@rrnet/config';
import { webConfigSchema } from '../../src/config';

// any readable file stands in for a PEM here: the schema checks presence, the TLS tests the content
const FILE = fileURLToPath(import.meta.url);
const VERIFIED = 'postgres://rrnet_app@db.internal:5432/rrnet?sslmode=verify-full';
const BASE: EnvSource = {
  NODE_ENV: 'production',
  APP_DATABASE_URL: VERIFIED,
  SYSTEM_DATABASE_URL: VERIFIED.replace('rrnet_app', 'rrnet_system'),
  AUTH_SECRET: 'x'.repeat(40),
  KMS_PROVIDER: 'vault',
  VAULT_ADDR: 'https://vault.internal:8200',
  VAULT_TOKEN: 's.token',
  VAULT_TRANSIT_KEY: 'rrnet',
  UPSTASH_REDIS_REST_URL: 'https://bridge.internal:8079',
  UPSTASH_REDIS_REST_TOKEN: 't'.repeat(20),
};

const problems = (env: EnvSource): string[] => {
  try {
    loadConfig('web', webConfigSchema, env);
    return [];
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
};

describe('web config: TLS', () => {
  it('accepts production URLs with sslmode=verify-full', () => {
    expect(problems(BASE)).toEqual([]);
  });

  it('refuses to start in production when a database URL does not require verified TLS, naming the variable', () => {
    expect(
      problems({
        ...BASE,
        APP_DATABASE_URL: 'postgres://rrnet_app@db.internal/rrnet?sslmode=disable',
      }),
    ).toEqual([
      expect.stringMatching(
        /^APP_DATABASE_URL: invalid \(NODE_ENV=production requires TLS with certificate verification/,
      ),
    ]);
    expect(
      problems({
        ...BASE,
        SYSTEM_DATABASE_URL: 'postgres://rrnet_system@db.internal/rrnet?sslmode=require',
      }),
    ).toEqual([expect.stringMatching(/^SYSTEM_DATABASE_URL: invalid \(.*found sslmode=require/)]);
    // reported together with the other problems of the same start
    expect(
      problems({ ...BASE, APP_DATABASE_URL: 'postgres://a@b/c', AUTH_SECRET: 'short' }),
    ).toEqual([
      expect.stringMatching(/^AUTH_SECRET: invalid/),
      expect.stringMatching(/^APP_DATABASE_URL: invalid \(.*found no sslmode/),
    ]);
  });

  it('lets a production database on this machine (loopback, Unix socket) go without TLS', () => {
    expect(
      problems({
        ...BASE,
        APP_DATABASE_URL: 'postgres://rrnet_app@127.0.0.1:5432/rrnet',
        SYSTEM_DATABASE_URL: 'postgres://rrnet_system@[::1]/rrnet',
      }),
    ).toEqual([]);
    expect(
      problems({
        ...BASE,
        APP_DATABASE_URL: 'postgres://rrnet_app@localhost/rrnet?sslmode=disable',
      }),
    ).toEqual([]);
    expect(
      problems({ ...BASE, APP_DATABASE_URL: 'postgres://rrnet_app@%2Frun%2Fpostgresql/rrnet' }),
    ).toEqual([]);
    expect(
      problems({ ...BASE, APP_DATABASE_URL: 'postgres://rrnet_app@127.0.0.1.evil.example/rrnet' }),
    ).toEqual([
      expect.stringMatching(/^APP_DATABASE_URL: invalid \(NODE_ENV=production requires TLS/),
    ]);
  });

  it('keeps plain URLs in development and tests', () => {
    expect(
      problems({ ...BASE, NODE_ENV: 'development', APP_DATABASE_URL: 'postgres://a@127.0.0.1/c' }),
    ).toEqual([]);
    expect(
      problems({
        ...BASE,
        NODE_ENV: 'test',
        SYSTEM_DATABASE_URL: 'postgres://a@127.0.0.1/c?sslmode=disable',
      }),
    ).toEqual([]);
  });

  it('wants the internal mTLS files all together, and client certificate and key together', () => {
    expect(
      problems({
        ...BASE,
        INTERNAL_TLS_CERT_FILE: FILE,
        INTERNAL_TLS_KEY_FILE: FILE,
        INTERNAL_TLS_CA_FILE: FILE,
      }),
    ).toEqual([]);
    expect(problems({ ...BASE, INTERNAL_TLS_CERT_FILE: FILE })).toEqual([
      expect.stringMatching(/^INTERNAL_TLS_KEY_FILE: missing \(mTLS needs all of/),
      expect.stringMatching(/^INTERNAL_TLS_CA_FILE: missing \(mTLS needs all of/),
    ]);
    expect(problems({ ...BASE, DATABASE_SSL_CERT_FILE: FILE })).toEqual([
      expect.stringMatching(/^DATABASE_SSL_KEY_FILE: missing/),
    ]);
    expect(problems({ ...BASE, INTERNAL_TLS_CA_FILE: '/nonexistent/ca.crt' })).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^INTERNAL_TLS_CA_FILE: invalid \(file not found or not readable\)/),
      ]),
    );
  });
});

describe('web config: KMS', () => {
  it('refuses the local key provider in production, naming KMS_PROVIDER', () => {
    const found = problems({ ...BASE, KMS_PROVIDER: 'local', ENCRYPTION_KEYS: 'k1:aaaaaaaaaaaaaaaa' });
    expect(found).toEqual([expect.stringMatching(/^KMS_PROVIDER: invalid \(NODE_ENV=production keeps its key-encryption key in a KMS/)]);
    expect(problems({ ...BASE, NODE_ENV: 'development', KMS_PROVIDER: 'local', ENCRYPTION_KEYS: 'k1:aaaaaaaaaaaaaaaa' })).toEqual([]);
  });

  it('names the settings the chosen provider lacks', () => {
    expect(problems({ ...BASE, VAULT_TOKEN: undefined, VAULT_TRANSIT_KEY: undefined }).sort()).toEqual([
      expect.stringMatching(/^VAULT_TOKEN: missing \(required with KMS_PROVIDER=vault, unless an AppRole is given/),
      expect.stringMatching(/^VAULT_TRANSIT_KEY: missing \(required with KMS_PROVIDER=vault\)/),
    ]);
    // an AppRole instead of a token: both halves, and not both ways at once
    expect(problems({ ...BASE, VAULT_TOKEN: undefined, VAULT_ROLE_ID: 'rrnet-web', VAULT_SECRET_ID: 's3cret' })).toEqual([]);
    expect(problems({ ...BASE, VAULT_TOKEN: undefined, VAULT_ROLE_ID: 'rrnet-web' })).toEqual([expect.stringMatching(/^VAULT_SECRET_ID: missing/)]);
    expect(problems({ ...BASE, VAULT_ROLE_ID: 'rrnet-web', VAULT_SECRET_ID: 's3cret' })).toEqual([expect.stringMatching(/^VAULT_TOKEN: invalid \(give either VAULT_TOKEN or an AppRole/)]);
    const aws = { ...BASE, KMS_PROVIDER: 'aws', VAULT_ADDR: undefined, VAULT_TOKEN: undefined, VAULT_TRANSIT_KEY: undefined };
    expect(problems({ ...aws, AWS_REGION: 'ap-southeast-3', AWS_KMS_KEY_ID: 'alias/rrnet', AWS_ACCESS_KEY_ID: 'AKIA', AWS_SECRET_ACCESS_KEY: 's' })).toEqual([]);
    expect(problems({ ...aws, AWS_REGION: 'ap-southeast-3', AWS_KMS_KEY_ID: 'alias/rrnet' })).toEqual([
      expect.stringMatching(/^AWS_ACCESS_KEY_ID: missing/),
      expect.stringMatching(/^AWS_SECRET_ACCESS_KEY: missing/),
    ]);
    expect(problems({ ...BASE, KMS_PROVIDER: 'local', NODE_ENV: 'development' })).toEqual([expect.stringMatching(/^ENCRYPTION_KEYS: missing/)]);
  });

  it('wants https to the KMS except on loopback, and reads the token from a file', () => {
    expect(problems({ ...BASE, VAULT_ADDR: 'http://vault.internal:8200' })).toEqual([expect.stringMatching(/^VAULT_ADDR: invalid \(must be https/)]);
    expect(problems({ ...BASE, VAULT_ADDR: 'http://127.0.0.1:8200' })).toEqual([]);
    const config = loadConfig('web', webConfigSchema, { ...BASE, VAULT_TOKEN: undefined, VAULT_TOKEN_FILE: '/run/secrets/vault_token' }, () => 's.from-file\n');
    expect(config.VAULT_TOKEN).toBe('s.from-file');
  });
});

describe('web config: Redis', () => {
  const { UPSTASH_REDIS_REST_URL: _url, UPSTASH_REDIS_REST_TOKEN: _token, ...noRedis } = BASE;

  it('takes a redis:// URL (RESP in-process) without an Upstash endpoint', () => {
    expect(problems({ ...noRedis, REDIS_URL: 'redis://redis.internal:6379' })).toEqual([]);
  });

  it('refuses to start with neither REDIS_URL nor a whole Upstash endpoint, naming what is missing', () => {
    expect(problems(noRedis)).toEqual([
      expect.stringMatching(/^UPSTASH_REDIS_REST_URL: missing \(set REDIS_URL/),
      expect.stringMatching(/^UPSTASH_REDIS_REST_TOKEN: missing \(set REDIS_URL/),
    ]);
    expect(problems({ ...noRedis, UPSTASH_REDIS_REST_URL: 'https://x.upstash.io' })).toEqual([
      expect.stringMatching(/^UPSTASH_REDIS_REST_TOKEN: missing/),
    ]);
    expect(problems({ ...noRedis, REDIS_URL: 'http://redis.internal:6379' })).toEqual([
      expect.stringMatching(/^REDIS_URL: invalid/),
    ]);
  });
});

describe('web config: the bench routes', () => {
  it('BENCH_ROUTES needs a BENCH_TOKEN of 32 characters or more', () => {
    expect(problems({ ...BASE, BENCH_ROUTES: 'true' })).toEqual([expect.stringMatching(/^BENCH_TOKEN: .*BENCH_ROUTES needs BENCH_TOKEN/)]);
    expect(problems({ ...BASE, BENCH_ROUTES: 'true', BENCH_TOKEN: 'short' })).toEqual([expect.stringMatching(/^BENCH_TOKEN: /)]);
    expect(problems({ ...BASE, BENCH_ROUTES: 'true', BENCH_TOKEN: 'b'.repeat(48) })).toEqual([]);
    expect(problems(BASE)).toEqual([]);
  });
});
