/**
 * bench/notifications: many ISPs' WhatsApp messages queued at once, sent by the real
 * wa_notifications task (graphile-worker in this process, the worker's task list) through
 * the gateway simulator at BENCH_LATENCY_MS per call, delivered by its status callbacks to
 * RRNet's webhook handler. Measures the time until every message is delivered against the
 * bound the 10 msg/s per-ISP limit sets (messages per ISP / 10 s: ISPs send in parallel),
 * and each ISP's p95 wait (from the run's start, when all is queued, to sent), so fairness
 * between ISPs shows.
 *
 *   pnpm bench:notifications     BENCH_ISPS (50) × BENCH_MESSAGES (200), BENCH_LATENCY_MS (100),
 *                                BENCH_CONCURRENCY (16 jobs at once), BENCH_OUT (bench/results/notifications.json),
 *                                BENCH_REDIS (resp: the shipped REDIS_URL requester in-process;
 *                                bridge: Upstash REST through the bridge, as before),
 *                                BENCH_WORKER_BATCHING (the worker's shipped local queue and completion
 *                                batching; off: one job per fetch, as before 2026-12-06),
 *                                BENCH_WARM_ISPS (BENCH_CONCURRENCY: ISPs of 20 messages each sent
 *                                through the same worker, simulator and receiver before t0, not measured;
 *                                0: a worker just started, cold)
 * The worker runs before t0 and every ISP's drain is queued at t0 in one transaction. (Until
 * 2026-12-06 graphile-worker was started after t0 and the drains queued one transaction each:
 * the run also measured the worker's start-up, cold connections and a 2–4 s spread of the
 * first drains: an interleaved A/B on 2026-12-06, 1.20 / 1.29 before vs 1.10 / 1.20 after.)
 * BENCH_POLL_MS (2000, the worker's default), BENCH_WAKEUPS (on: the worker's wake-ups,
 * apps/worker/src/wakeups.ts, start a drain when its limiter's next second starts; off: the poll or other fetches find it).
 * Also reported: each drain's start after its run_at and its run time, and the CPU seconds
 * of the machine and of each process (worker, simulator, receiver) during the run.
 * Target: ratio ≤ 1.15 and no ISP's p95 wait more than 1.5× another's.
 */
import { writeFileSync } from 'node:fs';
import { EventEmitter, once } from 'node:events';
import { loadavg } from 'node:os';
import { Logger as GraphileLogger, run } from 'graphile-worker';
import type { TaskList, WorkerEvents } from 'graphile-worker';
import postgres from 'postgres';
import { RATE_LIMIT_POLICY, createRateLimiters, createRedis, createUpstashBridge } from '@rrnet/cache';
import { ConfigKeyProvider, SecretBox, generateKeySpec } from '@rrnet/crypto';
import { createDatabase } from '@rrnet/db';
import { createTestDatabase } from '@rrnet/db/testing';
import { enqueue } from '@rrnet/jobs';
import { createLogger } from '@rrnet/logger';
import { GatewayBreakers } from '@rrnet/whatsapp';
import type { GatewayCredentials } from '@rrnet/whatsapp';
import { RouterClientPool } from '@rrnet/routeros';
import { WORKER_BATCHING, graphileBatchingPreset, graphileConnectionString, graphilePoolSize } from '../../apps/worker/src/graphile_pool';
import { buildTaskList } from '../../apps/worker/src/task_list';
import { createWakeups } from '../../apps/worker/src/wakeups';
import { machineInfo } from '../machine';
import { machineCpu, processCpuSeconds, startProcess } from '../process';
import { quantile, timedTask } from '../timing';

const SERVER = process.env.RRNET_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS = process.env.RRNET_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const ISPS = Number(process.env.BENCH_ISPS ?? 50);
const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 200);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS ?? 100);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const OUT = process.env.BENCH_OUT ?? 'bench/results/notifications.json';
/** warm-up ISPs (not measured) whose messages go through the same worker, simulator and receiver before t0 */
const WARM_ISPS = Number(process.env.BENCH_WARM_ISPS ?? CONCURRENCY);
const WARM_MESSAGES = 20;
/** the worker's shipped batching (local queue, completion batching); BENCH_WORKER_BATCHING=off: graphile-worker's one job per fetch */
const BATCHING = process.env.BENCH_WORKER_BATCHING === 'off' ? null : WORKER_BATCHING;
const RATE = RATE_LIMIT_POLICY.wa_messages.limit; // per second per ISP
/** graphile-worker's poll interval: the worker's default (WORKER_POLL_INTERVAL_MS) */
const POLL_MS = Number(process.env.BENCH_POLL_MS ?? 2000);
/** on: the worker's wake-ups (apps/worker/src/wakeups.ts) start a drain when its limiter's next second starts; off: the poll finds it */
const WAKEUPS = process.env.BENCH_WAKEUPS !== 'off';
const events = new EventEmitter() as WorkerEvents;
const wakeups = createWakeups({ pollIntervalMs: POLL_MS, events });

