import { describe, expect, it } from 'vitest';
import {
  blockAddress,
  blockCidr,
  blockCount,
  endpointFirewall,
  endpointWgConfig,
  hostsPerBlock,
  ipv4ToNumber,
  locateAddress,
  nextRouterAddress,
  numberToIpv4,
  parseTunnelNetwork,
  parseWgDump,
  platformAddress,
  routerOsTunnelCommands,
  tenantBlockCandidates,
  tunnelReachability,
} from '../../src/network/tunnel_rules';

const net = parseTunnelNetwork('10.200.0.0/16', 24);
const KEY_A = 'GCy+TgbPQrko30+vFhedfEwvOZHzOuGli/jKx8QjEGk=';
const KEY_B = 'OvEWs+dipUdFMozrDqiXGs3OTCSQQUP4aBMwLqq4akQ=';

describe('the platform range', () => {
  it('round-trips IPv4 numbers and refuses what is not an address', () => {
    expect(numberToIpv4(ipv4ToNumber('10.200.3.254'))).toBe('10.200.3.254');
    expect(ipv4ToNumber('255.255.255.255')).toBe(2 ** 32 - 1);
    expect(() => ipv4ToNumber('10.200.3.256')).toThrow(/IPv4/);
    expect(() => ipv4ToNumber('10.200.3')).toThrow(/IPv4/);
  });

  it('splits 10.200.0.0/16 into 256 blocks of /24 with 254 routers each; block 0 is the platform', () => {
    expect(blockCount(net)).toBe(256);
    expect(hostsPerBlock(net)).toBe(254);
    expect(platformAddress(net)).toBe('10.200.0.1');
    expect(blockCidr(net, 0)).toBe('10.200.0.0/24');
    expect(blockCidr(net, 255)).toBe('10.200.255.0/24');
    expect(blockAddress(net, 7, 1)).toBe('10.200.7.1');
    expect(blockAddress(net, 7, 254)).toBe('10.200.7.254');
    expect(() => blockCidr(net, 256)).toThrow(/no block/);
    expect(() => blockAddress(net, 7, 255)).toThrow(/no host/);
    expect(() => blockAddress(net, 7, 0)).toThrow(/no host/);
  });

  it('refuses ranges that are not CIDR boundaries or blocks not inside them', () => {
    expect(() => parseTunnelNetwork('10.200.1.0/16', 24)).toThrow(/boundary/);
    expect(() => parseTunnelNetwork('10.200.0.0/16', 16)).toThrow(/block prefix/);
    expect(() => parseTunnelNetwork('10.200.0.0/16', 31)).toThrow(/block prefix/);
    expect(() => parseTunnelNetwork('10.200.0.0', 24)).toThrow(/CIDR/);
    expect(parseTunnelNetwork('10.213.0.0/20', 26)).toEqual({ base: ipv4ToNumber('10.213.0.0'), prefix: 20, blockPrefix: 26 });
  });

  it('locates an address in its block, and nothing outside the range', () => {
    expect(locateAddress(net, '10.200.7.3')).toEqual({ block: 7, host: 3 });
    expect(locateAddress(net, '10.201.0.1')).toBeNull();
    expect(locateAddress(net, '10.199.255.255')).toBeNull();
  });
});

describe('allocation', () => {
  it('tries every tenant block once, never the platform block, from a start fixed by the tenant id', () => {
    const tenant = '7d1c9a57-2b1e-4a51-9a0e-3f1f0c6b2d11';
    const order = tenantBlockCandidates(net, tenant);
    expect(order).toHaveLength(255);
    expect(new Set(order).size).toBe(255);
    expect(order).not.toContain(0);
    expect(Math.min(...order)).toBe(1);
    expect(Math.max(...order)).toBe(255);
    expect(tenantBlockCandidates(net, tenant)).toEqual(order);
    // consecutive: the next candidate is the next block, wrapping past 255 to 1
    for (let i = 1; i < order.length; i++) expect(order[i]).toBe(order[i - 1] === 255 ? 1 : order[i - 1]! + 1);
    const starts = new Set(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((t) => tenantBlockCandidates(net, `tenant-${t}`)[0]));
    expect(starts.size).toBeGreaterThan(4);
  });

  it('gives a router the lowest free address of its block, ignoring addresses of other blocks', () => {
    expect(nextRouterAddress(net, 5, [])).toBe('10.200.5.1');
    expect(nextRouterAddress(net, 5, ['10.200.5.1', '10.200.5.3', '10.200.6.2'])).toBe('10.200.5.2');
    expect(nextRouterAddress(net, 5, ['10.200.5.1', '10.200.5.2'])).toBe('10.200.5.3');
    const small = parseTunnelNetwork('10.213.0.0/24', 30);
    expect(hostsPerBlock(small)).toBe(2);
    expect(nextRouterAddress(small, 1, ['10.213.0.5', '10.213.0.6'])).toBeNull();
  });
});

