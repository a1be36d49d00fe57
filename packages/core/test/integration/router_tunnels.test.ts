/**
 * Tunnel mode on a seeded database (no namespaces needed; the end-to-end tunnel is
 * apps/worker/test/integration/router_tunnel.test.ts): one block per ISP held across
 * tenants by the exclusion constraint (a tenant whose first candidate is taken gets the
 * next one), addresses from .1 up within the ISP's block, the private key only encrypted
 * at rest, the adapter's endpoint switched to the tunnel address, the endpoint's peers
 * read across tenants, handshake reports shown as reachability, and back to direct mode.
 */
import { randomUUID } from 'node:crypto';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedis, createUpstashBridge } from '@rrnet/cache';
import type { UpstashBridge } from '@rrnet/cache';
import { ConfigKeyProvider, SecretBox, generateKeySpec, generateWireguardKeyPair, wireguardPublicKey } from '@rrnet/crypto';
import { createDatabase, withTenant } from '@rrnet/db';
import { seedDemo } from '@rrnet/db/seed';
import { createTestDatabase } from '@rrnet/db/testing';
import type { TestDatabase } from '@rrnet/db/testing';
import { createLogger } from '@rrnet/logger';
import { RouterClientPool } from '@rrnet/routeros';
import { routerEndpoint } from '../../src/network/routers';
import type { NetworkServices } from '../../src/network/services';
import { tenantBlockCandidates } from '../../src/network/tunnel_rules';
import { disableRouterTunnel, enableRouterTunnel, getRouterTunnel, listTunnelPeers, recordTunnelStates, tunnelSettings } from '../../src/network/tunnels';
import { TEST_PG_URL, TEST_REDIS_URL } from '../../../../tests/services';

const TOKEN = 'core-tunnel-test-bridge-token';
let testDb: TestDatabase;
let admin: postgres.Sql;
let app: ReturnType<typeof createDatabase>;
let system: ReturnType<typeof createDatabase>;
let bridge: UpstashBridge;
let services: NetworkServices;
let tenantA: string;
let tenantB: string;
let routersA: string[];
let routersB: string[];
const platform = generateWireguardKeyPair();

beforeAll(async () => {
  testDb = await createTestDatabase(TEST_PG_URL);
  const secretBox = new SecretBox(new ConfigKeyProvider(generateKeySpec()));
  const seed = await seedDemo({ appUrl: testDb.appUrl, systemUrl: testDb.systemUrl, secretBox });
  [tenantA, tenantB] = [seed.tenants[0]!.id, seed.tenants[1]!.id];
  admin = postgres(testDb.adminUrl, { max: 1, onnotice: () => {} });
  app = createDatabase(testDb.appUrl, { max: 2 });
  system = createDatabase(testDb.systemUrl, { max: 1 });
  bridge = await createUpstashBridge({ redisUrl: TEST_REDIS_URL, token: TOKEN });
  services = {
    redis: createRedis({ url: bridge.url, token: TOKEN }),
    secretBox,
    routers: new RouterClientPool(),
    logger: createLogger({ service: 'test', level: 'error' }),
    cachePrefix: `tunnel-${randomUUID().slice(0, 8)}`,
    tunnel: tunnelSettings({ network: '10.200.0.0/16', blockPrefix: 24, endpoint: 'vpn.rrnet.example', publicKey: platform.publicKey }),
  };
  const ids = async (tenant: string) => (await admin<{ id: string }[]>`SELECT id FROM tenant_routers WHERE tenant_id = ${tenant} ORDER BY name`).map((r) => r.id);
  routersA = await ids(tenantA);
  routersB = await ids(tenantB);
});
afterAll(async () => {
  await admin?.end();
  await app?.close();
  await system?.close();
  await bridge?.close();
  await testDb?.drop();
});

const asTenant = <T>(tenantId: string, fn: Parameters<typeof withTenant<T>>[2]) => withTenant(app.sql, { tenantId }, fn);