const keySpec = generateKeySpec();
const secretBox = new SecretBox(new ConfigKeyProvider(keySpec));
const testDb = await createTestDatabase(SERVER, { prefix: 'rrnet_bench' });
const admin = postgres(testDb.adminUrl, { max: 2, onnotice: () => {} });
const app = createDatabase(testDb.appUrl, { max: CONCURRENCY + 4 });
const system = createDatabase(testDb.systemUrl, { max: 3 });
const REDIS_MODE = process.env.BENCH_REDIS === 'bridge' ? 'bridge' : 'resp';
const token = 'bench-bridge-token-0123456789';
const bridge = REDIS_MODE === 'bridge' ? await createUpstashBridge({ redisUrl: REDIS, token }) : null;
const redis = createRedis(bridge ? { url: bridge.url, token } : { redisUrl: REDIS });
const logger = createLogger({ service: 'bench', level: process.env.BENCH_LOG_LEVEL === 'info' ? 'info' : 'silent' });

// the ISPs: one plan with notifications, settings, the platform's gateway (the simulator's Cloud API account)
const gateway: GatewayCredentials = { kind: 'cloud', credentials: { phone_number_id: '900000001', access_token: 'bench-token', app_secret: 'bench-app-secret', verify_token: 'bench-verify' } };
await admin`INSERT INTO saas_plans (code, name, price_monthly, max_routers, max_customers, max_users, max_wa_messages_month, features)
            VALUES ('bench', 'Bench', 0, 10, 100000, 10, 10000000, ${['notifications']}::text[])`;
const tenants = await admin<{ id: string; slug: string }[]>`
  INSERT INTO saas_tenants (slug, name) SELECT 'bench-' || lpad(g::text, 3, '0'), 'Bench ISP ' || g FROM generate_series(1, ${ISPS}::int) g RETURNING id, slug`;
const ids = tenants.map((t) => t.id);
const warmIds = (
  await admin<{ id: string }[]>`
    INSERT INTO saas_tenants (slug, name) SELECT 'warm-' || lpad(g::text, 3, '0'), 'Warm-up ISP ' || g FROM generate_series(1, ${WARM_ISPS}::int) g RETURNING id`
).map((t) => t.id);
const allIds = [...ids, ...warmIds];
await admin.begin(async (tx) => {
  await tx`SET LOCAL rrnet.audit_bypass = 'on'`;
  await tx`INSERT INTO saas_subscriptions (tenant_id, plan_id, current_period_start, current_period_end)
           SELECT id, (SELECT id FROM saas_plans WHERE code = 'bench'), date_trunc('month', now())::date, (date_trunc('month', now()) + interval '1 month - 1 day')::date
           FROM unnest(${allIds}::uuid[]) AS id`;
  await tx`INSERT INTO tenant_settings (tenant_id, company_name, wa_quiet_start, wa_quiet_end) SELECT id, 'Bench', NULL, NULL FROM unnest(${allIds}::uuid[]) AS id`;
});

// the gateway simulator in its own process, as the gateway is outside RRNet
const simProcess = await startProcess(['packages/whatsapp/src/sim_cli.ts', '--port', '0', '--latency', String(LATENCY_MS)], {});
const sim = JSON.parse(simProcess.firstLine) as { url: string };
const shippedTasks = buildTaskList(
  { appSql: app.sql, systemSql: system.sql, logger },
  {
    network: { redis, logger, secretBox, routers: new RouterClientPool(), cachePrefix: 'bench:cache' },
    ...(WAKEUPS ? { wakeAt: wakeups.wakeAt } : {}),
    notifications: {
      secretBox,
      limiter: createRateLimiters(redis, `bench-${Date.now()}:rl`).wa_messages,
      breakers: new GatewayBreakers(),
      endpoints: { cloudBaseUrl: sim.url, timeoutMs: 10_000 },
      platformDefault: gateway,
      logger,
    },
  },
);

/**
 * Diagnostics: each drain's start against the time it was due (graphile's run_at: the
 * second of its limiter it waited for, or its enqueue), and how long it ran — where a cycle's time goes.
 */
