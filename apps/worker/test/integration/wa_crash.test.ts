/**
 * WhatsApp sending survives a worker SIGKILL in the middle of a batch: a real worker
 * process sends an ISP's messages through the simulator (Cloud API, 400 ms per call) and
 * is killed while calls are in flight; a second worker releases the dead one's drain
 * job, resolves the `sending` rows (those the gateway got were already matched by their
 * status webhook's callback data; the rest are sent after their lease) and finishes.
 * Every message is delivered, and the gateway received each exactly once.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queueMessage } from '@rrnet/core/notifications/outbox';
import { receiveWaWebhook } from '@rrnet/core/notifications/webhooks';
import { createDatabase, withTenant } from '@rrnet/db';
import { seedDemo } from '@rrnet/db/seed';
import { createTestDatabase } from '@rrnet/db/testing';
import type { TestDatabase } from '@rrnet/db/testing';
import { DEMO_WA_GATEWAYS, simAccountFor } from '@rrnet/whatsapp/demo';
import { createWhatsAppSimulator } from '@rrnet/whatsapp/simulator';
import type { WhatsAppSimulator } from '@rrnet/whatsapp/simulator';
import { TEST_PG_URL } from '../../../../tests/services';
import { startWorkerTestEnv } from './worker_env';
import type { WorkerTestEnv } from './worker_env';

const WORKER_DIR = fileURLToPath(new URL('../..', import.meta.url));
const MESSAGES = 40;
let db: TestDatabase;
let workerEnv: WorkerTestEnv;
let admin: postgres.Sql;
let app: ReturnType<typeof createDatabase>;
let system: ReturnType<typeof createDatabase>;
let sim: WhatsAppSimulator;
let hooks: Server;
let tenantId: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  workerEnv = await startWorkerTestEnv();
  db = await createTestDatabase(TEST_PG_URL);
  const seed = await seedDemo({ appUrl: db.appUrl, systemUrl: db.systemUrl, secretBox: workerEnv.secretBox });
  tenantId = seed.tenants[0]!.id;
  admin = postgres(db.adminUrl, { max: 1, onnotice: () => {} });
  app = createDatabase(db.appUrl, { max: 4 });
  system = createDatabase(db.systemUrl, { max: 2 });
  await admin`UPDATE tenant_settings SET wa_quiet_start = NULL, wa_quiet_end = NULL`;
  // RRNet's webhook route, in this process: status callbacks over HTTP
  const deps = { appSql: app.sql, systemSql: system.sql, services: { secretBox: workerEnv.secretBox, platformDefault: null } };
  hooks = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      receiveWaWebhook(deps, 'cloud', 'sinar-net', { rawBody: Buffer.concat(chunks).toString('utf8'), signature: (req.headers['x-hub-signature-256'] as string) ?? null, query: url.searchParams }).then(
        (r) => res.writeHead(r.status === 'rejected' ? 403 : 200).end(),
        () => res.writeHead(500).end(),
      );
    });
  });
  await new Promise<void>((r) => hooks.listen(0, '127.0.0.1', () => r()));
  const hookUrl = `http://127.0.0.1:${(hooks.address() as AddressInfo).port}`;
  const account = { ...simAccountFor(DEMO_WA_GATEWAYS['sinar-net']!.primary, 'sinar-net', hookUrl), callback_url: `${hookUrl}/cloud` };
  sim = await createWhatsAppSimulator({ accounts: [account], latencyMs: 400, callbacks: { delayMs: 5 } });
}, 60_000);
afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  await sim?.close();
  await new Promise<void>((r) => (hooks ? hooks.close(() => r()) : r()));
  await app?.close();
  await system?.close();
  await admin?.end();
  await db?.drop();
  await workerEnv?.close();
});

function startWorker(): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: WORKER_DIR,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      LOG_LEVEL: process.env.CRASH_TEST_LOG_LEVEL ?? 'warn',
      ...workerEnv.env,
      APP_DATABASE_URL: db.appUrl,
      SYSTEM_DATABASE_URL: db.systemUrl,
      WORKER_CONCURRENCY: '4',
      WORKER_HEARTBEAT_MS: '1000',
      WORKER_STALE_AFTER_MS: '3000',
      WORKER_POLL_INTERVAL_MS: '200',
      WORKER_METRICS_PORT: '0',
      WORKER_CRON: 'false',
      WA_CLOUD_BASE_URL: sim.url,
      WA_FONNTE_BASE_URL: sim.url,
      WA_SENDING_LEASE_MS: '3000',
    },
    stdio: ['ignore', process.env.CRASH_TEST_LOG_LEVEL ? 'inherit' : 'ignore', 'inherit'],
  });
  children.push(child);
  return child;
}

async function until(check: () => Promise<boolean>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('timed out');
}

describe('WhatsApp sending and a worker crash', () => {
  it('SIGKILL mid-batch: nothing lost, nothing sent twice', { timeout: 90_000 }, async () => {
    const ids = await withTenant(app.sql, { tenantId }, async (tx) => {
      const out: string[] = [];
      for (let i = 0; i < MESSAGES; i++) {
        const id = await queueMessage(tx, tenantId, { customerId: null, code: 'isolir_notice', toPhone: `+62852${String(10_000_000 + i).slice(-8)}`, values: { name: `P${i}` }, dedupeKey: `crash:${i}` });
        out.push(id!);
      }
      return out;
    });
    const first = startWorker();
    await until(async () => sim.messages().length >= 5, 30_000);
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    const [atKill] = await admin<{ sending: number; done: number }[]>`
      SELECT count(*) FILTER (WHERE status = 'sending')::int AS sending, count(*) FILTER (WHERE status IN ('sent', 'delivered'))::int AS done
      FROM tenant_wa_messages WHERE id = ANY(${ids}::uuid[])`;

    const second = startWorker();
    await until(async () => {
      const [r] = await admin<{ n: number }[]>`SELECT count(*)::int AS n FROM tenant_wa_messages WHERE id = ANY(${ids}::uuid[]) AND status = 'delivered'`;
      return r!.n === MESSAGES;
    }, 60_000);
    await sim.settle();
    const received = sim.messages().map((m) => m.callback_data);
    expect(received.filter((id) => ids.includes(id!)).sort()).toEqual([...ids].sort()); // each exactly once
    const [failed] = await admin<{ n: number }[]>`SELECT count(*)::int AS n FROM tenant_wa_messages WHERE id = ANY(${ids}::uuid[]) AND status = 'failed'`;
    expect(failed!.n).toBe(0);
    second.kill('SIGTERM');
    await new Promise((r) => second.once('exit', r));
    console.log(`wa crash test: ${atKill!.sending} sending and ${atKill!.done} sent at SIGKILL; all ${MESSAGES} delivered once after restart`);
  });
});