describe('tunnel mode', () => {
  it('gives ISP A its first candidate block, and ISP B the next one when that block is taken', async () => {
    const net = services.tunnel!.net;
    const candidatesA = tenantBlockCandidates(net, tenantA);
    const tunnelA = await asTenant(tenantA, (tx) => enableRouterTunnel(tx, services, tenantA, routersA[0]!));
    expect(tunnelA).toMatchObject({ enabled: true, configured: true, address: `10.200.${candidatesA[0]}.1`, block: `10.200.${candidatesA[0]}.0/24`, reachability: 'unknown' });

    // make A hold the block B would try first: B's claim meets the exclusion constraint and moves on
    const candidatesB = tenantBlockCandidates(net, tenantB);
    await admin`UPDATE tenant_routers SET tunnel_block = ${candidatesB[0]!}, tunnel_address = ${`10.200.${candidatesB[0]}.1`} WHERE id = ${routersA[0]!}`;
    const tunnelB = await asTenant(tenantB, (tx) => enableRouterTunnel(tx, services, tenantB, routersB[0]!));
    expect(tunnelB.address).toBe(`10.200.${candidatesB[1]}.1`);
    // and the database refuses a second ISP in one block outright
    await expect(admin`UPDATE tenant_routers SET tunnel_block = ${candidatesB[1]!} WHERE id = ${routersA[0]!}`).rejects.toMatchObject({ code: '23P01' });
    // back to a block of A's own; B now holds its second candidate, which (tenant ids are random)
    // can be A's first, in which case A takes its second (candidate lists are rotations of one order)
    const home = candidatesA[0] !== candidatesB[1] ? candidatesA[0]! : candidatesA[1]!;
    await admin`UPDATE tenant_routers SET tunnel_block = ${home}, tunnel_address = ${`10.200.${home}.1`} WHERE id = ${routersA[0]!}`;
  });

  it('puts the ISP’s next router in the same block, is idempotent, and keeps the private key encrypted', async () => {
    const first = await asTenant(tenantA, (tx) => getRouterTunnel(tx, services, tenantA, routersA[0]!));
    const second = await asTenant(tenantA, (tx) => enableRouterTunnel(tx, services, tenantA, routersA[1]!));
    expect(second.block).toBe(first.block);
    expect(second.address).toBe(first.address!.replace(/\.1$/, '.2'));
    const again = await asTenant(tenantA, (tx) => enableRouterTunnel(tx, services, tenantA, routersA[1]!));
    expect(again.public_key).toBe(second.public_key);
    const privateKey = /private-key="([^"]+)"/.exec(second.commands[0]!)![1]!;
    expect(wireguardPublicKey(privateKey)).toBe(second.public_key);
    expect(second.commands[1]).toContain(`public-key="${platform.publicKey}" endpoint-address=vpn.rrnet.example endpoint-port=51820 allowed-address=10.200.0.1/32 persistent-keepalive=25s`);
    const [row] = await admin<{ enc: string }[]>`SELECT tunnel_private_key_enc AS enc FROM tenant_routers WHERE id = ${routersA[1]!}`;
    expect(row!.enc).not.toContain(privateKey);
    expect(await services.secretBox.decrypt(row!.enc)).toBe(privateKey);
    // the audit trail records the change with the key redacted
    const audit = await admin<{ v: string }[]>`SELECT coalesce(new_values, '{}'::jsonb)::text AS v FROM sys_audit_logs WHERE table_name = 'tenant_routers' AND row_id::text LIKE ${`%${routersA[1]!}%`}`;
    expect(audit.map((a) => a.v).join(' ')).toContain(`"tunnel_address": "${second.address}"`);
    for (const a of audit) {
      expect(a.v).not.toContain(privateKey);
      expect(a.v).not.toContain(row!.enc);
    }
  });

  it('makes the adapter dial the tunnel address, and the endpoint see every ISP’s peers', async () => {
    const endpoint = await asTenant(tenantA, (tx) => routerEndpoint(tx, services, routersA[0]!));
    const tunnel = await asTenant(tenantA, (tx) => getRouterTunnel(tx, services, tenantA, routersA[0]!));
    expect(endpoint.tunnelAddress).toBe(tunnel.address);
    expect(services.routers.get(`${tenantA}:${routersA[0]}`, endpoint).endpoint.tunnelAddress).toBe(tunnel.address);
    const peers = await listTunnelPeers(system.sql);
    expect(peers.map((p) => [p.tenant_id, p.router_id]).sort()).toEqual([[tenantA, routersA[0]], [tenantA, routersA[1]], [tenantB, routersB[0]]].sort());
  });

  it('shows the endpoint’s handshake reports as reachability', async () => {
    const peers = await listTunnelPeers(system.sql);
    const mine = peers.find((p) => p.router_id === routersA[0])!;
    const other = peers.find((p) => p.router_id === routersA[1])!;
    const now = new Date();
    const recorded = await recordTunnelStates(services, peers, [
      { publicKey: mine.public_key, endpoint: '203.0.113.7:40000', allowedIps: [`${mine.address}/32`], latestHandshakeAt: new Date(now.getTime() - 20_000), rxBytes: 10, txBytes: 20 },
      { publicKey: other.public_key, endpoint: null, allowedIps: [`${other.address}/32`], latestHandshakeAt: new Date(now.getTime() - 600_000), rxBytes: 0, txBytes: 0 },
    ], now);
    expect(recorded).toBe(peers.length);
    const up = await asTenant(tenantA, (tx) => getRouterTunnel(tx, services, tenantA, routersA[0]!, now));
    expect(up).toMatchObject({ reachability: 'up', handshake_age_seconds: 20, endpoint: '203.0.113.7:40000' });
    const down = await asTenant(tenantA, (tx) => getRouterTunnel(tx, services, tenantA, routersA[1]!, now));
    expect(down).toMatchObject({ reachability: 'down', handshake_age_seconds: 600 });
    const never = await asTenant(tenantB, (tx) => getRouterTunnel(tx, services, tenantB, routersB[0]!, now));
    expect(never).toMatchObject({ reachability: 'never', handshake_age_seconds: null });
  });

  it('goes back to direct mode: the host is dialled again and the peer leaves the endpoint', async () => {
    await asTenant(tenantA, (tx) => disableRouterTunnel(tx, services, tenantA, routersA[1]!));
    const tunnel = await asTenant(tenantA, (tx) => getRouterTunnel(tx, services, tenantA, routersA[1]!));
    expect(tunnel).toMatchObject({ enabled: false, address: null, commands: [] });
    expect((await asTenant(tenantA, (tx) => routerEndpoint(tx, services, routersA[1]!))).tunnelAddress).toBeNull();
    expect((await listTunnelPeers(system.sql)).map((p) => p.router_id)).not.toContain(routersA[1]);
    const [jobs] = await admin<{ n: number }[]>`SELECT count(*)::int AS n FROM graphile_worker._private_jobs WHERE task_id = (SELECT id FROM graphile_worker._private_tasks WHERE identifier = 'router_sync')`;
    expect(jobs!.n).toBeGreaterThan(0);
  });

  it('answers FEATURE_DISABLED where the platform has no tunnel endpoint', async () => {
    const { tunnel: _omitted, ...direct } = services;
    await expect(asTenant(tenantA, (tx) => enableRouterTunnel(tx, direct, tenantA, routersA[1]!))).rejects.toMatchObject({ code: 'FEATURE_DISABLED' });
    expect(await asTenant(tenantA, (tx) => getRouterTunnel(tx, direct, tenantA, routersA[1]!))).toMatchObject({ enabled: false, configured: false });
  });

  it('two routers of one ISP turned on at the same moment: distinct addresses, or a CONFLICT to try again', async () => {
    const [extra] = await admin<{ id: string }[]>`
      INSERT INTO tenant_routers (tenant_id, name, host, username, password_enc)
      VALUES (${tenantA}, 'RB-Extra', '127.0.0.1', 'rrnet-api', ${await services.secretBox.encrypt('x')}) RETURNING id`;
    const results = await Promise.allSettled([routersA[1]!, extra!.id].map((id) => asTenant(tenantA, (tx) => enableRouterTunnel(tx, services, tenantA, id))));
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'CONFLICT' });
    const addresses = (await admin<{ a: string }[]>`SELECT tunnel_address AS a FROM tenant_routers WHERE tenant_id = ${tenantA} AND tunnel_address IS NOT NULL`).map((r) => r.a);
    expect(new Set(addresses).size).toBe(addresses.length);
    expect(addresses.length).toBe(1 + results.filter((r) => r.status === 'fulfilled').length);
  });
});
