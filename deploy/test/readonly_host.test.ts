/**
 * The container constraints of deploy/ proven on the host (no container engine can pull
 * images here): the Upstash bridge, the worker and the production web run as an
 * unprivileged user (nobody, 65534; no capabilities) in a private mount namespace where the
 * whole root filesystem, the app tree included, is read-only and only a fresh tmpfs on
 * /tmp is writable (readOnlyRootFilesystem + emptyDir /tmp), with their secrets handed
 * over as NAME_FILE files like compose secrets and Kubernetes secret volumes. Each one
 * must reach readiness: bridge PING, worker heartbeat and /metrics, web /api/health/ready
 * and a sign-in (sessions in Postgres, rate limits in Redis).
 *
 * The web part needs a production build (apps/web/.next, made by the e2e layer or
 * `pnpm --filter @rrnet/web build`); without one, or with one older than the sources, it
 * is skipped and its title says why. In `npm test` the integration layer runs before the
 * e2e layer builds, so a fresh clone skips it; a later run tests the build the e2e layer left.
 * Needs root (unshare, mount, setpriv), as the test suite runs here and in CI.
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigKeyProvider, SecretBox, generateKeySpec } from '@rrnet/crypto';
import { createVaultTransitSimulator } from '@rrnet/crypto/simulator';
import type { VaultSimulator } from '@rrnet/crypto/simulator';
import { seedDemo } from '@rrnet/db/seed';
import { createTestDatabase } from '@rrnet/db/testing';
import type { TestDatabase } from '@rrnet/db/testing';
import { TEST_PG_URL, TEST_REDIS_URL } from '../../tests/services';

const ROOT = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');
const NOBODY = 65534;
const WEB_DIR = `${ROOT}/apps/web`;

/** newest modification time of the sources a web build is made from */
function newestSource(): number {
  let newest = statSync(`${WEB_DIR}/next.config.ts`).mtimeMs;
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name === 'test') continue;
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory()) walk(path);
      else newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  walk(`${WEB_DIR}/src`);
  for (const pkg of readdirSync(`${ROOT}/packages`)) if (existsSync(`${ROOT}/packages/${pkg}/src`)) walk(`${ROOT}/packages/${pkg}/src`);
  walk(`${ROOT}/drizzle`);
  return newest;
}

/** a build older than the sources would test old code against the new schema: skipped */
function buildState(marker: string): 'current' | 'absent' | 'stale' {
  if (!existsSync(marker)) return 'absent';
  return statSync(marker).mtimeMs >= newestSource() ? 'current' : 'stale';
}
const BUILD = buildState(`${WEB_DIR}/.next/BUILD_ID`);
const STANDALONE_DIR = `${WEB_DIR}/.next/standalone/apps/web`;
const STANDALONE = buildState(`${STANDALONE_DIR}/server.js`);
const WHY = { absent: 'no production build in apps/web/.next', stale: 'the build in apps/web/.next is older than the sources' };
const CAN_SANDBOX =
  process.getuid?.() === 0 && ['unshare', 'setpriv', 'mount'].every((bin) => spawnSync('which', [bin]).status === 0);

/**
 * Runs argv inside the sandbox: a private mount namespace with `/` and the repository
 * remounted read-only (bind remounts: flags of this namespace's mounts only, the host
 * keeps its own), a fresh tmpfs on /tmp, then setpriv to nobody with every capability
 * gone. $1 is the working directory; HOME and TMPDIR are /tmp/home. With
 * RRNET_SANDBOX_IMAGE the web image's /app is laid out as web.Dockerfile copies it (the
 * standalone output, then .next/static) at /tmp/app, root-owned and read-only, away from
 * the repository's node_modules: what the standalone server needs must be in it.
 */
const SANDBOX = `set -e
mount -o remount,bind,ro /
mount --bind -o ro "$RRNET_SANDBOX_ROOT" "$RRNET_SANDBOX_ROOT"
# a checkout under /tmp (CI clones may live there) would vanish under the fresh tmpfs:
# hold it on a scratch mount meanwhile and bind it back, read-only, at its own path
case "$RRNET_SANDBOX_ROOT" in /tmp/*)
  mount -t tmpfs -o size=1m tmpfs /mnt
  mkdir /mnt/repo
  mount --bind "$RRNET_SANDBOX_ROOT" /mnt/repo ;;
esac
mount -t tmpfs -o size=512m,mode=1777,nosuid,nodev tmpfs /tmp
case "$RRNET_SANDBOX_ROOT" in /tmp/*)
  mkdir -p "$RRNET_SANDBOX_ROOT"
  mount --bind -o ro /mnt/repo "$RRNET_SANDBOX_ROOT"
  umount -l /mnt ;;
esac
if [ -n "$RRNET_SANDBOX_IMAGE" ]; then
  mkdir /tmp/app
  cp -a "$RRNET_SANDBOX_IMAGE/." /tmp/app/
  mkdir -p /tmp/app/apps/web/.next
  cp -a "$RRNET_SANDBOX_STATIC" /tmp/app/apps/web/.next/static
  chown -R 0:0 /tmp/app
  mount --bind -o ro /tmp/app /tmp/app
fi
mkdir -m 0700 /tmp/home
chown ${NOBODY}:${NOBODY} /tmp/home
cd "$1"
shift
exec setpriv --reuid=${NOBODY} --regid=${NOBODY} --clear-groups --inh-caps=-all --bounding-set=-all -- "$@"`;

