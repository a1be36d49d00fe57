/**
 * A PostgreSQL cluster of its own for tests that need server settings the shared test
 * server cannot have (ssl=on with a hostssl-only pg_hba, WAL archiving for backups):
 * initdb in a fresh temp dir, a free port, its socket in the same dir, stopped and
 * deleted afterwards. PostgreSQL refuses to run as root, so when the tests run as root
 * every server-side command runs as the `postgres` OS user (runuser) and the dirs are
 * handed to it; otherwise they run as the current user.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import type { SpawnSyncReturns } from 'node:child_process';
import {
  chownSync,
  copyFileSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  appendFileSync,
  writeFileSync,
  chmodSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { basename, join } from 'node:path';

const IS_ROOT = typeof process.getuid === 'function' && process.getuid() === 0;

/** The newest installed server binaries (/usr/lib/postgresql/<major>/bin), or null. */
export function postgresBinDir(): string | null {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return null;
  const majors = readdirSync(root)
    .filter((d) => /^\d+$/.test(d))
    .sort((a, b) => Number(b) - Number(a));
  for (const major of majors) {
    const bin = join(root, major, 'bin');
    if (existsSync(join(bin, 'initdb')) && existsSync(join(bin, 'pg_ctl'))) return bin;
  }
  return null;
}

/** The OS user the server runs as: postgres when we are root, else ourselves. */
export function serverOsUser(): { name: string; uid: number; gid: number } {
  if (!IS_ROOT) {
    const me = userInfo();
    return { name: me.username, uid: me.uid, gid: me.gid };
  }
  const [uid, gid] = execFileSync('sh', ['-c', 'id -u postgres && id -g postgres'], {
    encoding: 'utf8',
  })
    .trim()
    .split('\n')
    .map(Number);
  return { name: 'postgres', uid: uid!, gid: gid! };
}

/** Runs a command as the server's OS user; throws with its output when it fails. */
export function runAsServerUser(
  cmd: string,
  args: string[],
  options: { cwd?: string; allowFailure?: boolean; env?: NodeJS.ProcessEnv } = {},
): SpawnSyncReturns<string> {
  const argv = IS_ROOT ? ['runuser', '-u', 'postgres', '--', cmd, ...args] : [cmd, ...args];
  const result = spawnSync(argv[0]!, argv.slice(1), {
    encoding: 'utf8',
    cwd: options.cwd ?? tmpdir(),
    env: options.env ?? process.env,
    timeout: 120_000,
  });
  if (!options.allowFailure && result.status !== 0) {
    throw new Error(
      `${cmd} ${args.join(' ')} failed (${result.status ?? result.signal}):\n${result.stdout}\n${result.stderr}`,
    );
  }
  return result;
}

/** A port nobody listens on right now (never 5432). */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = createServer();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const address = server.address();
        server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
      });
    });
    if (port !== 5432 && port > 0) return port;
  }
}

/** A temp dir owned by the server's OS user (mode 0700). */
export function serverOwnedDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const user = serverOsUser();
  chownSync(dir, user.uid, user.gid);
  chmodSync(dir, 0o700);
  return dir;
}

/** Copies a file into a server-owned dir (keys at 0600, as PostgreSQL demands). */
export function copyForServer(file: string, dir: string, mode = 0o600): string {
  const target = join(dir, basename(file));
  copyFileSync(file, target);
  const user = serverOsUser();
  chownSync(target, user.uid, user.gid);
  chmodSync(target, mode);
  return target;
}

export interface ClusterOptions {
  /** extra postgresql.conf lines, e.g. { ssl: 'on', archive_mode: 'on' } (values written as given) */
  settings?: Record<string, string>;
  /** pg_hba.conf content; default: trust for the socket and 127.0.0.1 */
  hba?: string;
  /** an existing data directory (a restored backup) instead of a fresh initdb */
  dataDir?: string;
  /** the cluster's dir (socket, log); default a fresh server-owned temp dir */
  dir?: string;
  /** environment of the server's commands (the clock layer preloads libfaketime into it) */
  env?: NodeJS.ProcessEnv;
}

