/**
 * Horizontal scale smoke test (spec §8, docs/scaling.md): two production web processes
 * (`next start` of the build) and two workers, all NODE_ENV=production against one
 * database, one Redis (through the Upstash bridge) and one KMS (Vault Transit simulator).
 * Web is stateless: a token signed in on one process works on the other, and a session
 * revoked on one is refused by the other (at once on the revoking one; on the other once
 * its in-process session cache — 5 s — has let go). Jobs spread over both workers and
 * none runs twice (graphile-worker's SKIP LOCKED queue).
 * Needs the production build (like readonly_host.test.ts): npm test runs it in the host
 * layer after e2e; without a current build it is skipped and says why.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUpstashBridge } from '@rrnet/cache';
import type { UpstashBridge } from '@rrnet/cache';
import { ConfigKeyProvider, SecretBox, generateKeySpec } from '@rrnet/crypto';
import { createVaultTransitSimulator } from '@rrnet/crypto/simulator';
import type { VaultSimulator } from '@rrnet/crypto/simulator';
import { enqueueMany } from '@rrnet/jobs';
import { seedDemo } from '@rrnet/db/seed';
import { createTestDatabase } from '@rrnet/db/testing';
import type { TestDatabase } from '@rrnet/db/testing';
import { TEST_PG_URL, TEST_REDIS_URL } from '../../tests/services';

const ROOT = fileURLToPath(new URL('../..', import.meta.url)).replace(/\/$/, '');
const WEB_DIR = `${ROOT}/apps/web`;

function newestSource(): number {
  let newest = 0;
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
const MARKER = `${WEB_DIR}/.next/BUILD_ID`;
const BUILD = !existsSync(MARKER) ? 'absent' : statSync(MARKER).mtimeMs >= newestSource() ? 'current' : 'stale';

interface Proc {
  name: string;
  child: ChildProcess;
  output: string[];
  exited: Promise<number | null>;
}

function start(name: string, cwd: string, argv: string[], env: Record<string, string>): Proc {
  const output: string[] = [];
  const child = spawn(argv[0]!, argv.slice(1), { cwd, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (d) => output.push(String(d)));
  child.stderr!.on('data', (d) => output.push(String(d)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { name, child, output, exited };
}

async function stop(proc: Proc | undefined): Promise<void> {
  if (!proc || proc.child.exitCode !== null) return;
  proc.child.kill('SIGTERM');
  const timer = setTimeout(() => proc.child.kill('SIGKILL'), 20_000);
  await proc.exited;
  clearTimeout(timer);
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

async function until<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs: number, procs: Proc[] = []): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    for (const p of procs) if (p.child.exitCode !== null) throw new Error(`${what}: ${p.name} exited (${p.child.exitCode}):\n${p.output.join('').slice(-3000)}`);
    try {
      const value = await fn();
      if (value !== undefined) return value;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${what}: not reached in ${timeoutMs} ms (${String(last)})\n${procs.map((p) => `${p.name}: ${p.output.join('').slice(-1500)}`).join('\n')}`);
}

const jsonLines = (p: Proc) =>
  p.output
    .join('')
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe.skipIf(BUILD !== 'current')(
  BUILD === 'current' ? 'two web processes and two workers on one database' : `two web processes and two workers: SKIPPED, the build in apps/web/.next is ${BUILD}`,
  () => {
    const token = randomBytes(24).toString('base64url');
    const vaultToken = `s.${randomBytes(18).toString('base64url')}`;
    const prefix = `scale-${randomUUID().slice(0, 8)}`;
    // one AUTH_SECRET for both web processes: a token signed by one verifies on the other
    const authSecret = randomBytes(32).toString('base64url');
    let db: TestDatabase;
    let admin: postgres.Sql;
    let bridge: UpstashBridge;
    let vault: VaultSimulator;
    const workers: Proc[] = [];
    const webs: { proc: Proc; base: string }[] = [];

    beforeAll(async () => {
      const keySpec = generateKeySpec();
      vault = await createVaultTransitSimulator({ tokens: [vaultToken], keys: ['rrnet'] });
      db = await createTestDatabase(TEST_PG_URL);
      await seedDemo({ appUrl: db.appUrl, systemUrl: db.systemUrl, secretBox: new SecretBox(new ConfigKeyProvider(keySpec)) });
      admin = postgres(db.adminUrl, { max: 1, onnotice: () => {} });
      bridge = await createUpstashBridge({ redisUrl: TEST_REDIS_URL, token });
      const env = {
        NODE_ENV: 'production',
        LOG_LEVEL: 'debug',
        LOG_PRETTY: 'false',
        APP_DATABASE_URL: db.appUrl,
        SYSTEM_DATABASE_URL: db.systemUrl,
        ENCRYPTION_KEYS: keySpec,
        KMS_PROVIDER: 'vault',
        VAULT_ADDR: vault.url,
        VAULT_TOKEN: vaultToken,
        VAULT_TRANSIT_KEY: 'rrnet',
        UPSTASH_REDIS_REST_URL: bridge.url,
        UPSTASH_REDIS_REST_TOKEN: token,
        REDIS_KEY_PREFIX: prefix,
      };
      for (const n of [1, 2]) {
        workers.push(
          start(`worker-${n}`, `${ROOT}/apps/worker`, [process.execPath, '--import', 'tsx', 'src/main.ts'], {
            ...env,
            WORKER_CRON: 'false',
            WORKER_CONCURRENCY: '1',
            // small workers scaled out keep their local queue near their concurrency (README): at
            // the default of 50 the first worker to fetch locks this whole 60-job burst
            WORKER_LOCAL_QUEUE_SIZE: '2',
            WORKER_METRICS_PORT: '0',
            WORKER_HEARTBEAT_MS: '1000',
          }),
        );
      }
      for (const n of [1, 2]) {
        const port = await freePort();
        const base = `http://127.0.0.1:${port}`;
        const proc = start(`web-${n}`, WEB_DIR, [process.execPath, `${WEB_DIR}/node_modules/next/dist/bin/next`, 'start', '--port', String(port)], {
          ...env,
          LOG_LEVEL: 'info',
          NEXT_TELEMETRY_DISABLED: '1',
          AUTH_SECRET: authSecret,
          HOSTNAME: '127.0.0.1',
          PUBLIC_URL: base,
        });
        webs.push({ proc, base });
      }
      const all = [...workers, ...webs.map((w) => w.proc)];
      await until('both workers heartbeat', async () => {
        const [row] = await admin<{ n: number }[]>`SELECT count(*)::int AS n FROM sys_worker_heartbeats`;
        return row!.n >= 2 ? true : undefined;
      }, 90_000, all);
      for (const w of webs) {
        await until(`${w.proc.name} ready`, async () => ((await fetch(`${w.base}/api/health/ready`)).status === 200 ? true : undefined), 120_000, all);
      }
    }, 300_000);

    afterAll(async () => {
      await Promise.all([...webs.map((w) => stop(w.proc)), ...workers.map(stop)]);
      await bridge?.close();
      await admin?.end();
      await db?.drop();
      await vault?.close();
    }, 60_000);

    it('a session signed in on one web process works on the other; revoked on one, the other refuses it', async () => {
      const [a, b] = [webs[0]!, webs[1]!];
      const ua = 'rrnet-scale-test/1.0';
      const login = await fetch(`${a.base}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': ua },
        body: JSON.stringify({ email: 'owner@sinarnet.demo', password: 'rrnet-demo-2026' }),
      });
      expect(login.status).toBe(200);
      const { access_token } = ((await login.json()) as { data: { access_token: string } }).data;
      const me = (base: string) => fetch(`${base}/api/v1/auth/me`, { headers: { authorization: `Bearer ${access_token}`, 'user-agent': ua } });
      expect((await me(a.base)).status).toBe(200);
      expect((await me(b.base)).status).toBe(200);

      const logout = await fetch(`${a.base}/api/v1/auth/logout`, { method: 'POST', headers: { authorization: `Bearer ${access_token}`, 'user-agent': ua, 'content-type': 'application/json' }, body: '{}' });
      expect(logout.status).toBe(200);
      expect((await me(a.base)).status).toBe(401);
      // the other process refuses it too once its 5 s in-process cache entry is gone
      await until('web-2 refuses the revoked session', async () => ((await me(b.base)).status === 401 ? true : undefined), 60_000);
      expect((await me(a.base)).status).toBe(401);
    }, 90_000);

    it('jobs spread over both workers and none runs twice', async () => {
      const tenants = await admin<{ id: string }[]>`SELECT id FROM saas_tenants ORDER BY slug`;
      const days = Array.from({ length: 20 }, (_, i) => `2026-01-${String(i + 1).padStart(2, '0')}`);
      let enqueued = 0;
      for (const t of tenants) {
        enqueued += await enqueueMany(admin as never, 'analytics', days.map((day) => ({ payload: { day } })), { tenantId: t.id });
      }
      expect(enqueued).toBe(tenants.length * days.length);
      await until(
        'the queue drains',
        async () => {
          const [row] = await admin<{ n: number }[]>`
            SELECT count(*)::int AS n FROM graphile_worker._private_jobs j JOIN graphile_worker._private_tasks t ON t.id = j.task_id WHERE t.identifier = 'analytics'`;
          return row!.n === 0 ? true : undefined;
        },
        180_000,
        workers,
      );
      const completedBy = workers.map((w) => jsonLines(w).filter((l) => l.message === 'job completed' && l.task === 'analytics').map((l) => String(l.job_id)));
      const all = completedBy.flat();
      expect(all).toHaveLength(enqueued);
      expect(new Set(all).size).toBe(enqueued);
      for (const [i, ids] of completedBy.entries()) expect(ids.length, `worker-${i + 1} ran some`).toBeGreaterThan(0);
      for (const w of workers) expect(jsonLines(w).filter((l) => l.level === 'error')).toEqual([]);
    }, 240_000);
  },
);