interface Sandboxed {
  child: ChildProcess;
  output: string[];
  exited: Promise<number | null>;
}

function sandboxed(cwd: string, argv: string[], env: Record<string, string>): Sandboxed {
  const output: string[] = [];
  const child = spawn('unshare', ['--mount', '--propagation', 'private', '--', '/bin/sh', '-c', SANDBOX, 'sandbox', cwd, ...argv], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: '/tmp/home', TMPDIR: '/tmp/home', RRNET_SANDBOX_ROOT: ROOT, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d) => output.push(String(d)));
  child.stderr!.on('data', (d) => output.push(String(d)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output, exited };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function until<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs: number, proc?: Sandboxed): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    if (proc && proc.child.exitCode !== null) {
      throw new Error(`${what}: the process exited (${proc.child.exitCode}):\n${proc.output.join('').slice(-3000)}`);
    }
    try {
      const value = await fn();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what}: not reached in ${timeoutMs} ms (${String(last)})\n${proc?.output.join('').slice(-3000) ?? ''}`);
}

/** real, effective, saved and filesystem UIDs of a running process */
function uidsOf(pid: number): number[] {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('Uid:'))!;
  return line.split(/\s+/).slice(1, 5).map(Number);
}

async function stop(proc: Sandboxed | undefined): Promise<number | null> {
  if (!proc || proc.child.exitCode !== null) return proc?.child.exitCode ?? null;
  proc.child.kill('SIGTERM');
  const timer = setTimeout(() => proc.child.kill('SIGKILL'), 15_000);
  const code = await proc.exited;
  clearTimeout(timer);
  return code;
}

describe.skipIf(!CAN_SANDBOX)('production processes as nobody on a read-only root filesystem', () => {
  const secretsDir = `${ROOT}/.rrnet/readonly-host-${randomUUID().slice(0, 8)}`;
  const token = randomBytes(24).toString('base64url');
  const prefix = `rohost-${randomUUID().slice(0, 8)}`;
  let db: TestDatabase;
  let admin: postgres.Sql;
  let bridge: Sandboxed;
  let worker: Sandboxed | undefined;
  const webs: Sandboxed[] = [];
  let bridgeUrl: string;
  let metricsPort: number;
  // production keeps the KEK in a KMS: Vault Transit (simulated), its token a secret file
  const vaultToken = `s.${randomBytes(18).toString('base64url')}`;
  let vault: VaultSimulator;
  const file = (name: string) => `${secretsDir}/${name}`;

  beforeAll(async () => {
    const keySpec = generateKeySpec();
    vault = await createVaultTransitSimulator({ tokens: [vaultToken], keys: ['rrnet'] });
    db = await createTestDatabase(TEST_PG_URL);
    await seedDemo({ appUrl: db.appUrl, systemUrl: db.systemUrl, secretBox: new SecretBox(new ConfigKeyProvider(keySpec)) });
    admin = postgres(db.adminUrl, { max: 1, onnotice: () => {} });
    // secret files as compose writes them: root-owned, readable, in a directory nobody cannot write
    mkdirSync(secretsDir, { recursive: true, mode: 0o755 });
    const secrets: Record<string, string> = {
      app_database_url: db.appUrl,
      system_database_url: db.systemUrl,
      encryption_keys: keySpec,
      bridge_token: token,
      redis_url: TEST_REDIS_URL,
      auth_secret: randomBytes(32).toString('base64url'),
      vault_token: vaultToken,
    };
    for (const [name, value] of Object.entries(secrets)) writeFileSync(file(name), `${value}\n`, { mode: 0o644 });

    const bridgePort = await freePort();
    bridgeUrl = `http://127.0.0.1:${bridgePort}`;
    bridge = sandboxed(`${ROOT}/packages/cache`, [process.execPath, '--import', 'tsx', 'src/bridge_cli.ts'], {
      NODE_ENV: 'production',
      REDIS_URL_FILE: file('redis_url'),
      BRIDGE_TOKEN_FILE: file('bridge_token'),
      BRIDGE_HOST: '127.0.0.1',
      BRIDGE_PORT: String(bridgePort),
    });
    await until(
      'bridge PING',
      async () => {
        const res = await fetch(bridgeUrl, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: '["PING"]' });
        return res.ok ? ((await res.json()) as { result: string }) : undefined;
      },
      20_000,
      bridge,
    );
    metricsPort = await freePort();
  });

  afterAll(async () => {
    for (const proc of webs) await stop(proc);
    await stop(worker);
    await stop(bridge);
    await admin?.end();
    await db?.drop();
    await vault?.close();
    rmSync(secretsDir, { recursive: true, force: true });
  });

  const appEnv = () => ({
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
    LOG_PRETTY: 'false',
    APP_DATABASE_URL_FILE: file('app_database_url'),
    SYSTEM_DATABASE_URL_FILE: file('system_database_url'),
    ENCRYPTION_KEYS_FILE: file('encryption_keys'),
    KMS_PROVIDER: 'vault',
    VAULT_ADDR: vault.url,
    VAULT_TOKEN_FILE: file('vault_token'),
    VAULT_TRANSIT_KEY: 'rrnet',
    UPSTASH_REDIS_REST_URL: bridgeUrl,
    UPSTASH_REDIS_REST_TOKEN_FILE: file('bridge_token'),
    REDIS_KEY_PREFIX: prefix,
  });

  it('the sandbox lets nobody write only its tmpfs: not the app tree, not /, not /var/tmp', async () => {
    const probe = sandboxed(ROOT, [
      process.execPath,
      '-e',
      `const fs = require('node:fs');
       const out = { uid: process.getuid(), tmpdir: require('node:os').tmpdir() };
       for (const p of [${JSON.stringify(`${ROOT}/apps/worker/rohost-probe`)}, ${JSON.stringify(`${ROOT}/rohost-probe`)}, '/rohost-probe', '/var/tmp/rohost-probe', '/tmp/home/probe']) {
         try { fs.writeFileSync(p, 'x'); out[p] = 'written'; } catch (e) { out[p] = e.code; }
       }
       console.log(JSON.stringify(out));`,
    ], {});
    expect(await probe.exited).toBe(0);
    const result = JSON.parse(probe.output.join('').trim()) as Record<string, unknown>;
    expect(result).toEqual({
      uid: NOBODY,
      tmpdir: '/tmp/home',
      [`${ROOT}/apps/worker/rohost-probe`]: 'EROFS',
      [`${ROOT}/rohost-probe`]: 'EROFS',
      '/rohost-probe': 'EROFS',
      '/var/tmp/rohost-probe': 'EROFS',
      '/tmp/home/probe': 'written',
    });
    expect(uidsOf(bridge.child.pid!)).toEqual([NOBODY, NOBODY, NOBODY, NOBODY]);
  });

  it('the worker (tsx apps/worker/src/main.ts) heartbeats as rrnet_app and serves /metrics', async () => {
    worker = sandboxed(`${ROOT}/apps/worker`, [process.execPath, '--import', 'tsx', 'src/main.ts'], {
      ...appEnv(),
      WORKER_CRON: 'false',
      WORKER_HEARTBEAT_MS: '1000',
      WORKER_CONCURRENCY: '2',
      WORKER_METRICS_HOST: '127.0.0.1',
      WORKER_METRICS_PORT: String(metricsPort),
    });
    const beat = await until(
      'worker heartbeat',
      async () => (await admin<{ worker_id: string }[]>`SELECT worker_id FROM sys_worker_heartbeats`)[0],
      30_000,
      worker,
    );
    const [session] = await admin<{ usename: string }[]>`SELECT usename FROM pg_stat_activity WHERE application_name = ${beat.worker_id}`;
    expect(session?.usename).toBe('rrnet_app');
    const metrics = await until(
      'worker /metrics',
      async () => {
        const res = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
        return res.ok ? res.text() : undefined;
      },
      10_000,
      worker,
    );
    expect(metrics).toMatch(/^rrnet_jobs_queue_depth\{class="critical"\} 0$/m);
    expect(metrics).toMatch(/^rrnet_jobs_dead_letters 0$/m);
    expect(uidsOf(worker.child.pid!)).toEqual([NOBODY, NOBODY, NOBODY, NOBODY]);
    const lines = worker.output.join('').split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { level: string; message: string });
    expect(lines.map((l) => l.message)).toContain('worker started');
    expect(lines.filter((l) => l.level === 'error')).toEqual([]);
  });

  /** starts a web server in the sandbox; it must reach readiness and sign a user in */
  async function webServes(label: string, cwd: string, argv: string[], port: number, sandboxEnv: Record<string, string> = {}): Promise<void> {
    expect(worker, 'the worker test runs first: readiness needs its heartbeat').toBeDefined();
    const base = `http://127.0.0.1:${port}`;
    const proc = sandboxed(cwd, argv, {
      ...sandboxEnv,
      ...appEnv(),
      NEXT_TELEMETRY_DISABLED: '1',
      PORT: String(port),
      HOSTNAME: '127.0.0.1',
      PUBLIC_URL: base,
      AUTH_SECRET_FILE: file('auth_secret'),
    });
    webs.push(proc);
    const ready = await until(
      `${label} /api/health/ready`,
      async () => {
        const res = await fetch(`${base}/api/health/ready`);
        return res.status === 200 ? ((await res.json()) as { status: string; data: { ready: boolean } }) : undefined;
      },
      45_000,
      proc,
    );
    expect(ready).toMatchObject({ status: 'success', data: { ready: true } });
    expect(uidsOf(proc.child.pid!)).toEqual([NOBODY, NOBODY, NOBODY, NOBODY]);

    // a sign-in writes a session row (Postgres; session_id names its family) and spends
    // rate-limit windows (Redis); the access token is bound to the client's user agent
    const ua = 'rrnet-readonly-host-test/1.0';
    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': ua },
      body: JSON.stringify({ email: 'owner@sinarnet.demo', password: 'rrnet-demo-2026' }),
    });
    expect(login.status).toBe(200);
    const tokens = (await login.json()) as { data: { access_token: string; session_id: string } };
    const me = await fetch(`${base}/api/v1/auth/me`, { headers: { authorization: `Bearer ${tokens.data.access_token}`, 'user-agent': ua } });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { data: { email: string } }).data.email).toBe('owner@sinarnet.demo');
    const [row] = await admin<{ n: number }[]>`
      SELECT count(*)::int AS n FROM sys_sessions WHERE family_id = ${tokens.data.session_id} AND revoked_at IS NULL`;
    expect(row?.n).toBe(1);
    // a server-rendered page too, and its assets with the immutable caching a CDN keeps (docs/cdn.md)
    const page = await fetch(`${base}/login`);
    expect(page.status).toBe(200);
    const asset = /\/_next\/static\/[^"' ]+\.js/.exec(await page.text())?.[0];
    expect(asset).toBeDefined();
    const res = await fetch(`${base}${asset}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(proc.output.join('')).not.toMatch(/EROFS|EACCES/);
    await stop(proc);
  }

  it.skipIf(BUILD !== 'current')(
    BUILD === 'current'
      ? 'the web (next start of the production build, as scripts/lib/stack.mjs runs it) reaches readiness and signs a user in'
      : `the web (next start): SKIPPED, ${WHY[BUILD]} (the e2e layer or \`pnpm --filter @rrnet/web build\` makes one)`,
    async () => {
      const port = await freePort();
      await webServes('next start', WEB_DIR, [process.execPath, `${WEB_DIR}/node_modules/next/dist/bin/next`, 'start', '--port', String(port)], port);
    },
    90_000,
  );

  it.skipIf(STANDALONE !== 'current')(
    STANDALONE === 'current'
      ? 'the web as the image runs it (standalone server.js in a read-only /app laid out as web.Dockerfile copies it) reaches readiness and signs a user in'
      : `the web (standalone server.js): SKIPPED, ${STANDALONE === 'stale' ? 'it is older than the sources' : 'apps/web/.next/standalone absent'} (built only with RRNET_NEXT_OUTPUT=standalone, as web.Dockerfile does)`,
    async () => {
      await webServes('standalone server.js', '/tmp/app/apps/web', [process.execPath, 'server.js'], await freePort(), {
        RRNET_SANDBOX_IMAGE: `${WEB_DIR}/.next/standalone`,
        RRNET_SANDBOX_STATIC: `${WEB_DIR}/.next/static`,
      });
    },
    90_000,
  );

  it('SIGTERM: the worker drains and exits 0 under the same constraints', async () => {
    expect(worker).toBeDefined();
    expect(await stop(worker)).toBe(0);
    expect(worker!.output.join('')).toContain('worker stopped');
    expect(await admin`SELECT 1 FROM sys_worker_heartbeats`).toHaveLength(0);
  });
});
