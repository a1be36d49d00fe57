/**
 * The platform's WireGuard endpoint for routers behind NAT, run by the worker when
 * TUNNEL_PRIVATE_KEY is configured. It brings the interface up (kernel WireGuard where
 * the module exists, `wireguard-go` — Debian's userspace WireGuard — otherwise), gives it
 * the platform address, and every `syncIntervalMs`:
 *  - sets the peers to the routers in tunnel mode (`wg syncconf`: added and removed as
 *    routers enter and leave tunnel mode; unchanged peers keep their sessions),
 *  - applies the nftables isolation when the ISP blocks in use change or the table is gone
 *    (one ISP's routers never reach another's; the ruleset is tunnel_rules.endpointFirewall),
 *  - reads `wg show <if> dump` and records each router's last handshake (reachability).
 * Commands run on this host, or inside a network namespace when `netns` is given (the
 * namespace test runs the endpoint in one).
 */
import { execFile, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listTunnelPeers, recordTunnelStates } from '@rrnet/core/network/tunnels';
import type { TunnelPeerRow } from '@rrnet/core/network/tunnels';
import { ENDPOINT_NFT_TABLE, endpointFirewall, endpointWgConfig, networkCidr, parseWgDump, platformAddress } from '@rrnet/core/network/tunnel_rules';
import type { TunnelNetwork } from '@rrnet/core/network/tunnel_rules';
import type { NetworkServices } from '@rrnet/core/network/services';
import type { Sql } from '@rrnet/db';
import type { Logger } from '@rrnet/logger';

export type WireguardImplementation = 'auto' | 'kernel' | 'userspace';

export interface TunnelEndpointOptions {
  interfaceName: string;
  privateKey: string;
  listenPort: number;
  net: TunnelNetwork;
  systemSql: Sql;
  services: Pick<NetworkServices, 'redis' | 'logger' | 'cachePrefix'>;
  logger: Logger;
  implementation?: WireguardImplementation;
  /** run every command inside this network namespace (`ip netns exec`) */
  netns?: string;
  /** 0: no timer, the caller runs sync() */
  syncIntervalMs?: number;
}

export interface TunnelSyncResult {
  peers: number;
  firewallApplied: boolean;
  recorded: number;
}

export interface TunnelEndpoint {
  readonly implementation: 'kernel' | 'userspace';
  sync(): Promise<TunnelSyncResult>;
  /** the last `wg show dump`, parsed */
  dump(): Promise<ReturnType<typeof parseWgDump>>;
  stop(): Promise<void>;
}

export class TunnelCommandError extends Error {}

function run(netns: string | undefined, cmd: string, args: string[]): Promise<string> {
  const [file, argv] = netns ? ['ip', ['netns', 'exec', netns, cmd, ...args]] : [cmd, args];
  return new Promise((resolve, reject) => {
    execFile(file, argv, { timeout: 10_000, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) reject(new TunnelCommandError(`${cmd} ${args[0] ?? ''} failed: ${String(stderr || err.message).trim()}`));
      else resolve(stdout);
    });
  });
}

/**
 * Hands `secret` (a key, a config, a ruleset) to a command as a file only this user can
 * read, removed right after: wg and nft read files, and a Node child's /dev/stdin is a
 * socket that cannot be opened.
 */