describe('what is configured', () => {
  it('the RouterOS v7 commands: interface, platform peer with keepalive, address, REST API from the tunnel only', () => {
    const commands = routerOsTunnelCommands({
      routerPrivateKey: KEY_A,
      routerAddress: '10.200.5.2',
      net,
      platformPublicKey: KEY_B,
      endpointHost: 'vpn.rrnet.example',
      endpointPort: 51820,
      apiPort: 443,
    });
    expect(commands).toEqual([
      `/interface wireguard add name=rrnet-tunnel private-key="${KEY_A}" comment="RRNet tunnel"`,
      `/interface wireguard peers add interface=rrnet-tunnel public-key="${KEY_B}" endpoint-address=vpn.rrnet.example endpoint-port=51820 allowed-address=10.200.0.1/32 persistent-keepalive=25s comment="RRNet platform"`,
      '/ip address add address=10.200.5.2/16 interface=rrnet-tunnel comment="RRNet tunnel"',
      '/ip firewall filter add chain=input action=accept protocol=tcp dst-port=443 in-interface=rrnet-tunnel src-address=10.200.0.1 comment="RRNet: REST API from the tunnel"',
      '/ip firewall filter add chain=input action=drop protocol=tcp dst-port=443 comment="RRNet: REST API only from the tunnel"',
    ]);
  });

  it('the endpoint wg config: one peer per router, allowed exactly its /32, in address order', () => {
    expect(endpointWgConfig(KEY_A, 51820, [{ publicKey: KEY_B, address: '10.200.9.1' }, { publicKey: KEY_A, address: '10.200.5.1' }])).toBe(
      [`[Interface]`, `PrivateKey = ${KEY_A}`, 'ListenPort = 51820', '', '[Peer]', `PublicKey = ${KEY_A}`, 'AllowedIPs = 10.200.5.1/32', '', '[Peer]', `PublicKey = ${KEY_B}`, 'AllowedIPs = 10.200.9.1/32', ''].join('\n'),
    );
    expect(endpointWgConfig(KEY_A, 51820, [])).toBe(`[Interface]\nPrivateKey = ${KEY_A}\nListenPort = 51820\n`);
  });

  it('the endpoint firewall: replaced atomically, same-ISP forwarding per block, everything else from the tunnel dropped', () => {
    const rules = endpointFirewall('rrnet0', net, [9, 5, 5]);
    const lines = rules.split('\n');
    expect(lines.slice(0, 3)).toEqual(['table inet rrnet_tunnel', 'delete table inet rrnet_tunnel', 'table inet rrnet_tunnel {']);
    const forward = lines.slice(lines.indexOf('  chain forward {'), lines.indexOf('  chain input {'));
    expect(forward.map((l) => l.trim())).toEqual([
      'chain forward {',
      'type filter hook forward priority filter; policy accept;',
      'iifname "rrnet0" ct state established,related accept',
      'iifname "rrnet0" oifname "rrnet0" ip saddr 10.200.5.0/24 ip daddr 10.200.5.0/24 accept',
      'iifname "rrnet0" oifname "rrnet0" ip saddr 10.200.9.0/24 ip daddr 10.200.9.0/24 accept',
      'iifname "rrnet0" drop',
      '}',
    ]);
    expect(rules).toContain('    iifname "rrnet0" drop\n  }\n  chain postrouting');
    expect(rules).toContain('oifname "rrnet0" ip saddr != 10.200.0.0/16 snat ip to 10.200.0.1');
    // no tenant yet: nothing is forwarded between routers at all
    expect(endpointFirewall('rrnet0', net, [])).not.toContain('ip daddr');
  });
});

describe('what the endpoint reports', () => {
  it('parses wg show dump: the interface line skipped, never-handshaken peers without a date', () => {
    const dump = [
      `${KEY_A}\t${KEY_B}\t51820\toff`,
      `${KEY_B}\t(none)\t198.18.1.2:40000\t10.200.5.1/32\t1764630000\t1240\t3320\t25`,
      `${KEY_A}\t(none)\t(none)\t10.200.5.2/32,10.200.5.3/32\t0\t0\t0\toff`,
      '',
    ].join('\n');
    expect(parseWgDump(dump)).toEqual([
      { publicKey: KEY_B, endpoint: '198.18.1.2:40000', allowedIps: ['10.200.5.1/32'], latestHandshakeAt: new Date(1764630000 * 1000), rxBytes: 1240, txBytes: 3320 },
      { publicKey: KEY_A, endpoint: null, allowedIps: ['10.200.5.2/32', '10.200.5.3/32'], latestHandshakeAt: null, rxBytes: 0, txBytes: 0 },
    ]);
    expect(parseWgDump(`${KEY_A}\t${KEY_B}\t51820\toff\n`)).toEqual([]);
    expect(() => parseWgDump(`${KEY_A}\t${KEY_B}\t51820\toff\nbroken line`)).toThrow(/unexpected/);
  });

  it('reachability from the handshake age: up within 180 s, down after, never, unknown without a report', () => {
    const now = new Date('2026-03-01T10:00:00Z');
    const ago = (s: number) => ({ latestHandshakeAt: new Date(now.getTime() - s * 1000) });
    expect(tunnelReachability(ago(0), now)).toEqual({ state: 'up', handshake_age_seconds: 0 });
    expect(tunnelReachability(ago(180), now)).toEqual({ state: 'up', handshake_age_seconds: 180 });
    expect(tunnelReachability(ago(181), now)).toEqual({ state: 'down', handshake_age_seconds: 181 });
    expect(tunnelReachability({ latestHandshakeAt: null }, now)).toEqual({ state: 'never', handshake_age_seconds: null });
    expect(tunnelReachability(null, now)).toEqual({ state: 'unknown', handshake_age_seconds: null });
    // a clock slightly behind the endpoint's: not a negative age
    expect(tunnelReachability(ago(-2), now).handshake_age_seconds).toBe(0);
  });
});