export interface Cluster {
  dir: string;
  dataDir: string;
  port: number;
  socketDir: string;
  bin: string;
  /** postgres:// URL for a role (host 127.0.0.1 unless given; query appended as given) */
  url: (user?: string, database?: string, query?: string, host?: string) => string;
  /** appends postgresql.conf settings (takes effect at the next start) */
  settings: (extra: Record<string, string>) => void;
  start: () => void;
  stop: () => void;
  /** the same, without blocking the event loop (fault tests: callers keep running meanwhile) */
  startAsync: () => Promise<void>;
  stopAsync: () => Promise<void>;
  /** stop and delete everything */
  destroy: () => void;
  log: () => string;
}

export async function createCluster(options: ClusterOptions = {}): Promise<Cluster> {
  const bin = postgresBinDir();
  if (!bin) throw new Error('no PostgreSQL server binaries under /usr/lib/postgresql');
  const dir = options.dir ?? serverOwnedDir('rrnet-pg-');
  const dataDir = options.dataDir ?? join(dir, 'data');
  const port = await freePort();
  const logFile = join(dir, 'server.log');
  if (!options.dataDir) {
    runAsServerUser(join(bin, 'initdb'), [
      '-D',
      dataDir,
      '-U',
      'postgres',
      '--auth=trust',
      '-E',
      'UTF8',
      '--no-locale',
      '--no-sync',
      '--no-instructions',
    ], { env: options.env });
  }
  const user = serverOsUser();
  const conf = join(dataDir, 'postgresql.conf');
  const settings: Record<string, string> = {
    port: String(port),
    unix_socket_directories: `'${dir}'`,
    listen_addresses: "'127.0.0.1'",
    fsync: 'off',
    max_connections: '40',
    shared_buffers: "'32MB'",
    ...options.settings,
  };
  const writeSettings = (values: Record<string, string>) =>
    appendFileSync(
      conf,
      `\n${Object.entries(values)
        .map(([k, v]) => `${k} = ${v}`)
        .join('\n')}\n`,
    );
  writeSettings(settings);
  const hbaFile = join(dataDir, 'pg_hba.conf');
  if (options.hba !== undefined || !options.dataDir) {
    writeFileSync(hbaFile, options.hba ?? 'local all all trust\nhost all all 127.0.0.1/32 trust\n');
    chownSync(hbaFile, user.uid, user.gid);
  }
  const pgCtl = (action: 'start' | 'stop', allowFailure = false) =>
    runAsServerUser(
      join(bin, 'pg_ctl'),
      [
        '-D',
        dataDir,
        '-l',
        logFile,
        '-w',
        '-t',
        '60',
        ...(action === 'stop' ? ['-m', 'fast'] : []),
        action,
      ],
      { allowFailure, env: options.env },
    );
  const pgCtlAsync = (action: 'start' | 'stop') =>
    new Promise<void>((resolve, reject) => {
      const args = ['-D', dataDir, '-l', logFile, '-w', '-t', '60', ...(action === 'stop' ? ['-m', 'fast'] : []), action];
      const argv = IS_ROOT ? ['runuser', '-u', 'postgres', '--', join(bin, 'pg_ctl'), ...args] : [join(bin, 'pg_ctl'), ...args];
      const child = spawn(argv[0]!, argv.slice(1), { stdio: 'ignore', cwd: tmpdir(), env: options.env ?? process.env });
      child.once('error', reject);
      child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`pg_ctl ${action} exited ${code}`))));
    });
  let running = false;
  const cluster: Cluster = {
    dir,
    dataDir,
    port,
    socketDir: dir,
    bin,
    url: (role = 'postgres', database = 'postgres', query = '', host = '127.0.0.1') =>
      `postgres://${role}@${host}:${port}/${database}${query ? `?${query}` : ''}`,
    settings: writeSettings,
    start: () => {
      if (running) return;
      pgCtl('start');
      running = true;
    },
    startAsync: async () => {
      if (running) return;
      await pgCtlAsync('start');
      running = true;
    },
    stopAsync: async () => {
      if (!running) return;
      await pgCtlAsync('stop');
      running = false;
    },
    stop: () => {
      if (running) pgCtl('stop', true);
      running = false;
    },
    destroy: () => {
      cluster.stop();
      rmSync(dir, { recursive: true, force: true });
      if (options.dataDir) rmSync(options.dataDir, { recursive: true, force: true });
    },
    log: () => spawnSync('tail', ['-n', '40', logFile], { encoding: 'utf8' }).stdout,
  };
  return cluster;
}
