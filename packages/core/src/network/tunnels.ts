/**
 * Router tunnels: a router behind NAT (CGNAT, a home line) dials RRNet's WireGuard
 * endpoint, and RRNet reaches its REST API at the router's tunnel address. Here:
 * putting a router into tunnel mode (the ISP's block, the router's address and keys,
 * private key encrypted like router passwords), taking it out, what the router page
 * shows (the RouterOS commands to paste and the tunnel's reachability), and the two
 * endpoint paths — which peers it must have (every tenant's, read as rrnet_system) and
 * the handshakes it saw (kept in Redis per tenant and router, like the live status).
 * The rules (allocation, commands, firewall) are in tunnel_rules.ts.
 */
import { sealSecret } from '../secrets/seal';
import { eq, isNotNull } from 'drizzle-orm';
import { AppError, serverMessage } from '@rrnet/contracts';
import type { RouterTunnel } from '@rrnet/contracts';
import { generateWireguardKeyPair } from '@rrnet/crypto';
import { tenantRouters } from '@rrnet/db/schema';
import type { Sql, TenantTx } from '@rrnet/db';
import { enqueue } from '@rrnet/jobs';
import { cacheKeys } from './services';
import type { NetworkServices } from './services';
import { blockCidr, locateAddress, nextRouterAddress, parseTunnelNetwork, routerOsTunnelCommands, tenantBlockCandidates, tunnelReachability } from './tunnel_rules';
import type { DumpPeer, TunnelNetwork } from './tunnel_rules';

/** What the web and API need to provision tunnels (from their config; absent: tunnels off). */
export interface TunnelSettings {
  net: TunnelNetwork;
  /** where routers dial: a host name or address */
  endpointHost: string;
  endpointPort: number;
  platformPublicKey: string;
}

/**
 * Settings from the web's config: the range, and where routers dial ("host:port"; the
 * port defaults to WireGuard's 51820). Throws on a range the rules refuse.
 */
export function tunnelSettings(input: { network: string; blockPrefix: number; endpoint: string; publicKey: string }): TunnelSettings {
  const m = /^(\[[^\]]+\]|[^:]+)(?::(\d{1,5}))?$/.exec(input.endpoint);
  if (!m) throw new Error(`TUNNEL_ENDPOINT must be host[:port]: ${input.endpoint}`);
  const port = m[2] ? Number(m[2]) : 51820;
  if (port < 1 || port > 65535) throw new Error(`TUNNEL_ENDPOINT port out of range: ${input.endpoint}`);
  return { net: parseTunnelNetwork(input.network, input.blockPrefix), endpointHost: m[1]!.replace(/^\[(.*)\]$/, '$1'), endpointPort: port, platformPublicKey: input.publicKey };
}

/** How long an endpoint report stays: a few sync intervals, so a stopped endpoint shows as `unknown`. */
export const TUNNEL_STATE_TTL_SECONDS = 120;

export interface TunnelStateReport {
  latest_handshake_at: string | null;
  endpoint: string | null;
  rx_bytes: number;
  tx_bytes: number;
  reported_at: string;
}

const tunnelStateKey = (prefix: string, tenantId: string, routerId: string) => `${cacheKeys.routerStatus(prefix, tenantId, routerId)}:tunnel`;

function settingsOf(services: NetworkServices): TunnelSettings {
  if (!services.tunnel) {
    // not a passing outage (503 would invite retries for ever): this platform does not offer the feature
    throw new AppError('FEATURE_DISABLED', { message: serverMessage('tunnels_not_configured') });
  }
  return services.tunnel;
}

interface TunnelRow {
  port: number;
  tunnel_block: number | null;
  tunnel_address: string | null;
  tunnel_public_key: string | null;
  tunnel_private_key_enc: string | null;
}

async function tunnelRow(tx: TenantTx, routerId: string): Promise<TunnelRow> {
  const [row] = await tx.db
    .select({
      port: tenantRouters.port,
      tunnel_block: tenantRouters.tunnel_block,
      tunnel_address: tenantRouters.tunnel_address,
      tunnel_public_key: tenantRouters.tunnel_public_key,
      tunnel_private_key_enc: tenantRouters.tunnel_private_key_enc,
    })
    .from(tenantRouters)
    .where(eq(tenantRouters.id, routerId));
  if (!row) throw new AppError('NOT_FOUND', { message: serverMessage('router_not_found') });
  return row;
}

