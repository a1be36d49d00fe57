/**
 * Routers behind NAT, end to end, in network namespaces this test makes (and removes):
 *
 *   test process (RRNet: worker tasks, root namespace)
 *     └─ veth 198.18.0.1 ↔ 198.18.0.2 ─ platform ns: the WireGuard endpoint (wireguard-go,
 *        started by the worker's startTunnelEndpoint), 10.213.0.1, nftables isolation,
 *        "public" address 198.18.255.1 on lo
 *          ├─ veth 198.18.1.1 ↔ .2 ─ router ns A: wireguard-go configured from the RouterOS
 *          │    commands RRNet gave for ISP A's router, the RouterOS simulator bound to the
 *          │    router's tunnel address only — no route to RRNet but the tunnel
 *          └─ veth 198.18.2.1 ↔ .2 ─ router ns B: the same for ISP B's router
 *
 * RRNet syncs router A and isolates a customer on it through the tunnel; the tunnel goes
 * down (A's uplink): status offline and the next isolation fails (dead letter after five
 * attempts, the customer still active); it comes back: online again, and the next sweep
 * isolates that customer and a new one. ISP B's router cannot
 * reach ISP A's over the tunnel (and does once the endpoint's firewall is removed, which
 * the endpoint restores on its next sync). Traffic goes only to addresses inside these
 * namespaces. Needs root, `ip netns`, /dev/net/tun, wireguard-go, wg and nft
 * (npm test installs them: scripts/lib/apt_tools.mjs); skipped, saying why, without.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createServer } from 'node:net';
import type postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enableRouterTunnel, getRouterTunnel, tunnelSettings } from '@rrnet/core/network/tunnels';
import type { NetworkServices } from '@rrnet/core/network/services';
import { generateWireguardKeyPair } from '@rrnet/crypto';
import { withTenant } from '@rrnet/db';
import { enqueue } from '@rrnet/jobs';
import { RouterClientPool } from '@rrnet/routeros';
import { startTunnelEndpoint } from '../../src/tunnel_endpoint';
import type { TunnelEndpoint } from '../../src/tunnel_endpoint';
import { startSeededWorker } from './worker_env';
import type { SeededWorker } from './worker_env';

const ROOT = new URL('../../../../', import.meta.url).pathname;
const NETWORK = '10.213.0.0/16';
const PUBLIC_ENDPOINT = '198.18.255.1';
const LISTEN_PORT = 51820;

function which(bin: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${bin}`], { stdio: 'ignore', env: { PATH: `/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin` } }).status === 0;
}

/** Why this machine cannot run the test, or null. */
function unavailable(): string | null {
  if (process.platform !== 'linux') return 'not Linux';
  if (process.getuid?.() !== 0) return 'not root (ip netns needs root)';
  const missing = ['ip', 'wg', 'wireguard-go', 'nft'].filter((b) => !which(b));
  if (missing.length > 0) return `missing ${missing.join(', ')} (npm test installs wireguard-tools, wireguard-go, nftables: scripts/lib/apt_tools.mjs)`;
  if (!existsSync('/dev/net/tun')) return 'no /dev/net/tun for wireguard-go';
  const probe = `rrtprobe${process.pid}`;
  if (spawnSync('ip', ['netns', 'add', probe], { stdio: 'ignore' }).status !== 0) return 'network namespaces unavailable (ip netns add failed)';
  spawnSync('ip', ['netns', 'del', probe], { stdio: 'ignore' });
  return null;
}

const reason = unavailable();
if (reason) console.warn(`router_tunnel: skipped — ${reason}`);

// names carry this process's id: parallel runs never collide, leftovers of dead runs are recognisable
const ID = String(process.pid % 100000);
const NS = { platform: `rrt${ID}p`, a: `rrt${ID}a`, b: `rrt${ID}b` };
const IF = { endpoint: `rrwp${ID}`, a: `rrwa${ID}`, b: `rrwb${ID}`, rootVeth: `rrvr${ID}` };
const children: ChildProcess[] = [];