async function withSecretFile<T>(secret: string, fn: (path: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'rrnet-wg-'));
  try {
    const path = join(dir, 'secret');
    await writeFile(path, secret, { mode: 0o600 });
    return await fn(path);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function interfaceExists(netns: string | undefined, name: string): Promise<boolean> {
  return run(netns, 'ip', ['link', 'show', 'dev', name]).then(
    () => true,
    () => false,
  );
}

/** How long wireguard-go has to open its UAPI socket: a loaded machine can take seconds to start it (a CI run once missed 5 s). */
const USERSPACE_START_MS = 15_000;

async function waitFor(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return check();
}

export async function startTunnelEndpoint(options: TunnelEndpointOptions): Promise<TunnelEndpoint> {
  const { interfaceName: ifname, netns, logger } = options;
  const wanted = options.implementation ?? 'auto';
  let implementation: 'kernel' | 'userspace' | null = null;
  let userspace: ChildProcess | null = null;

  if (await interfaceExists(netns, ifname)) throw new TunnelCommandError(`interface ${ifname} already exists; another endpoint is running?`);
  if (wanted !== 'userspace') {
    try {
      await run(netns, 'ip', ['link', 'add', 'dev', ifname, 'type', 'wireguard']);
      implementation = 'kernel';
    } catch (err) {
      if (wanted === 'kernel') throw err;
      logger.info({ interface: ifname }, 'no kernel WireGuard here: starting wireguard-go');
    }
  }
  if (!implementation) {
    // foreground (-f): the process is ours; its exit removes the interface
    const [file, argv] = netns ? ['ip', ['netns', 'exec', netns, 'wireguard-go', '-f', ifname]] : ['wireguard-go', ['-f', ifname]];
    userspace = spawn(file, argv, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    userspace.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
    let exit: string | null = null;
    const exited = new Promise<boolean>((resolve) =>
      userspace!.once('exit', (code, signal) => {
        exit = `exited (${signal ?? code})`;
        resolve(false);
      }),
    );
    // wireguard-go answers wg once its UAPI socket exists
    const up = await Promise.race([exited, waitFor(() => run(netns, 'wg', ['show', ifname]).then(() => true, () => false), USERSPACE_START_MS)]);
    if (!up) {
      userspace.kill('SIGTERM');
      throw new TunnelCommandError(`wireguard-go did not start ${ifname} (${exit ?? `no UAPI socket after ${USERSPACE_START_MS} ms`}): ${stderr.trim()}`);
    }
    implementation = 'userspace';
  }

  const stopInterface = async () => {
    if (userspace && userspace.exitCode === null) {
      const gone = new Promise((r) => userspace!.once('exit', r));
      userspace.kill('SIGTERM');
      await Promise.race([gone, new Promise((r) => setTimeout(r, 2000))]);
      if (userspace.exitCode === null) userspace.kill('SIGKILL');
    }
    await run(netns, 'ip', ['link', 'del', 'dev', ifname]).catch(() => undefined);
  };

  try {
    await withSecretFile(options.privateKey, (path) => run(netns, 'wg', ['set', ifname, 'listen-port', String(options.listenPort), 'private-key', path]));
    await run(netns, 'ip', ['address', 'replace', `${platformAddress(options.net)}/${options.net.prefix}`, 'dev', ifname]);
    await run(netns, 'ip', ['link', 'set', 'dev', ifname, 'up']);
  } catch (err) {
    await stopInterface();
    throw err;
  }
  logger.info({ interface: ifname, implementation, network: networkCidr(options.net), address: platformAddress(options.net), listen_port: options.listenPort }, 'tunnel endpoint up');

  let appliedFirewall: string | null = null;
  let appliedPeers: string | null = null;
  const dump = async () => parseWgDump(await run(netns, 'wg', ['show', ifname, 'dump']));

  const sync = async (): Promise<TunnelSyncResult> => {
    const peers: TunnelPeerRow[] = await listTunnelPeers(options.systemSql);
    const config = endpointWgConfig(options.privateKey, options.listenPort, peers.map((p) => ({ publicKey: p.public_key, address: p.address })));
    if (config !== appliedPeers) {
      await withSecretFile(config, (path) => run(netns, 'wg', ['syncconf', ifname, path]));
      appliedPeers = config;
      logger.info({ interface: ifname, peers: peers.length }, 'tunnel peers synced');
    }
    const firewall = endpointFirewall(ifname, options.net, peers.map((p) => p.block));
    let firewallApplied = false;
    // also when the table went missing (someone flushed the ruleset): isolation is put back
    const present = appliedFirewall !== null && (await run(netns, 'nft', ['list', 'table', 'inet', ENDPOINT_NFT_TABLE]).then(() => true, () => false));
    if (firewall !== appliedFirewall || !present) {
      await withSecretFile(firewall, (path) => run(netns, 'nft', ['-f', path]));
      appliedFirewall = firewall;
      firewallApplied = true;
    }
    const recorded = await recordTunnelStates(options.services, peers, await dump());
    return { peers: peers.length, firewallApplied, recorded };
  };

  let timer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;
  let inFlight: Promise<unknown> = Promise.resolve();
  const interval = options.syncIntervalMs ?? 10_000;
  const schedule = () => {
    if (stopped || interval <= 0) return;
    timer = setTimeout(() => {
      inFlight = sync()
        .catch((err: unknown) => logger.warn({ err }, 'tunnel endpoint sync failed; trying again'))
        .finally(schedule);
    }, interval);
    timer.unref();
  };
  try {
    await sync();
  } catch (err) {
    await stopInterface();
    throw err;
  }
  schedule();

  return {
    implementation,
    sync,
    dump,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await inFlight.catch(() => undefined);
      await run(netns, 'nft', ['delete', 'table', 'inet', ENDPOINT_NFT_TABLE]).catch(() => undefined);
      await stopInterface();
      logger.info({ interface: ifname }, 'tunnel endpoint stopped');
    },
  };
}
