import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '@rrnet/config';
import { tunnelSettings } from '@rrnet/core/network/tunnels';
import { webConfigSchema } from '~/config';

const KEY = 'OvEWs+dipUdFMozrDqiXGs3OTCSQQUP4aBMwLqq4akQ=';
const BASE = {
  APP_DATABASE_URL: 'postgres://app@127.0.0.1/rrnet',
  SYSTEM_DATABASE_URL: 'postgres://system@127.0.0.1/rrnet',
  AUTH_SECRET: 'x'.repeat(32),
  ENCRYPTION_KEYS: 'k1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=',
  UPSTASH_REDIS_REST_URL: 'http://127.0.0.1:8079',
  UPSTASH_REDIS_REST_TOKEN: 'bridge-token-0123456789',
};
const problems = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
};

describe('tunnel configuration of the web', () => {
  it('is off by default (npm start sets none of it)', () => {
    const web = loadConfig('web', webConfigSchema, BASE);
    expect(web).toMatchObject({ TUNNEL_NETWORK: '10.200.0.0/16', TUNNEL_BLOCK_PREFIX: 24 });
    expect(web.TUNNEL_ENDPOINT).toBeUndefined();
    expect(web.TUNNEL_PUBLIC_KEY).toBeUndefined();
  });

  it('takes the endpoint and its public key together, and refuses what is not a WireGuard key', () => {
    const web = loadConfig('web', webConfigSchema, { ...BASE, TUNNEL_ENDPOINT: 'vpn.rrnet.example:51821', TUNNEL_PUBLIC_KEY: KEY });
    expect(web).toMatchObject({ TUNNEL_ENDPOINT: 'vpn.rrnet.example:51821', TUNNEL_PUBLIC_KEY: KEY });
    expect(problems(() => loadConfig('web', webConfigSchema, { ...BASE, TUNNEL_ENDPOINT: 'vpn.rrnet.example' }))).toEqual([expect.stringMatching(/^TUNNEL_PUBLIC_KEY: .*go together/)]);
    expect(problems(() => loadConfig('web', webConfigSchema, { ...BASE, TUNNEL_ENDPOINT: 'vpn', TUNNEL_PUBLIC_KEY: 'short' }))).toEqual([expect.stringMatching(/^TUNNEL_PUBLIC_KEY: invalid .*WireGuard key/)]);
  });

  it('turns the web config into tunnel settings: host, port (51820 by default), the range', () => {
    expect(tunnelSettings({ network: '10.200.0.0/16', blockPrefix: 24, endpoint: 'vpn.rrnet.example', publicKey: KEY })).toMatchObject({ endpointHost: 'vpn.rrnet.example', endpointPort: 51820, platformPublicKey: KEY, net: { prefix: 16, blockPrefix: 24 } });
    expect(tunnelSettings({ network: '10.200.0.0/16', blockPrefix: 24, endpoint: '203.0.113.9:443', publicKey: KEY })).toMatchObject({ endpointHost: '203.0.113.9', endpointPort: 443 });
    // RouterOS takes an IPv6 endpoint-address without brackets
    expect(tunnelSettings({ network: '10.200.0.0/16', blockPrefix: 24, endpoint: '[2001:db8::1]:51820', publicKey: KEY })).toMatchObject({ endpointHost: '2001:db8::1', endpointPort: 51820 });
    expect(() => tunnelSettings({ network: '10.200.0.0/16', blockPrefix: 24, endpoint: 'vpn:99999', publicKey: KEY })).toThrow(/port/);
    expect(() => tunnelSettings({ network: '10.200.0.0/16', blockPrefix: 24, endpoint: 'a:b:c', publicKey: KEY })).toThrow(/host\[:port\]/);
    expect(() => tunnelSettings({ network: '10.200.1.0/16', blockPrefix: 24, endpoint: 'vpn', publicKey: KEY })).toThrow(/boundary/);
  });
});
