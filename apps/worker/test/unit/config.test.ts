import { describe, expect, it } from 'vitest';
import { ConfigError } from '@rrnet/config';
import type { EnvSource } from '@rrnet/config';
import { loadWorkerConfig } from '../../src/config';

const FILE = new URL(import.meta.url).pathname;
const BASE: EnvSource = {
  NODE_ENV: 'production',
  APP_DATABASE_URL: 'postgres://rrnet_app@db.internal:5432/rrnet?sslmode=verify-full',
  SYSTEM_DATABASE_URL: 'postgres://rrnet_system@db.internal:5432/rrnet?sslmode=verify-full',
  KMS_PROVIDER: 'vault',
  VAULT_ADDR: 'https://vault.internal:8200',
  VAULT_TOKEN: 's.token',
  VAULT_TRANSIT_KEY: 'rrnet',
  UPSTASH_REDIS_REST_URL: 'https://bridge.internal:8079',
  UPSTASH_REDIS_REST_TOKEN: 't'.repeat(20),
};

describe('worker config: TLS', () => {
  it('refuses to start in production without sslmode=verify-full, naming the variable', () => {
    let error: unknown;
    try {
      loadWorkerConfig({
        ...BASE,
        SYSTEM_DATABASE_URL: 'postgres://rrnet_system@db.internal/rrnet',
      });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      expect.stringMatching(/^SYSTEM_DATABASE_URL: invalid \(NODE_ENV=production requires TLS/),
    ]);
  });

  it('merges DATABASE_SSL_*_FILE into both URLs as libpq parameters, leaving a URL that names its own', () => {
    const own = `${BASE.APP_DATABASE_URL}&sslrootcert=${encodeURIComponent(FILE)}`;
    const config = loadWorkerConfig({
      ...BASE,
      APP_DATABASE_URL: own,
      DATABASE_SSL_CA_FILE: FILE,
      DATABASE_SSL_CERT_FILE: FILE,
      DATABASE_SSL_KEY_FILE: FILE,
    });
    const app = new URL(config.APP_DATABASE_URL).searchParams;
    const system = new URL(config.SYSTEM_DATABASE_URL).searchParams;
    expect([
      app.get('sslmode'),
      app.get('sslrootcert'),
      app.getAll('sslrootcert').length,
      app.get('sslcert'),
      app.get('sslkey'),
    ]).toEqual(['verify-full', FILE, 1, FILE, FILE]);
    expect([
      system.get('sslmode'),
      system.get('sslrootcert'),
      system.get('sslcert'),
      system.get('sslkey'),
    ]).toEqual(['verify-full', FILE, FILE, FILE]);
  });

  it('leaves the URLs untouched without TLS files (development)', () => {
    const url = 'postgres://rrnet_app@127.0.0.1:5432/rrnet';
    expect(
      loadWorkerConfig({ ...BASE, NODE_ENV: 'development', APP_DATABASE_URL: url })
        .APP_DATABASE_URL,
    ).toBe(url);
  });
});

describe('worker config: external APIs', () => {
  const problemsOf = (env: EnvSource): string[] => {
    try {
      loadWorkerConfig(env);
      return [];
    } catch (err) {
      if (err instanceof ConfigError) return err.problems;
      throw err;
    }
  };

  it('calls the WhatsApp gateways over https only in production (plain http on loopback, e.g. the simulator)', () => {
    expect(problemsOf({ ...BASE, WA_CLOUD_BASE_URL: 'http://graph.example.com', WA_FONNTE_BASE_URL: 'https://api.fonnte.com' })).toEqual([
      expect.stringMatching(/^WA_CLOUD_BASE_URL: invalid \(NODE_ENV=production calls external APIs over https only/),
    ]);
    expect(problemsOf({ ...BASE, WA_CLOUD_BASE_URL: 'http://127.0.0.1:8790', WA_FONNTE_BASE_URL: 'http://localhost:8790' })).toEqual([]);
    expect(problemsOf({ ...BASE, NODE_ENV: 'development', WA_CLOUD_BASE_URL: 'http://graph.example.com' })).toEqual([]);
  });
});