async function forgetLiveStatus(services: NetworkServices, tenantId: string, routerId: string): Promise<void> {
  try {
    await services.redis.del(cacheKeys.routerStatus(services.cachePrefix, tenantId, routerId));
  } catch (err) {
    services.logger.warn({ err }, 'router status cache unavailable');
  }
}

/** The endpoint's last report on this router's peer, or null (none, expired, or Redis down). */
async function tunnelState(services: NetworkServices, tenantId: string, routerId: string): Promise<TunnelStateReport | null> {
  try {
    return await services.redis.get<TunnelStateReport>(tunnelStateKey(services.cachePrefix, tenantId, routerId));
  } catch (err) {
    services.logger.warn({ err }, 'tunnel state cache unavailable');
    return null;
  }
}

/**
 * Claims a block for the tenant: its own if one of its routers has one, else the first
 * candidate no other tenant holds. The exclusion constraint decides across tenants
 * (this tenant cannot see the others' rows); each try runs in a savepoint.
 */
async function claimAddress(tx: TenantTx, net: TunnelNetwork, tenantId: string, routerId: string, keys: { publicKey: string; privateKeyEnc: string }): Promise<void> {
  const own = await tx.db
    .select({ block: tenantRouters.tunnel_block, address: tenantRouters.tunnel_address })
    .from(tenantRouters)
    .where(isNotNull(tenantRouters.tunnel_block));
  // a block of the current range (the range may have been changed since)
  const ownBlock = own.find((r) => locateAddress(net, r.address!)?.block === r.block)?.block ?? null;
  const candidates = ownBlock !== null ? [ownBlock] : tenantBlockCandidates(net, tenantId);
  for (const block of candidates) {
    const address = nextRouterAddress(net, block, own.map((r) => r.address!));
    if (!address) throw new AppError('CONFLICT', { message: serverMessage('tunnel_block_full', { block: blockCidr(net, block) }) });
    await tx.sql`SAVEPOINT tunnel_claim`;
    try {
      await tx.db
        .update(tenantRouters)
        .set({ tunnel_block: block, tunnel_address: address, tunnel_public_key: keys.publicKey, tunnel_private_key_enc: keys.privateKeyEnc, updated_at: new Date() })
        .where(eq(tenantRouters.id, routerId));
      await tx.sql`RELEASE SAVEPOINT tunnel_claim`;
      return;
    } catch (err) {
      await tx.sql`ROLLBACK TO SAVEPOINT tunnel_claim`;
      const code = (err as { code?: string }).code ?? (err as { cause?: { code?: string } }).cause?.code;
      // 23505: another of this ISP's routers took the address at the same moment
      if (code === '23505') throw new AppError('CONFLICT', { message: serverMessage('tunnel_address_race') });
      // 23P01: another ISP holds this block; try the next one
      if (code !== '23P01') throw err;
    }
  }
  throw new AppError('CONFLICT', { message: serverMessage('no_tunnel_block') });
}

/** Puts a router into tunnel mode (idempotent), then queues a sync through the tunnel. */
export async function enableRouterTunnel(tx: TenantTx, services: NetworkServices, tenantId: string, routerId: string): Promise<RouterTunnel> {
  const settings = settingsOf(services);
  const row = await tunnelRow(tx, routerId);
  if (!row.tunnel_address) {
    const keys = generateWireguardKeyPair();
    await claimAddress(tx, settings.net, tenantId, routerId, { publicKey: keys.publicKey, privateKeyEnc: await sealSecret(tx, services.secretBox, keys.privateKey) });
    await tx.sql`SELECT sys_audit_event('admin', 'router.tunnel_enabled', ${JSON.stringify({ router_id: routerId })}::text::jsonb)`;
    await forgetLiveStatus(services, tenantId, routerId);
    await enqueue(tx.sql, 'router_sync', { router_id: routerId, apply: false }, { tenantId });
  }
  return getRouterTunnel(tx, services, tenantId, routerId);
}