const drains: { late: number; ms: number }[] = [];
const taskList: TaskList = {
  ...shippedTasks,
  wa_notifications: timedTask(shippedTasks.wa_notifications!, (job, start, end) => drains.push({ late: start - new Date(job.run_at).getTime(), ms: end - start })),
};

// the messages, set-based, and one drain per ISP — all at once
const slugById = new Map(tenants.map((t) => [t.id, t.slug]));
await admin.begin(async (tx) => {
  await tx`SET LOCAL rrnet.audit_bypass = 'on'`;
  await tx`
    INSERT INTO tenant_wa_messages (tenant_id, template_code, to_phone, body, urgent, dedupe_key)
    SELECT t.id, 'isolir_notice', '+62813' || lpad((row_number() OVER ())::text, 8, '0'), 'bench ' || g, true, 'bench:' || g
    FROM unnest(${ids}::uuid[]) AS t(id), generate_series(1, ${MESSAGES}::int) g`;
  await tx`
    INSERT INTO tenant_wa_messages (tenant_id, template_code, to_phone, body, urgent, dedupe_key)
    SELECT t.id, 'isolir_notice', '+62814' || lpad((row_number() OVER ())::text, 8, '0'), 'warm-up ' || g, true, 'warm:' || g
    FROM unnest(${warmIds}::uuid[]) AS t(id), generate_series(1, ${WARM_MESSAGES}::int) g`;
});

// RRNet's status webhook receiver in its own process, as the web app takes them in production
// (bench/notifications/webhook_receiver.ts); the simulator posts every status there, 5 ms after
const receiver = await startProcess(['bench/notifications/webhook_receiver.ts'], {
  RECEIVER_APP_URL: testDb.appUrl,
  RECEIVER_SYSTEM_URL: testDb.systemUrl,
  RECEIVER_ADMIN_URL: testDb.adminUrl,
  RECEIVER_KEY_SPEC: keySpec,
  RECEIVER_GATEWAY: JSON.stringify(gateway),
});
const receiverUrl = (JSON.parse(receiver.firstLine) as { url: string }).url;
const configured = await fetch(`${sim.url}/_sim/config`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ accounts: [{ kind: 'cloud', id: '900000001', access_token: 'bench-token', app_secret: 'bench-app-secret', callback_url: receiverUrl }], callbacks: { delay_ms: 5 } }),
});
if (!configured.ok) throw new Error(`simulator configuration: HTTP ${configured.status}`);

// The worker is running and warm when the measured drains are queued, as in production: its
// start-up (graphile's schema check, the pools' connections, each statement's first plan
// on each connection, the JIT) is not part of a delivery. Warm-up ISPs send their messages
// through the same worker, simulator and receiver first; they are not measured.
const runner = await run({
  // as apps/worker/src/main.ts runs it (its pool, batching, poll interval and wake-ups); concurrency is the bench's
  connectionString: graphileConnectionString(testDb.appUrl),
  concurrency: CONCURRENCY,
  maxPoolSize: graphilePoolSize(CONCURRENCY),
  ...(BATCHING ? { preset: graphileBatchingPreset(BATCHING) } : {}),
  pollInterval: POLL_MS,
  events,
  noHandleSignals: true,
  logger: new GraphileLogger(() => () => {}),
  taskList,
});
const queueDrains = (tenantIds: string[]) => app.sql.begin((tx) => Promise.all(tenantIds.map((id) => enqueue(tx, 'wa_notifications', {}, { tenantId: id }))));
async function allDelivered(pattern: string, count: number, deadline: number): Promise<void> {
  for (;;) {
    const [r] = await admin<{ n: number }[]>`SELECT count(*)::int AS n FROM tenant_wa_messages WHERE dedupe_key LIKE ${pattern} AND status = 'delivered'`;
    if (r!.n >= count) return;
    if (Date.now() > deadline) throw new Error(`timed out: ${r!.n}/${count} delivered (${pattern})`);
    await new Promise((res) => setTimeout(res, 200));
  }
}
if (WARM_ISPS > 0) {
  await queueDrains(warmIds);
  await allDelivered('warm:%', WARM_ISPS * WARM_MESSAGES, Date.now() + 120_000);
  drains.length = 0;
  await new Promise((res) => setTimeout(res, 1000));
}