const sh = (...args: string[]) => execFileSync(args[0]!, args.slice(1), { stdio: ['ignore', 'pipe', 'pipe'], timeout: 10_000 }).toString();
const inNs = (ns: string, ...args: string[]) => sh('ip', 'netns', 'exec', ns, ...args);

/** Namespaces left by runs whose process is gone (a killed run cannot clean up). */
function removeLeftovers(): void {
  for (const line of sh('ip', 'netns', 'list').split('\n')) {
    const m = /^rrt(\d+)[pab]\b/.exec(line);
    if (!m) continue;
    let alive = true;
    try {
      process.kill(Number(m[1]), 0);
    } catch {
      alive = false;
    }
    if (!alive || m[1] === ID) spawnSync('ip', ['netns', 'del', line.split(' ')[0]!], { stdio: 'ignore' });
  }
}

function cleanUp(): void {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  spawnSync('ip', ['link', 'del', IF.rootVeth], { stdio: 'ignore' });
  for (const ns of Object.values(NS)) spawnSync('ip', ['netns', 'del', ns], { stdio: 'ignore' });
  for (const ifname of [IF.endpoint, IF.a, IF.b]) rmSync(`/var/run/wireguard/${ifname}.sock`, { force: true });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function until(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** What a RouterOS command line sets (key=value and key="value"). */
function routerOsArgs(line: string): Record<string, string> {
  const args: Record<string, string> = {};
  for (const m of line.matchAll(/([a-z-]+)=("(?:[^"\\]|\\.)*"|\S+)/g)) args[m[1]!] = m[2]!.startsWith('"') ? m[2]!.slice(1, -1) : m[2]!;
  return args;
}

/**
 * A Linux stand-in for the MikroTik: wireguard-go set up from the commands RRNet gave
 * (interface key, platform peer with endpoint and keepalive, address). The platform peer
 * is allowed the whole range instead of the commands' /32 — a router whose owner widened
 * it, the worst case the endpoint's firewall must still contain.
 */
async function bringUpRouter(ns: string, ifname: string, commands: string[]): Promise<void> {
  const wgIf = routerOsArgs(commands.find((c) => c.startsWith('/interface wireguard add'))!);
  const peer = routerOsArgs(commands.find((c) => c.startsWith('/interface wireguard peers add'))!);
  const address = routerOsArgs(commands.find((c) => c.startsWith('/ip address add'))!);
  expect(peer['persistent-keepalive']).toBe('25s');
  expect(peer['allowed-address']).toBe('10.213.0.1/32');
  const child = spawn('ip', ['netns', 'exec', ns, 'wireguard-go', '-f', ifname], { stdio: 'ignore' });
  children.push(child);
  await until(`wireguard-go ${ifname}`, () => spawnSync('ip', ['netns', 'exec', ns, 'wg', 'show', ifname], { stdio: 'ignore' }).status === 0, 5000);
  const keyFile = join(mkdtempSync(join(tmpdir(), 'rrnet-wg-test-')), 'key');
  writeFileSync(keyFile, wgIf['private-key']!, { mode: 0o600 });
  try {
    inNs(ns, 'wg', 'set', ifname, 'private-key', keyFile);
  } finally {
    rmSync(dirname(keyFile), { recursive: true, force: true });
  }
  inNs(ns, 'wg', 'set', ifname, 'peer', peer['public-key']!, 'endpoint', `${peer['endpoint-address']}:${peer['endpoint-port']}`, 'allowed-ips', NETWORK, 'persistent-keepalive', '25');
  inNs(ns, 'ip', 'address', 'add', address.address!, 'dev', ifname);
  inNs(ns, 'ip', 'link', 'set', ifname, 'up');
}

/** The RouterOS simulator in the router's namespace, listening on its tunnel address only. */
async function startSimulator(ns: string, host: string, port: number): Promise<void> {
  const child = spawn('ip', ['netns', 'exec', ns, process.execPath, '--import', 'tsx', 'src/sim_cli.ts', '--host', host, '--count', '1', '--base-port', String(port)], {
    cwd: `${ROOT}packages/routeros`,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  await new Promise<void>((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('router_simulator_ready')) resolve();
    });
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.once('exit', (code) => reject(new Error(`simulator in ${ns} exited ${code}: ${err}`)));
    setTimeout(() => reject(new Error(`simulator in ${ns} did not start: ${err}`)), 15_000).unref();
  });
}

/** A TCP connection from inside a namespace: true when it connects within 1.5 s. */
function connectsFrom(ns: string, host: string, port: number): boolean {
  const script = `require('net').connect({host:${JSON.stringify(host)},port:${port},timeout:1500}).on('connect',()=>process.exit(0)).on('timeout',()=>process.exit(2)).on('error',()=>process.exit(1))`;
  return spawnSync('ip', ['netns', 'exec', ns, process.execPath, '-e', script], { stdio: 'ignore', timeout: 5000 }).status === 0;
}

/** The simulator's state, read by RRNet's side through the tunnel. */
async function simState(address: string, port: number): Promise<{ secrets: { name: string; profile: string; disabled: boolean }[] }> {
  const res = await fetch(`http://${address}:${port}/_sim/state`, { headers: { authorization: 'Basic cnJuZXQ6eA==' }, signal: AbortSignal.timeout(3000) });
  return ((await res.json()) as { state: { secrets: { name: string; profile: string; disabled: boolean }[] } }).state;
}

let h: SeededWorker;
let admin: postgres.Sql;
let endpoint: TunnelEndpoint | null = null;
let network: NetworkServices;
let tenantA: string;
let tenantB: string;
let routerA: { id: string; port: number; address: string };
let routerB: { id: string; port: number; address: string };

async function drain(rounds = 10): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    await h.runAll();
    const [left] = await admin<{ n: number }[]>`SELECT count(*)::int AS n FROM graphile_worker._private_jobs`;
    if (left!.n === 0) return;
    await admin`UPDATE graphile_worker._private_jobs SET run_at = now() - interval '1 second'`;
  }
}