/** Back to direct mode: RRNet dials the router's host again; the endpoint drops the peer. */
export async function disableRouterTunnel(tx: TenantTx, services: NetworkServices, tenantId: string, routerId: string): Promise<{ id: string; enabled: false }> {
  const row = await tunnelRow(tx, routerId);
  if (row.tunnel_address) {
    await tx.db
      .update(tenantRouters)
      .set({ tunnel_block: null, tunnel_address: null, tunnel_public_key: null, tunnel_private_key_enc: null, updated_at: new Date() })
      .where(eq(tenantRouters.id, routerId));
    await tx.sql`SELECT sys_audit_event('admin', 'router.tunnel_disabled', ${JSON.stringify({ router_id: routerId })}::text::jsonb)`;
    await forgetLiveStatus(services, tenantId, routerId);
    await enqueue(tx.sql, 'router_sync', { router_id: routerId, apply: false }, { tenantId });
  }
  return { id: routerId, enabled: false };
}

/** A router's tunnel: address, reachability from the endpoint's last handshake, and the commands to paste. */
export async function getRouterTunnel(tx: TenantTx, services: NetworkServices, tenantId: string, routerId: string, now = new Date()): Promise<RouterTunnel> {
  const row = await tunnelRow(tx, routerId);
  if (!row.tunnel_address || !row.tunnel_public_key || !row.tunnel_private_key_enc || row.tunnel_block === null) {
    return { id: routerId, enabled: false, configured: services.tunnel !== undefined, address: null, block: null, public_key: null, reachability: 'unknown', handshake_age_seconds: null, last_handshake_at: null, endpoint: null, commands: [] };
  }
  const report = await tunnelState(services, tenantId, routerId);
  const reach = tunnelReachability(report ? { latestHandshakeAt: report.latest_handshake_at ? new Date(report.latest_handshake_at) : null } : null, now);
  const settings = services.tunnel;
  const commands = settings
    ? routerOsTunnelCommands({
        routerPrivateKey: await services.secretBox.decrypt(row.tunnel_private_key_enc),
        routerAddress: row.tunnel_address,
        net: settings.net,
        platformPublicKey: settings.platformPublicKey,
        endpointHost: settings.endpointHost,
        endpointPort: settings.endpointPort,
        apiPort: row.port,
      })
    : [];
  return {
    id: routerId,
    enabled: true,
    configured: settings !== undefined,
    address: row.tunnel_address,
    block: settings ? blockCidr(settings.net, row.tunnel_block) : null,
    public_key: row.tunnel_public_key,
    reachability: reach.state,
    handshake_age_seconds: reach.handshake_age_seconds,
    last_handshake_at: report?.latest_handshake_at ? new Date(report.latest_handshake_at) : null,
    endpoint: report?.endpoint ?? null,
    commands,
  };
}

export interface TunnelPeerRow {
  tenant_id: string;
  router_id: string;
  block: number;
  address: string;
  public_key: string;
}

/** Every router in tunnel mode, of every active tenant (rrnet_system): what the endpoint must carry. */
export async function listTunnelPeers(systemSql: Sql): Promise<TunnelPeerRow[]> {
  return systemSql<TunnelPeerRow[]>`
    SELECT r.tenant_id, r.id AS router_id, r.tunnel_block AS block, r.tunnel_address AS address, r.tunnel_public_key AS public_key
    FROM tenant_routers r JOIN saas_tenants t ON t.id = r.tenant_id
    WHERE r.tunnel_address IS NOT NULL AND t.status = 'active'
    ORDER BY r.tunnel_address`;
}

/** Records what `wg show dump` said about each known peer (best effort: Redis down only loses the report). */
export async function recordTunnelStates(
  services: Pick<NetworkServices, 'redis' | 'logger' | 'cachePrefix'>,
  peers: readonly TunnelPeerRow[],
  dump: readonly DumpPeer[],
  now = new Date(),
): Promise<number> {
  const byKey = new Map(dump.map((d) => [d.publicKey, d]));
  let recorded = 0;
  for (const peer of peers) {
    const seen = byKey.get(peer.public_key);
    const report: TunnelStateReport = {
      latest_handshake_at: seen?.latestHandshakeAt?.toISOString() ?? null,
      endpoint: seen?.endpoint ?? null,
      rx_bytes: seen?.rxBytes ?? 0,
      tx_bytes: seen?.txBytes ?? 0,
      reported_at: now.toISOString(),
    };
    try {
      await services.redis.set(tunnelStateKey(services.cachePrefix, peer.tenant_id, peer.router_id), report, { ex: TUNNEL_STATE_TTL_SECONDS });
      recorded += 1;
    } catch (err) {
      services.logger.warn({ err }, 'tunnel state cache unavailable');
      break;
    }
  }
  return recorded;
}