const cpuStart = machineCpu();
const nodeCpuStart = process.cpuUsage();
const simCpuStart = processCpuSeconds(simProcess.child.pid!);
const receiverCpuStart = processCpuSeconds(receiver.child.pid!);
const loadStart = loadavg().map((x) => Math.round(x * 100) / 100);
// t0: every message is in the outbox; the ISPs' drains are queued at once, in one transaction
// (the worker is woken by graphile's notification, as when a business event queues its drain)
const t0 = Date.now();
await queueDrains(ids);
await allDelivered('bench:%', ISPS * MESSAGES, t0 + Math.max(120_000, (MESSAGES / RATE) * 20_000));
const runMs = Date.now() - t0;
const cpuEnd = machineCpu();
const nodeCpu = process.cpuUsage(nodeCpuStart);
const childCpu = { simulator: processCpuSeconds(simProcess.child.pid!) - simCpuStart, receiver: processCpuSeconds(receiver.child.pid!) - receiverCpuStart };
await runner.stop();
wakeups.stop();

const waits = await admin<{ tenant_id: string; p95: number; max: number }[]>`
  SELECT tenant_id, percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM sent_at - ${new Date(t0).toISOString()}::timestamptz) * 1000) AS p95,
         max(extract(epoch FROM sent_at - ${new Date(t0).toISOString()}::timestamptz) * 1000) AS max
  FROM tenant_wa_messages WHERE dedupe_key LIKE 'bench:%' GROUP BY tenant_id`;
const p95s = waits.map((w) => Number(w.p95));
const boundMs = (MESSAGES / RATE) * 1000;
const result = {
  benchmark: 'notifications',
  when: new Date().toISOString(),
  machine: { ...machineInfo({ concurrency: String(CONCURRENCY) }), load_average_start: loadStart, load_average_end: loadavg().map((x) => Math.round(x * 100) / 100) },
  config: { isps: ISPS, redis: REDIS_MODE, messages_per_isp: MESSAGES, gateway_latency_ms: LATENCY_MS, rate_per_isp_per_s: RATE, limiter: RATE_LIMIT_POLICY.wa_messages, worker_concurrency: CONCURRENCY, worker_batching: BATCHING ?? 'off', poll_interval_ms: POLL_MS, wakeups: WAKEUPS, warm_up: { isps: WARM_ISPS, messages_per_isp: WARM_MESSAGES, note: 'sent through the same worker, simulator and receiver before t0; not measured' } },
  run_ms: runMs,
  bound_ms: boundMs,
  ratio: Number((runMs / boundMs).toFixed(3)),
  // the wait of a message: from the run's start (every message queued, every drain woken) to sent
  p95_wait_ms: { min: Math.round(Math.min(...p95s)), max: Math.round(Math.max(...p95s)), spread: Number((Math.max(...p95s) / Math.max(1, Math.min(...p95s))).toFixed(3)) },
  cpu_seconds: {
    machine_busy: Number((cpuEnd.busy - cpuStart.busy).toFixed(1)),
    machine_available: Number((cpuEnd.total - cpuStart.total).toFixed(1)),
    worker: Number(((nodeCpu.user + nodeCpu.system) / 1e6).toFixed(1)),
    simulator: Number(childCpu.simulator.toFixed(1)),
    webhook_receiver: Number(childCpu.receiver.toFixed(1)),
    note: 'during the run: the whole machine (PostgreSQL, Redis and the three processes), the worker (this process), the gateway simulator and the webhook receiver',
  },
  drains: {
    runs: drains.length,
    late_ms: { p50: Math.round(quantile(drains.map((d) => d.late), 0.5)), p95: Math.round(quantile(drains.map((d) => d.late), 0.95)) },
    run_ms: { p50: Math.round(quantile(drains.map((d) => d.ms), 0.5)), p95: Math.round(quantile(drains.map((d) => d.ms), 0.95)) },
    note: 'late: a drain job\'s start after its run_at (the second of its limiter it waited for); run: its time in the task',
  },
  per_isp_p95_wait_ms: Object.fromEntries(waits.map((w) => [slugById.get(w.tenant_id), Math.round(Number(w.p95))])),
  targets: { ratio_max: 1.15, p95_spread_max: 1.5 },
};
writeFileSync(OUT, `${JSON.stringify(result, null, 2)}\n`);
console.log(JSON.stringify({ ratio: result.ratio, run_ms: runMs, bound_ms: boundMs, p95_wait_ms: result.p95_wait_ms, drains: result.drains, out: OUT }));

simProcess.child.kill('SIGTERM');
receiver.child.kill('SIGTERM');
await Promise.all([once(simProcess.child, 'exit'), once(receiver.child, 'exit')]);
await bridge?.close();
await app.close();
await system.close();
await admin.end();
await testDb.drop();
process.exit(0);