async function overdueCustomerOn(routerId: string) {
  const [c] = await admin<{ id: string; pppoe_username: string }[]>`
    SELECT id, pppoe_username FROM tenant_customers
    WHERE tenant_id = ${tenantA} AND router_id = ${routerId} AND status = 'active' AND NOT isolir_pending
      -- not one made overdue here before (one whose isolation failed is active again)
      AND NOT EXISTS (SELECT 1 FROM tenant_invoices i WHERE i.customer_id = tenant_customers.id AND i.number LIKE 'T-%')
    ORDER BY code LIMIT 1`;
  await admin`INSERT INTO tenant_invoices (tenant_id, number, customer_id, period_start, period_end, subtotal, total, due_date, status)
              VALUES (${tenantA}, ${`T-${c!.id.slice(0, 8)}`}, ${c!.id}, '2025-03-03', '2025-04-02', 150000, 150000, '2025-04-12', 'unpaid')`;
  return c!;
}

const routerStatus = async (id: string) => (await admin<{ status: string; last_error: string | null }[]>`SELECT status, last_error FROM tenant_routers WHERE id = ${id}`)[0]!;

describe.skipIf(reason !== null)('routers behind NAT, through the tunnel RRNet provisions', () => {
  beforeAll(async () => {
    removeLeftovers();
    // short timeouts and breaker: a router behind a dead tunnel fails within seconds, not minutes
    h = await startSeededWorker({ concurrency: 2, routers: new RouterClientPool({ client: { timeoutMs: 1500, retry: { attempts: 1 } }, breaker: { openMs: 500 } }) });
    admin = h.admin;
    tenantA = h.tenantA;
    const [other] = await admin<{ id: string }[]>`SELECT id FROM saas_tenants WHERE id <> ${tenantA} ORDER BY created_at LIMIT 1`;
    tenantB = other!.id;
    // nothing else owed: only the invoices a test creates are overdue
    await admin`UPDATE tenant_invoices SET status = 'paid', paid_amount = total, paid_at = now() WHERE status IN ('unpaid', 'overdue')`;
    await drain(); // whatever the seed queued
    const platformKeys = generateWireguardKeyPair();
    network = {
      ...h.services.network,
      tunnel: tunnelSettings({ network: NETWORK, blockPrefix: 24, endpoint: `${PUBLIC_ENDPOINT}:${LISTEN_PORT}`, publicKey: platformKeys.publicKey }),
    };

    // each router's REST port is one nothing listens on here: were the tunnel address ignored, the
    // adapter would dial 127.0.0.1 and be refused
    const [a] = await admin<{ id: string }[]>`SELECT id FROM tenant_routers WHERE tenant_id = ${tenantA} ORDER BY name LIMIT 1`;
    const [b] = await admin<{ id: string }[]>`SELECT id FROM tenant_routers WHERE tenant_id = ${tenantB} ORDER BY name LIMIT 1`;
    const ports = [await freePort(), await freePort()];
    await admin`UPDATE tenant_routers SET host = '127.0.0.1', port = ${ports[0]!} WHERE id = ${a!.id}`;
    await admin`UPDATE tenant_routers SET host = '127.0.0.1', port = ${ports[1]!} WHERE id = ${b!.id}`;
    const tunnelA = await withTenant(h.app.sql, { tenantId: tenantA }, (tx) => enableRouterTunnel(tx, network, tenantA, a!.id));
    const tunnelB = await withTenant(h.app.sql, { tenantId: tenantB }, (tx) => enableRouterTunnel(tx, network, tenantB, b!.id));
    routerA = { id: a!.id, port: ports[0]!, address: tunnelA.address! };
    routerB = { id: b!.id, port: ports[1]!, address: tunnelB.address! };

    // the namespaces and their links
    sh('ip', 'netns', 'add', NS.platform);
    sh('ip', 'netns', 'add', NS.a);
    sh('ip', 'netns', 'add', NS.b);
    for (const ns of Object.values(NS)) inNs(ns, 'ip', 'link', 'set', 'lo', 'up');
    sh('ip', 'link', 'add', IF.rootVeth, 'type', 'veth', 'peer', 'name', 'up0', 'netns', NS.platform);
    sh('ip', 'address', 'add', '198.18.0.1/30', 'dev', IF.rootVeth);
    sh('ip', 'link', 'set', IF.rootVeth, 'up');
    inNs(NS.platform, 'ip', 'address', 'add', '198.18.0.2/30', 'dev', 'up0');
    inNs(NS.platform, 'ip', 'link', 'set', 'up0', 'up');
    inNs(NS.platform, 'ip', 'address', 'add', `${PUBLIC_ENDPOINT}/32`, 'dev', 'lo');
    inNs(NS.platform, 'sysctl', '-qw', 'net.ipv4.ip_forward=1');
    // RRNet's host reaches the tunnel range through the endpoint host, and only that range
    sh('ip', 'route', 'replace', NETWORK, 'via', '198.18.0.2', 'dev', IF.rootVeth);
    for (const [i, ns] of [[1, NS.a], [2, NS.b]] as const) {
      inNs(NS.platform, 'ip', 'link', 'add', `down${i}`, 'type', 'veth', 'peer', 'name', 'uplink', 'netns', ns);
      inNs(NS.platform, 'ip', 'address', 'add', `198.18.${i}.1/30`, 'dev', `down${i}`);
      inNs(NS.platform, 'ip', 'link', 'set', `down${i}`, 'up');
      inNs(ns, 'ip', 'address', 'add', `198.18.${i}.2/30`, 'dev', 'uplink');
      inNs(ns, 'ip', 'link', 'set', 'uplink', 'up');
      // the router's "internet": the endpoint's public address, nothing else
      inNs(ns, 'ip', 'route', 'add', `${PUBLIC_ENDPOINT}/32`, 'via', `198.18.${i}.1`);
    }

    endpoint = await startTunnelEndpoint({
      interfaceName: IF.endpoint,
      privateKey: platformKeys.privateKey,
      listenPort: LISTEN_PORT,
      net: network.tunnel!.net,
      systemSql: h.system.sql,
      services: network,
      logger: h.logger,
      implementation: 'userspace',
      netns: NS.platform,
      syncIntervalMs: 0,
    });
    await bringUpRouter(NS.a, IF.a, tunnelA.commands);
    await bringUpRouter(NS.b, IF.b, tunnelB.commands);
    await startSimulator(NS.a, routerA.address, routerA.port);
    await startSimulator(NS.b, routerB.address, routerB.port);
  }, 60_000);

  afterAll(async () => {
    try {
      await endpoint?.stop();
    } finally {
      cleanUp();
      await h?.close();
    }
  });

  it('provisions one block per ISP, keys that wg agrees with, and RouterOS commands', async () => {
    expect(routerA.address).toMatch(/^10\.213\.\d+\.1$/);
    expect(routerB.address).toMatch(/^10\.213\.\d+\.1$/);
    expect(routerA.address.split('.')[2]).not.toBe(routerB.address.split('.')[2]);
    const tunnel = await withTenant(h.app.sql, { tenantId: tenantA }, (tx) => getRouterTunnel(tx, network, tenantA, routerA.id));
    const privateKey = routerOsArgs(tunnel.commands[0]!)['private-key']!;
    expect(execFileSync('wg', ['pubkey'], { input: privateKey }).toString().trim()).toBe(tunnel.public_key);
    expect(tunnel.commands[1]).toContain(`endpoint-address=${PUBLIC_ENDPOINT} endpoint-port=${LISTEN_PORT}`);
    expect(tunnel.commands[3]).toContain(`dst-port=${routerA.port} in-interface=rrnet-tunnel src-address=10.213.0.1`);
    // at rest only the encrypted private key
    const [row] = await admin<{ enc: string }[]>`SELECT tunnel_private_key_enc AS enc FROM tenant_routers WHERE id = ${routerA.id}`;
    expect(row!.enc).not.toContain(privateKey);
    // the endpoint carries both routers as peers, each allowed exactly its address
    const peers = await endpoint!.dump();
    expect(peers.map((p) => p.allowedIps).sort()).toEqual([[`${routerA.address}/32`], [`${routerB.address}/32`]].sort());
  });

  it('the simulated router has no route to RRNet but the tunnel', () => {
    const route = spawnSync('ip', ['netns', 'exec', NS.a, 'ip', 'route', 'get', '198.18.0.1'], { encoding: 'utf8' });
    expect(route.status).not.toBe(0);
    expect(route.stderr).toMatch(/unreachable/i);
    // RRNet's side reaches the router's tunnel address through the endpoint
    expect(sh('ip', 'route', 'get', routerA.address)).toContain(`via 198.18.0.2 dev ${IF.rootVeth}`);
  }, 10_000);

  it('syncs router A through the tunnel and isolates a customer on it; the tunnel shows up', async () => {
    await enqueue(h.system.sql, 'router_sync', { router_id: routerA.id, apply: true }, { tenantId: tenantA });
    await drain();
    expect(await routerStatus(routerA.id)).toMatchObject({ status: 'online', last_error: null });
    const [owned] = await admin<{ n: number }[]>`SELECT count(*)::int AS n FROM tenant_customers WHERE router_id = ${routerA.id} AND status <> 'terminated'`;
    expect((await simState(routerA.address, routerA.port)).secrets).toHaveLength(owned!.n);

    const c = await overdueCustomerOn(routerA.id);
    await enqueue(h.system.sql, 'isolir_sweep', {}, { tenantId: null });
    await drain();
    expect((await simState(routerA.address, routerA.port)).secrets.find((s) => s.name === c.pppoe_username)).toMatchObject({ profile: 'isolir' });
    expect((await admin`SELECT status, isolir_pending FROM tenant_customers WHERE id = ${c.id}`)[0]).toMatchObject({ status: 'isolated', isolir_pending: false });

    await endpoint!.sync();
    const tunnel = await withTenant(h.app.sql, { tenantId: tenantA }, (tx) => getRouterTunnel(tx, network, tenantA, routerA.id));
    expect(tunnel).toMatchObject({ enabled: true, reachability: 'up', endpoint: expect.stringMatching(/^198\.18\.1\.2:\d+$/) });
    expect(tunnel.handshake_age_seconds).toBeLessThan(30);
  }, 30_000);

  it('loses router A when the tunnel goes down (offline, the isolation fails) and recovers when it comes back', async () => {
    inNs(NS.a, 'ip', 'link', 'set', 'uplink', 'down');
    const c = await overdueCustomerOn(routerA.id);
    try {
      await enqueue(h.system.sql, 'router_sync', { router_id: routerA.id, apply: false }, { tenantId: tenantA });
      await drain();
      expect((await routerStatus(routerA.id)).status).toBe('offline');
      await enqueue(h.system.sql, 'isolir_sweep', {}, { tenantId: null });
      await drain(12);
      expect((await admin`SELECT status, isolir_pending FROM tenant_customers WHERE id = ${c.id}`)[0]).toMatchObject({ status: 'active', isolir_pending: false });
    } finally {
      inNs(NS.a, 'ip', 'link', 'set', 'uplink', 'up');
    }
    // the platform re-handshakes as soon as it has something to send
    await until('router A through the tunnel again', async () => simState(routerA.address, routerA.port).then(() => true, () => false), 15_000);
    await new Promise((r) => setTimeout(r, 600)); // the breaker's open window
    await enqueue(h.system.sql, 'router_sync', { router_id: routerA.id, apply: false }, { tenantId: tenantA });
    await drain();
    expect((await routerStatus(routerA.id)).status).toBe('online');
    // what could not reach the router is in the dead-letter queue for staff, and isolation works again
    const [dead] = await admin<{ errors: string[] }[]>`SELECT errors FROM sys_dead_letter_jobs WHERE task_identifier = 'billing_isolir_batch' AND status = 'dead' AND payload::text LIKE ${`%${c.id}%`}`;
    expect(dead!.errors.join(' ')).toMatch(/timeout|timed out|circuit/i);
    const next = await overdueCustomerOn(routerA.id);
    await enqueue(h.system.sql, 'isolir_sweep', {}, { tenantId: null });
    await drain();
    expect((await simState(routerA.address, routerA.port)).secrets.find((s) => s.name === next.pppoe_username)).toMatchObject({ profile: 'isolir' });
    expect((await admin`SELECT status, isolir_pending FROM tenant_customers WHERE id = ${next.id}`)[0]).toMatchObject({ status: 'isolated', isolir_pending: false });
    // the one that failed while the tunnel was down, still overdue, is requested again by that sweep
    expect((await admin`SELECT status, isolir_pending FROM tenant_customers WHERE id = ${c.id}`)[0]).toMatchObject({ status: 'isolated', isolir_pending: false });
    await endpoint!.sync();
    const tunnel = await withTenant(h.app.sql, { tenantId: tenantA }, (tx) => getRouterTunnel(tx, network, tenantA, routerA.id));
    expect(tunnel.reachability).toBe('up');
  }, 45_000);

  it('another ISP’s router cannot reach router A over the tunnel; without the endpoint firewall it could', async () => {
    // B is up: RRNet reaches it, and it has handshaken with the endpoint
    expect((await simState(routerB.address, routerB.port)).secrets).toBeDefined();
    expect((await endpoint!.dump()).find((p) => p.allowedIps.includes(`${routerB.address}/32`))?.latestHandshakeAt).toBeInstanceOf(Date);
    expect(inNs(NS.platform, 'nft', 'list', 'table', 'inet', 'rrnet_tunnel')).toContain(`iifname "${IF.endpoint}" drop`);
    expect(connectsFrom(NS.b, routerA.address, routerA.port)).toBe(false);
    // the control: the same packets pass once the isolation is gone…
    inNs(NS.platform, 'nft', 'delete', 'table', 'inet', 'rrnet_tunnel');
    expect(connectsFrom(NS.b, routerA.address, routerA.port)).toBe(true);
    // …and the endpoint's next sync puts it back
    expect((await endpoint!.sync()).firewallApplied).toBe(true);
    expect(connectsFrom(NS.b, routerA.address, routerA.port)).toBe(false);
    // RRNet itself still reaches both
    expect((await simState(routerB.address, routerB.port)).secrets).toBeDefined();
    expect((await simState(routerA.address, routerA.port)).secrets.length).toBeGreaterThan(0);
  }, 30_000);
});
