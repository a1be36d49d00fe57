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
  ENCRYPTION_KEYS: 'k1:aaaaaaaaaaaaaaaa',
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
