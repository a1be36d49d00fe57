import { describe, expect, it } from 'vitest';
import { loadConfig } from '@rrnet/config';
import type { ConfigError } from '@rrnet/config';
import { workerConfigSchema } from '../../src/config';

const BASE = {
  APP_DATABASE_URL: 'postgres://app@127.0.0.1/rrnet',
  SYSTEM_DATABASE_URL: 'postgres://system@127.0.0.1/rrnet',
  ENCRYPTION_KEYS: 'k1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=',
  UPSTASH_REDIS_REST_URL: 'http://127.0.0.1:8079',
  UPSTASH_REDIS_REST_TOKEN: 'bridge-token-0123456789',
};

describe('tunnel configuration of the worker', () => {
  it('runs no endpoint by default (npm start sets none of it)', () => {
    const config = loadConfig('worker', workerConfigSchema, BASE);
    expect(config.TUNNEL_PRIVATE_KEY).toBeUndefined();
    expect(config).toMatchObject({ TUNNEL_INTERFACE: 'rrnet-wg0', TUNNEL_LISTEN_PORT: 51820, TUNNEL_NETWORK: '10.200.0.0/16', TUNNEL_BLOCK_PREFIX: 24, TUNNEL_WIREGUARD: 'auto', TUNNEL_SYNC_MS: 10_000 });
  });

  it('takes a WireGuard private key and names every bad tunnel variable at once', () => {
    const key = 'GCy+TgbPQrko30+vFhedfEwvOZHzOuGli/jKx8QjEGk=';
    expect(loadConfig('worker', workerConfigSchema, { ...BASE, TUNNEL_PRIVATE_KEY: key, TUNNEL_WIREGUARD: 'userspace' })).toMatchObject({ TUNNEL_PRIVATE_KEY: key, TUNNEL_WIREGUARD: 'userspace' });
    let problems: string[] = [];
    try {
      loadConfig('worker', workerConfigSchema, { ...BASE, TUNNEL_PRIVATE_KEY: 'short', TUNNEL_INTERFACE: 'much-too-long-interface', TUNNEL_NETWORK: '10.200.0.0' });
    } catch (err) {
      problems = (err as ConfigError).problems;
    }
    expect(problems.map((p) => p.split(':')[0]).sort()).toEqual(['TUNNEL_INTERFACE', 'TUNNEL_NETWORK', 'TUNNEL_PRIVATE_KEY']);
  });
});
