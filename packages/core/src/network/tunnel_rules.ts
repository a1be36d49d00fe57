/**
 * Router tunnels (routers behind NAT reached over WireGuard), the pure part: how the
 * platform range is split into one block per ISP, which address a router gets, the
 * RouterOS v7 commands an operator pastes, the endpoint's WireGuard configuration and
 * firewall (nftables: one ISP's routers never reach another's), reading `wg show dump`
 * and what a handshake's age says about reachability. Values in, decisions out.
 *
 * The platform range (e.g. 10.200.0.0/16) is cut into blocks of `blockPrefix` (e.g. /24).
 * Block 0 is the platform's: its first address is the endpoint (10.200.0.1). Every other
 * block belongs to at most one ISP (a database exclusion constraint holds that across
 * tenants); routers get the block's addresses from .1 up.
 */

export interface TunnelNetwork {
  /** first address of the range, as an unsigned 32-bit number */
  base: number;
  prefix: number;
  blockPrefix: number;
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

export function ipv4ToNumber(ip: string): number {
  const m = IPV4.exec(ip);
  if (!m) throw new Error(`not an IPv4 address: ${ip}`);
  const octets = m.slice(1).map(Number);
  if (octets.some((o) => o > 255)) throw new Error(`not an IPv4 address: ${ip}`);
  return octets.reduce((n, o) => n * 256 + o, 0);
}

export function numberToIpv4(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

/** Parses "10.200.0.0/16" with blocks of /`blockPrefix`; the range must start on its boundary. */
export function parseTunnelNetwork(cidr: string, blockPrefix: number): TunnelNetwork {
  const [ip, bits] = cidr.split('/');
  const prefix = Number(bits);
  if (!ip || !Number.isInteger(prefix) || prefix < 8 || prefix > 28) throw new Error(`tunnel network must be an IPv4 CIDR from /8 to /28: ${cidr}`);
  if (!Number.isInteger(blockPrefix) || blockPrefix <= prefix || blockPrefix > 30) throw new Error(`tunnel block prefix must be longer than /${prefix} and at most /30: ${blockPrefix}`);
  const base = ipv4ToNumber(ip);
  if (base % 2 ** (32 - prefix) !== 0) throw new Error(`tunnel network ${cidr} does not start on its /${prefix} boundary`);
  return { base, prefix, blockPrefix };
}

export const blockCount = (net: TunnelNetwork) => 2 ** (net.blockPrefix - net.prefix);
const blockSize = (net: TunnelNetwork) => 2 ** (32 - net.blockPrefix);
/** addresses a router may take in one block (network and broadcast excluded) */
export const hostsPerBlock = (net: TunnelNetwork) => blockSize(net) - 2;

export const networkCidr = (net: TunnelNetwork) => `${numberToIpv4(net.base)}/${net.prefix}`;
export const platformAddress = (net: TunnelNetwork) => numberToIpv4(net.base + 1);

export function blockCidr(net: TunnelNetwork, block: number): string {
  if (!Number.isInteger(block) || block < 0 || block >= blockCount(net)) throw new Error(`no block ${block} in ${networkCidr(net)}`);
  return `${numberToIpv4(net.base + block * blockSize(net))}/${net.blockPrefix}`;
}

/** The address of host `host` (1…hostsPerBlock) of `block`. */
export function blockAddress(net: TunnelNetwork, block: number, host: number): string {
  blockCidr(net, block);
  if (!Number.isInteger(host) || host < 1 || host > hostsPerBlock(net)) throw new Error(`no host ${host} in a /${net.blockPrefix}`);
  return numberToIpv4(net.base + block * blockSize(net) + host);
}

/** Which block and host an address of the range is, or null when it is outside. */
export function locateAddress(net: TunnelNetwork, address: string): { block: number; host: number } | null {
  const offset = ipv4ToNumber(address) - net.base;
  if (offset < 0 || offset >= 2 ** (32 - net.prefix)) return null;
  return { block: Math.floor(offset / blockSize(net)), host: offset % blockSize(net) };
}

/** FNV-1a of the tenant id: where the tenant's search for a free block starts. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/**
 * The blocks to try for a tenant that has none yet, in order: every tenant block (1…n-1,
 * never the platform's block 0) once, starting at a point derived from the tenant id, so
 * tenants arriving together rarely try the same block first. The database decides: the
 * first candidate no other tenant holds (the exclusion constraint refuses the others).
 */
export function tenantBlockCandidates(net: TunnelNetwork, tenantId: string): number[] {
  const tenantBlocks = blockCount(net) - 1;
  const start = fnv1a(tenantId) % tenantBlocks;
  return Array.from({ length: tenantBlocks }, (_, i) => 1 + ((start + i) % tenantBlocks));
}

/** The lowest free host of the tenant's block, given the addresses its routers already have; null when full. */
export function nextRouterAddress(net: TunnelNetwork, block: number, taken: readonly string[]): string | null {
  const used = new Set(taken.map((a) => locateAddress(net, a)).filter((l) => l?.block === block).map((l) => l!.host));
  for (let host = 1; host <= hostsPerBlock(net); host++) if (!used.has(host)) return blockAddress(net, block, host);
  return null;
}

/** RouterOS interface name the commands create. */
export const ROUTER_TUNNEL_INTERFACE = 'rrnet-tunnel';
/** what a router sends to keep its NAT mapping open (the 25 s) */
export const PERSISTENT_KEEPALIVE_SECONDS = 25;

export interface RouterTunnelCommandsInput {
  routerPrivateKey: string;
  routerAddress: string;
  net: TunnelNetwork;
  platformPublicKey: string;
  /** where routers dial the platform: host name or address, and UDP port */
  endpointHost: string;
  endpointPort: number;
  /** the router's REST API port (www-ssl 443 / www 80, or what the router says) */
  apiPort: number;
}

const quote = (s: string) => `"${s.replace(/["\\]/g, '\\$&')}"`;

/** The RouterOS v7 commands that bring a router into RRNet's tunnel, one per line, to paste in a terminal. */
export function routerOsTunnelCommands(input: RouterTunnelCommandsInput): string[] {
  const platform = platformAddress(input.net);
  const ifname = ROUTER_TUNNEL_INTERFACE;
  return [
    `/interface wireguard add name=${ifname} private-key=${quote(input.routerPrivateKey)} comment=${quote('RRNet tunnel')}`,
    `/interface wireguard peers add interface=${ifname} public-key=${quote(input.platformPublicKey)} endpoint-address=${input.endpointHost} endpoint-port=${input.endpointPort} allowed-address=${platform}/32 persistent-keepalive=${PERSISTENT_KEEPALIVE_SECONDS}s comment=${quote('RRNet platform')}`,
    `/ip address add address=${input.routerAddress}/${input.net.prefix} interface=${ifname} comment=${quote('RRNet tunnel')}`,
    `/ip firewall filter add chain=input action=accept protocol=tcp dst-port=${input.apiPort} in-interface=${ifname} src-address=${platform} comment=${quote('RRNet: REST API from the tunnel')}`,
    `/ip firewall filter add chain=input action=drop protocol=tcp dst-port=${input.apiPort} comment=${quote('RRNet: REST API only from the tunnel')}`,
  ];
}

export interface EndpointPeer {
  publicKey: string;
  /** the router's tunnel address (allowed-ips is exactly this /32) */
  address: string;
}

/** The endpoint's configuration in `wg setconf` / `wg syncconf` form (no Address: `ip` sets that). */
export function endpointWgConfig(privateKey: string, listenPort: number, peers: readonly EndpointPeer[]): string {
  const lines = ['[Interface]', `PrivateKey = ${privateKey}`, `ListenPort = ${listenPort}`];
  for (const p of [...peers].sort((a, b) => a.address.localeCompare(b.address))) lines.push('', '[Peer]', `PublicKey = ${p.publicKey}`, `AllowedIPs = ${p.address}/32`);
  return `${lines.join('\n')}\n`;
}

export const ENDPOINT_NFT_TABLE = 'rrnet_tunnel';

/**
 * The endpoint's nftables ruleset (`nft -f`), replacing any earlier one atomically:
 * - forward: from the tunnel only replies, and new traffic between two routers of the
 *   same ISP block; one ISP's routers never reach another's, nor anything behind the endpoint;
 * - input: from the tunnel only replies and ping: routers open nothing on the endpoint;
 * - postrouting: traffic that RRNet's hosts send into the tunnel from outside the range
 *   leaves with the platform address, the one source every router accepts.
 */
export function endpointFirewall(interfaceName: string, net: TunnelNetwork, tenantBlocks: readonly number[]): string {
  const iif = `iifname ${quote(interfaceName)}`;
  const oif = `oifname ${quote(interfaceName)}`;
  const range = networkCidr(net);
  const blocks = [...new Set(tenantBlocks)].sort((a, b) => a - b).map((b) => blockCidr(net, b));
  return [
    `table inet ${ENDPOINT_NFT_TABLE}`,
    `delete table inet ${ENDPOINT_NFT_TABLE}`,
    `table inet ${ENDPOINT_NFT_TABLE} {`,
    '  chain forward {',
    '    type filter hook forward priority filter; policy accept;',
    `    ${iif} ct state established,related accept`,
    ...blocks.map((b) => `    ${iif} ${oif} ip saddr ${b} ip daddr ${b} accept`),
    `    ${iif} drop`,
    '  }',
    '  chain input {',
    '    type filter hook input priority filter; policy accept;',
    `    ${iif} ct state established,related accept`,
    `    ${iif} icmp type echo-request accept`,
    `    ${iif} drop`,
    '  }',
    '  chain postrouting {',
    '    type nat hook postrouting priority srcnat; policy accept;',
    `    ${oif} ip saddr != ${range} snat ip to ${platformAddress(net)}`,
    '  }',
    '}',
    '',
  ].join('\n');
}

export interface DumpPeer {
  publicKey: string;
  endpoint: string | null;
  allowedIps: string[];
  /** null: never */
  latestHandshakeAt: Date | null;
  rxBytes: number;
  txBytes: number;
}

/** Peers of `wg show <if> dump` (the first line is the interface itself). */
export function parseWgDump(dump: string): DumpPeer[] {
  const lines = dump.split('\n').filter((l) => l.trim() !== '');
  return lines.slice(1).map((line) => {
    const [publicKey, , endpoint, allowed, handshake, rx, tx] = line.split('\t');
    if (!publicKey || tx === undefined) throw new Error(`unexpected wg dump line: ${line}`);
    const seconds = Number(handshake);
    return {
      publicKey,
      endpoint: endpoint === '(none)' ? null : endpoint!,
      allowedIps: allowed === '(none)' ? [] : allowed!.split(','),
      latestHandshakeAt: seconds > 0 ? new Date(seconds * 1000) : null,
      rxBytes: Number(rx),
      txBytes: Number(tx),
    };
  });
}

/**
 * A live peer with keepalives handshakes at least every 2 minutes (WireGuard's
 * REKEY_AFTER_TIME); after 180 s (REJECT_AFTER_TIME) without one its session is gone.
 */
export const HANDSHAKE_FRESH_SECONDS = 180;

export type TunnelReachability = 'up' | 'down' | 'never' | 'unknown';

/**
 * What the endpoint's last report says: `unknown` without a report (no endpoint running,
 * or it has not reported yet), `never` before the first handshake, `up` within 180 s of
 * the last one, `down` after.
 */
export function tunnelReachability(report: { latestHandshakeAt: Date | null } | null, now: Date): { state: TunnelReachability; handshake_age_seconds: number | null } {
  if (!report) return { state: 'unknown', handshake_age_seconds: null };
  if (!report.latestHandshakeAt) return { state: 'never', handshake_age_seconds: null };
  const age = Math.max(0, Math.round((now.getTime() - report.latestHandshakeAt.getTime()) / 1000));
  return { state: age <= HANDSHAKE_FRESH_SECONDS ? 'up' : 'down', handshake_age_seconds: age };
}
