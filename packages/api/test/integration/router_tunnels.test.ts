/**
 * Router tunnels through the procedures: without a tunnel endpoint on the platform the
 * router says so and turning it on answers FEATURE_DISABLED; with one, an operator
 * turns a router's tunnel on, reads the commands to paste (validated by the output
 * schema) and turns it off; a viewer may not read the commands (they hold the key).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tunnelSettings } from '@rrnet/core/network/tunnels';
import { generateWireguardKeyPair } from '@rrnet/crypto';
import { outcome, startHarness } from './api_harness';
import type { Harness } from './api_harness';

let h: Harness;
let owner: string;
let viewer: string;
let routerId: string;

beforeAll(async () => {
  h = await startHarness();
  owner = (await h.login('owner@sinarnet.demo')).access_token;
  viewer = (await h.login('viewer@sinarnet.demo')).access_token;
  routerId = (await h.call(owner).network.routers.list())[0]!.id;
});
afterAll(async () => h?.close());

describe('router tunnel procedures', () => {
  it('without an endpoint: not configured, and turning it on is refused: the platform does not offer it', async () => {
    expect(await h.call(owner).network.routers.tunnel({ id: routerId })).toMatchObject({ enabled: false, configured: false, commands: [] });
    expect(await outcome(h.call(owner).network.routers.enableTunnel({ id: routerId }))).toBe('FEATURE_DISABLED');
  });

  it('with an endpoint: on, the commands to paste, off', async () => {
    h.services.network.tunnel = tunnelSettings({ network: '10.200.0.0/16', blockPrefix: 24, endpoint: 'vpn.rrnet.example:51820', publicKey: generateWireguardKeyPair().publicKey });
    try {
      const on = await h.call(owner).network.routers.enableTunnel({ id: routerId });
      expect(on).toMatchObject({ enabled: true, configured: true, reachability: 'unknown', address: expect.stringMatching(/^10\.200\.\d+\.1$/) });
      expect(on.commands).toHaveLength(5);
      expect(on.commands[2]).toBe(`/ip address add address=${on.address}/16 interface=rrnet-tunnel comment="RRNet tunnel"`);
      expect(await h.call(owner).network.routers.tunnel({ id: routerId })).toEqual(on);
      expect(await outcome(h.call(viewer).network.routers.tunnel({ id: routerId }))).toBe('FORBIDDEN');
      expect(await h.call(owner).network.routers.disableTunnel({ id: routerId })).toEqual({ id: routerId, enabled: false });
      expect(await h.call(owner).network.routers.tunnel({ id: routerId })).toMatchObject({ enabled: false, configured: true });
    } finally {
      delete h.services.network.tunnel;
    }
  });
});
