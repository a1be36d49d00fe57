/**
 * bench/billing, two measurements against baselines taken in the same run:
 *
 * 1. The billing run for 100k customers across 50 tenants (core runBillingCycle, one tenant
 *    transaction each through withTenant as rrnet_app, 4 at a time like a worker) vs. the
 *    floor: the cheapest way found to write exactly the rows the run wrote (its invoices,
 *    their WhatsApp notices, the number sequences) into the same tables with the same
 *    indexes and triggers, precomputed — COPY per ISP 4 at a time, INSERT … SELECT per ISP
 *    4 at a time, or one INSERT … SELECT for all, each measured twice after each of two
 *    runs; the fastest is the floor → billing_ratio = mean run seconds / its mean seconds.
 *
 * 2. Isolir of 10k customers (10 tenants × 1k, 2 routers each = 20 simulated routers at
 *    50 ms per request): the hourly sweep queues the 10k isolations as billing_isolir_batch
 *    jobs (10 customers of one router each) and the real worker task list (graphile-worker,
 *    concurrency 20) changes every router; time until
 *    all 10k are isolated vs. the concurrency bound — the time the router requests alone
 *    need, given one job at a time per router (the per-router queue) and 20 workers:
 *    bound = max(busiest router's requests, all requests / 20) × 50 ms → isolir_ratio.
 *    The worker runs as apps/worker/src/main.ts configures it: the shipped batching
 *    (WORKER_BATCHING: local queue, completion batching), Redis by REDIS_URL (RESP
 *    in-process; BENCH_REDIS=bridge: Upstash REST through the bridge process, as before).
 *    The simulated routers run in their own process, as routers are outside the worker
 *    in production (in-process they took the worker's only event-loop thread).
 *    Also measured, before the run: the router floor — the same 4 requests per customer
 *    through the same client, one customer at a time per router, 20 routers at once, with
 *    no database or queue (isolir_ratio_vs_router_floor). It shows what HTTP and the
 *    simulator themselves add to the nominal 50 ms. Before that, the machine's HTTP floor
 *    (httpFloor: a plain node:http server and client, no RRNet code, 20 connections at the
 *    same latency; isolir_ratio_vs_http_floor). BENCH_SKIP_BILLING=1 measures isolir alone
 *    and keeps the committed billing part. Diagnostics: per-job run time and the
 *    pickup gap between two jobs of one router, when the last router got its first job,
 *    when the routers' last jobs ended and how long each router had no job in between,
 *    graphile-worker's job fetches (found / empty), and this process's event-loop delay
 *    and CPU in the run and in the router floor. Repeated (BENCH_ISOLIR_RUNS, 2):
 *    isolir_ratio is the mean of the runs.
 *
 *   pnpm bench:billing   (RRNET_TEST_PG_URL, RRNET_TEST_REDIS_URL)
 * Writes bench/results/billing.json.
 */
import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { machineInfo } from '../machine';
import { startProcess } from '../process';
import { quantile, timedTask } from '../timing';
import { Logger as GraphileLogger, run } from 'graphile-worker';
import postgres from 'postgres';
import { createRedis } from '@rrnet/cache';
import { runBillingCycle } from '@rrnet/core/billing/cycle';
import { flushMapInvalidations } from '@rrnet/core/network/services';
import { ConfigKeyProvider, SecretBox, generateKeySpec } from '@rrnet/crypto';
import { createDatabase, withTenant } from '@rrnet/db';
import { seedLoad } from '@rrnet/db/seed/load';
import { createTestDatabase } from '@rrnet/db/testing';
import { enqueue } from '@rrnet/jobs';
import { createLogger } from '@rrnet/logger';
import { RouterClientPool } from '@rrnet/routeros';
import { EventEmitter } from 'node:events';
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import type { TaskList, WorkerEvents } from 'graphile-worker';
import { WORKER_BATCHING, graphileBatchingPreset, graphileConnectionString, graphilePoolSize } from '../../apps/worker/src/graphile_pool';
import { buildTaskList } from '../../apps/worker/src/task_list';

const SERVER = process.env.RRNET_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS = process.env.RRNET_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const BILLING_TENANTS = 50;
const BILLING_PER_TENANT = 2_000;
/** tenants billed at once, by the run (4 worker jobs) and by the per-ISP floors */
const PARALLEL = 4;
/** where the server writes the floor's COPY files (it reads them back itself) */
const FLOOR_DIR = `/tmp/rrnet-bench-floor-${process.pid}`;
const ISOLIR_TENANTS = 10;
const ISOLIR_PER_TENANT = Number(process.env.BENCH_ISOLIR_PER_TENANT ?? 1_000);
const LATENCY_MS = Number(process.env.BENCH_ROUTER_LATENCY_MS ?? 50);
const WORKER_CONCURRENCY = 20;
const ISOLIR_RUNS = Number(process.env.BENCH_ISOLIR_RUNS ?? 2);
const REDIS_MODE = process.env.BENCH_REDIS === 'bridge' ? 'bridge' : 'resp';
/** the worker's shipped batching; BENCH_WORKER_BATCHING=off: graphile-worker's one job per fetch, each completion at once */
const BATCHING = process.env.BENCH_WORKER_BATCHING === 'off' ? { localQueueSize: -1, completeJobBatchDelay: -1 } : WORKER_BATCHING;
const log = (m: string) => console.log(`[bench:billing] ${m}`);
const keySpec = generateKeySpec();
const box = new SecretBox(new ConfigKeyProvider(keySpec));

async function billing() {
  const db = await createTestDatabase(SERVER, { prefix: 'rrnet_bench' });
  try {
    const load = await seedLoad({ adminUrl: db.adminUrl, tenants: BILLING_TENANTS, customersPerTenant: BILLING_PER_TENANT, secretBox: box, log });
    const admin = postgres(db.adminUrl, { max: 1, onnotice: () => {} });
    await admin.begin(async (tx) => {
      await tx`SET LOCAL rrnet.audit_bypass = 'on'`;
      await tx`UPDATE tenant_customers SET billing_day = 5, status = 'active', activated_at = '2026-01-01T00:00:00Z'`;
    });
    await admin`VACUUM ANALYZE tenant_customers`;
    const pool = createDatabase(db.appUrl, { max: 4 });

    const ours = async (day: string) => {
      const t = performance.now();
      const queue = [...load.tenantIds];
      let created = 0;
      await Promise.all(
        Array.from({ length: PARALLEL }, async () => {
          for (let id = queue.shift(); id; id = queue.shift()) {
            const tenantId = id;
            const result = await withTenant(pool.sql, { tenantId }, (tx) => runBillingCycle(tx, tenantId, day));
            created += result.created;
          }
        }),
      );
      return { seconds: (performance.now() - t) / 1000, created };
    };

    // The floor writes exactly the rows a run wrote — its invoices (lines included), the
    // invoice_issued WhatsApp messages and the invoice number sequences — into the same
    // tables with the same indexes and triggers, computing nothing: the rows are captured
    // after a run into unlogged staging tables (and COPY files per ISP), deleted, and
    // written back three ways, each timed and each undone again (untimed) before the next.
    const capture = async (day: string) => {
      // a run on day D bills D − 1 month … D − 1 and numbers its invoices in D's month
      const seq = day.slice(0, 7);
      await admin.begin(async (tx) => {
        await tx`DROP TABLE IF EXISTS floor_invoices, floor_wa, floor_seq`;
        await tx`CREATE UNLOGGED TABLE floor_invoices AS SELECT * FROM tenant_invoices WHERE period_start = (${day}::date - interval '1 month')::date`;
        await tx`CREATE UNLOGGED TABLE floor_wa AS SELECT m.* FROM tenant_wa_messages m JOIN floor_invoices i ON m.tenant_id = i.tenant_id AND m.dedupe_key = 'invoice_issued:' || i.id::text`;
        await tx`CREATE UNLOGGED TABLE floor_seq AS SELECT * FROM tenant_invoice_sequences WHERE period = ${seq}`;
      });
      // COPY text files written and read by the server itself (superuser; the bench's
      // PostgreSQL is local): the floor's COPY moves no bytes through a client
      const files = new Map<string, { invoices: string; wa: string; seq: string }>();
      for (const [i, id] of load.tenantIds.entries()) {
        const f = { invoices: `${FLOOR_DIR}/invoices-${i}.copy`, wa: `${FLOOR_DIR}/wa-${i}.copy`, seq: `${FLOOR_DIR}/seq-${i}.copy` };
        await admin.unsafe(`COPY (SELECT * FROM floor_invoices WHERE tenant_id = '${id}') TO '${f.invoices}'`);
        await admin.unsafe(`COPY (SELECT * FROM floor_wa WHERE tenant_id = '${id}') TO '${f.wa}'`);
        await admin.unsafe(`COPY (SELECT * FROM floor_seq WHERE tenant_id = '${id}') TO '${f.seq}'`);
        files.set(id, f);
      }
      const [counts] = await admin<{ invoices: number; wa: number; seq: number }[]>`
        SELECT (SELECT count(*)::int FROM floor_invoices) AS invoices, (SELECT count(*)::int FROM floor_wa) AS wa, (SELECT count(*)::int FROM floor_seq) AS seq`;
      return { files, counts: counts!, seqPeriod: seq };
    };
    type Captured = Awaited<ReturnType<typeof capture>>;
    const undo = async (c: Captured) => {
      await admin.begin(async (tx) => {
        await tx`SET LOCAL rrnet.audit_bypass = 'on'`;
        await tx`DELETE FROM tenant_wa_messages WHERE id IN (SELECT id FROM floor_wa)`;
        await tx`DELETE FROM tenant_invoices WHERE id IN (SELECT id FROM floor_invoices)`;
        await tx`DELETE FROM tenant_invoice_sequences WHERE period = ${c.seqPeriod}`;
      });
      await admin`VACUUM ANALYZE tenant_invoices, tenant_wa_messages, tenant_invoice_sequences`;
    };
    const written = async (c: Captured) => {
      const [n] = await admin<{ invoices: number; wa: number; seq: number }[]>`
        SELECT (SELECT count(*)::int FROM tenant_invoices WHERE id IN (SELECT id FROM floor_invoices)) AS invoices,
               (SELECT count(*)::int FROM tenant_wa_messages WHERE id IN (SELECT id FROM floor_wa)) AS wa,
               (SELECT count(*)::int FROM tenant_invoice_sequences WHERE period = ${c.seqPeriod}) AS seq`;
      if (n!.invoices !== c.counts.invoices || n!.wa !== c.counts.wa || n!.seq !== c.counts.seq) throw new Error(`floor wrote ${JSON.stringify(n)}, expected ${JSON.stringify(c.counts)}`);
    };
    mkdirSync(FLOOR_DIR, { recursive: true });
    chmodSync(FLOOR_DIR, 0o777); // the server's own user writes there
    const floorPool = postgres(db.adminUrl, { max: PARALLEL, onnotice: () => {} });
    const eachTenant = async (work: (id: string) => Promise<unknown>) => {
      const queue = [...load.tenantIds];
      await Promise.all(Array.from({ length: PARALLEL }, async () => {
        for (let id = queue.shift(); id; id = queue.shift()) await work(id);
      }));
    };
    const FLOORS = {
      /** COPY of each ISP's rows from its files, PARALLEL ISPs at a time (one transaction per ISP) */
      copy_per_isp: (c: Captured) =>
        eachTenant((id) =>
          floorPool.begin(async (tx) => {
            const f = c.files.get(id)!;
            await tx.unsafe(`COPY tenant_invoices FROM '${f.invoices}'`);
            await tx.unsafe(`COPY tenant_wa_messages FROM '${f.wa}'`);
            await tx.unsafe(`COPY tenant_invoice_sequences FROM '${f.seq}'`);
          }),
        ),
      /** INSERT … SELECT from the staging tables, one transaction per ISP, PARALLEL at a time */
      insert_per_isp: () =>
        eachTenant((id) =>
          floorPool.begin(async (tx) => {
            await tx`INSERT INTO tenant_invoices SELECT * FROM floor_invoices WHERE tenant_id = ${id}`;
            await tx`INSERT INTO tenant_wa_messages SELECT * FROM floor_wa WHERE tenant_id = ${id}`;
            await tx`INSERT INTO tenant_invoice_sequences SELECT * FROM floor_seq WHERE tenant_id = ${id}`;
          }),
        ),
      /** one INSERT … SELECT per table for every ISP, one transaction */
      insert_all: () =>
        floorPool.begin(async (tx) => {
          await tx`INSERT INTO tenant_invoices SELECT * FROM floor_invoices`;
          await tx`INSERT INTO tenant_wa_messages SELECT * FROM floor_wa`;
          await tx`INSERT INTO tenant_invoice_sequences SELECT * FROM floor_seq`;
        }),
    } as const;
    type FloorKind = keyof typeof FLOORS;
    const floorSeconds: Record<FloorKind, number[]> = { copy_per_isp: [], insert_per_isp: [], insert_all: [] };
    const runs: { day: string; seconds: number; created: number }[] = [];
    let captured: Captured | null = null;
    for (const day of ['2027-02-05', '2027-03-05']) {
      const run = await ours(day);
      log(`billing run ${day}: ${run.created} invoices in ${run.seconds.toFixed(2)} s`);
      runs.push({ day, ...run });
      captured = await capture(day);
      log(`captured ${JSON.stringify(captured.counts)}`);
      // each way twice, the order rotated; the run's own rows stay in place at the end
      const order = (Object.keys(FLOORS) as FloorKind[]).concat(Object.keys(FLOORS).reverse() as FloorKind[]);
      for (const kind of order) {
        await undo(captured);
        const t = performance.now();
        await FLOORS[kind](captured);
        const seconds = (performance.now() - t) / 1000;
        await written(captured);
        floorSeconds[kind].push(seconds);
        log(`floor ${kind}: ${seconds.toFixed(2)} s`);
      }
    }
    const again = await ours('2027-03-05');
    if (again.created !== 0) throw new Error('a second run for the same day created invoices');
    const expected = BILLING_TENANTS * BILLING_PER_TENANT;
    for (const r of runs) if (r.created !== expected) throw new Error(`expected ${expected} invoices, got ${r.created}`);
    await floorPool.end();
    await pool.close();
    await admin.end();
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const floors = Object.fromEntries((Object.keys(floorSeconds) as FloorKind[]).map((k) => [k, { mean_seconds: Number(mean(floorSeconds[k]).toFixed(2)), seconds: floorSeconds[k].map((x) => Number(x.toFixed(2))) }]));
    const [fastest] = (Object.keys(floorSeconds) as FloorKind[]).sort((a, b) => mean(floorSeconds[a]) - mean(floorSeconds[b]));
    const runMean = mean(runs.map((r) => r.seconds));
    return {
      billing_ratio: Number((runMean / mean(floorSeconds[fastest!])).toFixed(3)),
      floor: fastest,
      run_seconds: runs.map((r) => Number(r.seconds.toFixed(2))),
      floors,
      rows_per_run: captured!.counts,
      second_run_created: again.created,
      invoices_per_run: expected,
      parallel_tenants: PARALLEL,
      what_the_floor_writes: 'the run\'s own rows (invoices with lines, invoice_issued WhatsApp messages, invoice sequences), precomputed; same tables, indexes and triggers (audit included), as superuser without RLS; the 50 drain jobs the run queues are not in it',
    };
  } finally {
    rmSync(FLOOR_DIR, { recursive: true, force: true });
    await db.drop();
  }
}

async function simState(port: number): Promise<{ requests: number; secrets: { profile: string }[] }> {
  const body = (await (await fetch(`http://127.0.0.1:${port}/_sim/state`)).json()) as { state: { requests: number; secrets: { profile: string }[] } };
  return body.state;
}

/** This process's event-loop delay and CPU over a phase, and the machine's load average after it. */
function loadProbe() {
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const cpu = process.cpuUsage();
  const t = performance.now();
  return {
    stop() {
      loop.disable();
      const used = process.cpuUsage(cpu);
      const seconds = (performance.now() - t) / 1000;
      return {
        event_loop_delay_ms: { mean: Number((loop.mean / 1e6).toFixed(1)), p99: Number((loop.percentile(99) / 1e6).toFixed(1)) },
        cpu_share: Number(((used.user + used.system) / 1e6 / Math.max(seconds, 1e-3)).toFixed(2)),
        load_average_1m: Number(loadavg()[0]!.toFixed(2)),
      };
    },
  };
}

/** graphile-worker's job fetches: found a job, or none (every queue with work was busy). */
const fetches = { found: 0, empty: 0, ms: [] as number[] };

/** Sequential requests per connection in the HTTP floor (enough for a stable mean; ~10 s at 50 ms). */
const HTTP_FLOOR_REQUESTS = Number(process.env.BENCH_HTTP_FLOOR_REQUESTS ?? 200);

/**
 * The machine's HTTP floor at the routers' latency: the plainest server (http_floor_server.ts,
 * its own process) answering `LATENCY_MS` after each request, and the plainest client
 * (node:http, keep-alive) — WORKER_CONCURRENCY connections, each sending its requests one
 * after another, as the worker's slots do. No RRNet code on either side. `ratio` is the
 * mean time per request over the nominal latency: what loopback HTTP, two event loops and
 * their timers cost on this machine before any router client or simulator work.
 */
async function httpFloor() {
  const server = await startProcess(['bench/billing/http_floor_server.ts', String(LATENCY_MS)], {});
  const { port } = JSON.parse(server.firstLine) as { port: number };
  const agent = new HttpAgent({ keepAlive: true });
  const one = () =>
    new Promise<void>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port, method: 'GET', path: '/rest/ppp/secret', agent }, (res) => {
        res.resume();
        res.on('end', resolve);
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end();
    });
  try {
    const start = performance.now();
    await Promise.all(Array.from({ length: WORKER_CONCURRENCY }, async () => {
      for (let i = 0; i < HTTP_FLOOR_REQUESTS; i++) await one();
    }));
    const msPerRequest = (performance.now() - start) / HTTP_FLOOR_REQUESTS;
    return { connections: WORKER_CONCURRENCY, requests_per_connection: HTTP_FLOOR_REQUESTS, ms_per_request: Number(msPerRequest.toFixed(2)), ratio: Number((msPerRequest / LATENCY_MS).toFixed(3)) };
  } finally {
    agent.destroy();
    server.child.kill('SIGTERM');
  }
}

/** Per billing_isolir_batch job (the sweep's: a router's customers, one after another): its queue (router), start and end — to split time into job run vs pickup gap. */
const spans: { queue: string; start: number; end: number }[] = [];
function timed(list: TaskList): TaskList {
  const inner = list.billing_isolir_batch!;
  // The isolir notices are written to the outbox and their drains queued, in the jobs'
  // own transactions; sending them is bench:notifications' measurement, so the drains
  // stay queued here (this worker has no gateway to send through).
  const { wa_notifications: _drain, ...rest } = list;
  return {
    ...rest,
    billing_isolir_batch: timedTask(inner, (job, start, end) => spans.push({ queue: String(job.job_queue_id), start, end })),
  };
}

function timingSummary() {
  const byQueue = new Map<string, { start: number; end: number }[]>();
  for (const s of spans) byQueue.set(s.queue, [...(byQueue.get(s.queue) ?? []), s]);
  const runs: number[] = [];
  const gaps: number[] = [];
  for (const list of byQueue.values()) {
    list.sort((a, b) => a.start - b.start);
    list.forEach((s, i) => {
      runs.push(s.end - s.start);
      if (i > 0) gaps.push(s.start - list[i - 1]!.end);
    });
  }
  const q = (xs: number[], p: number) => Number(quantile(xs, p).toFixed(1));
  const firstStart = Math.min(...spans.map((s) => s.start));
  const queueStarts = [...byQueue.values()].map((l) => l[0]!.start - firstStart);
  // per router: when its last job ended, and how long it had no job between its first and its last
  const ends = [...byQueue.values()].map((l) => Math.max(...l.map((x) => x.end)) - firstStart);
  const idle = [...byQueue.values()].map((l) => Math.max(...l.map((x) => x.end)) - l[0]!.start - l.reduce((n, x) => n + x.end - x.start, 0));
  const sec = (ms: number) => Number((ms / 1000).toFixed(2));
  return {
    job_ms: { p50: q(runs, 0.5), p95: q(runs, 0.95), mean: Number((runs.reduce((a, b) => a + b, 0) / runs.length).toFixed(1)) },
    pickup_gap_ms: { p50: q(gaps, 0.5), p95: q(gaps, 0.95), mean: Number((gaps.reduce((a, b) => a + b, 0) / Math.max(1, gaps.length)).toFixed(1)) },
    last_router_first_job_s: Number((Math.max(...queueStarts) / 1000).toFixed(2)),
    router_last_job_end_s: { first: sec(Math.min(...ends)), last: sec(Math.max(...ends)) },
    router_idle_between_jobs_s: { mean: sec(idle.reduce((a, b) => a + b, 0) / idle.length), max: sec(Math.max(...idle)) },
  };
}

async function isolirOnce() {
  fetches.found = 0;
  fetches.empty = 0;
  fetches.ms.length = 0;
  spans.length = 0;
  const db = await createTestDatabase(SERVER, { prefix: 'rrnet_bench' });
  const simPort = 20000 + Math.floor(Math.random() * 20000);
  const simProcess = await startProcess(['packages/routeros/src/sim_cli.ts', '--base-port', String(simPort), '--count', String(ISOLIR_TENANTS * 2), '--latency', String(LATENCY_MS)], {});
  const simPorts = (JSON.parse(simProcess.firstLine) as { ports: number[] }).ports;
  const bridgePort = simPort - 100;
  const bridgeProcess =
    REDIS_MODE === 'bridge' ? await startProcess(['packages/cache/src/bridge_cli.ts'], { REDIS_URL: REDIS, BRIDGE_PORT: String(bridgePort), BRIDGE_TOKEN: 'bench-bridge-token-0123' }) : null;
  const logger = createLogger({ service: 'bench', level: (process.env.BENCH_LOG_LEVEL as 'warn' | undefined) ?? 'warn' });
  try {
    await seedLoad({ adminUrl: db.adminUrl, tenants: ISOLIR_TENANTS, customersPerTenant: ISOLIR_PER_TENANT, secretBox: box, log });
    const admin = postgres(db.adminUrl, { max: 1, onnotice: () => {} });
    const routers = await admin<{ id: string }[]>`SELECT id FROM tenant_routers ORDER BY tenant_id, name`;
    for (const [i, r] of routers.entries()) await admin`UPDATE tenant_routers SET host = '127.0.0.1', port = ${simPorts[i]!}, use_tls = false WHERE id = ${r.id}`;
    // every customer active with one invoice overdue beyond grace
    await admin.begin(async (tx) => {
      await tx`SET LOCAL rrnet.audit_bypass = 'on'`;
      await tx`UPDATE tenant_customers SET status = 'active', isolir_pending = false`;
      await tx`
        INSERT INTO tenant_invoices (tenant_id, number, customer_id, period_start, period_end, subtotal, total, due_date, status)
        SELECT tenant_id, 'B-' || code, id, '2026-09-01', '2026-09-30', 150000, 150000, '2026-10-10', 'unpaid' FROM tenant_customers`;
    });
    await admin`VACUUM ANALYZE`;
    // a clean start: the billing part's WAL (400k invoices and their audit records) would
    // otherwise be checkpointed, spread over minutes, while the isolir run is measured
    await admin`CHECKPOINT`;
    const total = ISOLIR_TENANTS * ISOLIR_PER_TENANT;
    const app = createDatabase(db.appUrl, { max: WORKER_CONCURRENCY + 2 });
    const system = createDatabase(db.systemUrl, { max: 2 });
    const services = {
      network: {
        redis: createRedis(REDIS_MODE === 'bridge' ? { url: `http://127.0.0.1:${bridgePort}`, token: 'bench-bridge-token-0123' } : { redisUrl: REDIS }),
        secretBox: box,
        routers: new RouterClientPool(),
        logger,
        cachePrefix: `bench-${Date.now()}`,
      },
    };
    // The measured router floor, before the run: the same router work (find the secret,
    // create or update it, list the active session, remove it — 4 requests per customer,
    // with the same RouterOsClient) one customer at a time per router, all 20 routers at
    // once, and nothing else: no database, no queue, no worker yet. The profile stays 'default' (the run
    // then changes it to the isolir profile, and only the run's changes are counted).
    const owners = await admin<{ pppoe_username: string; port: number }[]>`
      SELECT c.pppoe_username, r.port FROM tenant_customers c JOIN tenant_routers r ON r.id = c.router_id ORDER BY r.port, c.code`;
    const byPort = new Map<number, string[]>();
    for (const o of owners) byPort.set(o.port, [...(byPort.get(o.port) ?? []), o.pppoe_username]);
    const http = LATENCY_MS > 0 ? await httpFloor() : null;
    if (http) log(`HTTP floor: ${http.ms_per_request} ms per ${LATENCY_MS} ms request (${http.ratio})`);
    const floorClients = new RouterClientPool();
    const floorLoad = loadProbe();
    const floorStart = performance.now();
    // BENCH_ISOLIR_ROUTER_FLOOR=0 skips it (quick experiments; the ratio against it is then absent)
    if (process.env.BENCH_ISOLIR_ROUTER_FLOOR !== '0') await Promise.all(
      [...byPort.entries()].map(async ([port, names]) => {
        const client = floorClients.get(`floor:${port}`, { host: '127.0.0.1', port, useTls: false, username: 'admin', password: 'floor' });
        for (const name of names) {
          const secret = await client.findSecret(name);
          if (secret) await client.updateSecret(secret.id, { profile: 'default', disabled: false });
          else await client.createSecret({ name, password: 'floor-pass', profile: 'default', service: 'pppoe', disabled: false });
          await client.kickByName(name);
        }
      }),
    );
    const floorSeconds = (performance.now() - floorStart) / 1000;
    const floorProcess = floorLoad.stop();
    log(`router floor: ${owners.length} customers in ${floorSeconds.toFixed(2)} s`);

    // the worker's run configuration (apps/worker/src/main.ts); queues wake idle workers
    // through the database trigger installed by the migrations (QUEUE_WAKE)
    const events = new EventEmitter() as WorkerEvents;
    const fetchStarted = new Map<string, number>();
    events.on('worker:getJob:start', ({ worker }) => fetchStarted.set(worker.workerId, performance.now()));
    events.on('worker:getJob:empty', ({ worker }) => {
      fetches.empty++;
      fetches.ms.push(performance.now() - (fetchStarted.get(worker.workerId) ?? 0));
    });
    events.on('job:start', ({ worker }) => {
      fetches.found++;
      fetches.ms.push(performance.now() - (fetchStarted.get(worker.workerId) ?? 0));
    });
    const runner = await run({
      connectionString: graphileConnectionString(db.appUrl),
      events,
      concurrency: WORKER_CONCURRENCY,
      maxPoolSize: graphilePoolSize(WORKER_CONCURRENCY),
      pollInterval: Number(process.env.BENCH_POLL_MS ?? 500),
      noHandleSignals: true,
      logger: new GraphileLogger(() => () => {}),
      taskList: timed(buildTaskList({ appSql: app.sql, systemSql: system.sql, logger }, services)),
      parsedCronItems: [],
      preset: graphileBatchingPreset(BATCHING),
    });
    const requestsBefore = await Promise.all(simPorts.map(async (p) => (await simState(p)).requests));
    const runLoad = loadProbe();
    const t0 = performance.now();
    await enqueue(system.sql, 'isolir_sweep', {}, { tenantId: null });
    let isolated = 0;
    let sweptAt = 0;
    const deadline = Date.now() + Number(process.env.BENCH_ISOLIR_DEADLINE_S ?? 900) * 1000;
    while (isolated < total) {
      if (Date.now() > deadline) throw new Error(`only ${isolated} of ${total} isolated before the deadline`);
      await new Promise((r) => setTimeout(r, 250));
      const [row] = await admin<{ isolated: number; pending: number }[]>`
        SELECT count(*) FILTER (WHERE status = 'isolated')::int AS isolated, count(*) FILTER (WHERE isolir_pending)::int AS pending FROM tenant_customers`;
      isolated = row!.isolated;
      if (!sweptAt && row!.pending + row!.isolated >= total) sweptAt = performance.now();
    }
    const seconds = (performance.now() - t0) / 1000;
    const runProcess = runLoad.stop();
    await runner.stop();
    await flushMapInvalidations(); // as the worker does when it stops, before the bridge goes
    const after = await Promise.all(simPorts.map(simState));
    const perRouter = after.map((st, i) => st.requests - requestsBefore[i]!);
    const requests = perRouter.reduce((a, b) => a + b, 0);
    const serialBound = (Math.max(...perRouter) * LATENCY_MS) / 1000;
    const concurrencyBound = (requests * LATENCY_MS) / WORKER_CONCURRENCY / 1000;
    const bound = Math.max(serialBound, concurrencyBound);
    const onRouter = after.reduce((n, st) => n + st.secrets.filter((x) => x.profile === 'isolir').length, 0);
    if (onRouter !== total) throw new Error(`${onRouter} secrets on the isolir profile, expected ${total}`);
    const [outbox] = await admin<{ n: number }[]>`SELECT count(*)::int AS n FROM tenant_wa_messages`;
    await app.close();
    await system.close();
    await admin.end();
    return {
      isolir_ratio: Number((seconds / bound).toFixed(3)),
      isolir_ratio_vs_router_floor: process.env.BENCH_ISOLIR_ROUTER_FLOOR === '0' ? null : Number((seconds / floorSeconds).toFixed(3)),
      isolir_ratio_vs_http_floor: http ? Number((seconds / (bound * http.ratio)).toFixed(3)) : null,
      router_floor_seconds: Number(floorSeconds.toFixed(2)),
      router_floor_ratio: process.env.BENCH_ISOLIR_ROUTER_FLOOR === '0' ? null : Number((floorSeconds / bound).toFixed(3)),
      http_floor: http,
      isolir_seconds: Number(seconds.toFixed(2)),
      bound_seconds: Number(bound.toFixed(2)),
      sweep_seconds: Number(((sweptAt - t0) / 1000).toFixed(2)),
      customers: total,
      routers: simPorts.length,
      router_latency_ms: LATENCY_MS,
      worker_concurrency: WORKER_CONCURRENCY,
      worker_batching: BATCHING,
      notices: 'written to the outbox with their drains queued (in each job), not sent: the drains are not run here (bench:notifications)',
      redis: REDIS_MODE === 'bridge' ? 'Upstash REST through the bridge process' : 'REDIS_URL, RESP in-process',
      router_requests: requests,
      requests_per_isolation: Number((requests / total).toFixed(2)),
      busiest_router_requests: Math.max(...perRouter),
      secrets_on_isolir_profile: onRouter,
      notices_in_outbox: outbox!.n,
      timing: timingSummary(),
      // this process (the worker; the router floor's client before it): its event loop's delay
      // and CPU — the routers answer 50 ms after a request, the rest is waiting for this
      // thread, the simulator's, or PostgreSQL (2 cores for the three)
      worker_process: { run: runProcess, router_floor: process.env.BENCH_ISOLIR_ROUTER_FLOOR === '0' ? null : floorProcess },
      job_fetches: {
        found: fetches.found,
        empty: fetches.empty,
        mean_ms: Number((fetches.ms.reduce((a, b) => a + b, 0) / Math.max(1, fetches.ms.length)).toFixed(2)),
      },
    };
  } finally {
    simProcess.child.kill('SIGTERM');
    bridgeProcess?.child.kill('SIGTERM');
    await db.drop();
  }
}

/**
 * The isolir measurement, repeated on a fresh database each time (BENCH_ISOLIR_RUNS, 2 by
 * default): on this shared 2-core machine one run of the same code varies by ±3 %, so the
 * reported ratio is the mean of the runs, and every run is in the JSON.
 */
async function isolir() {
  const runs: Awaited<ReturnType<typeof isolirOnce>>[] = [];
  for (let i = 0; i < ISOLIR_RUNS; i++) {
    const run = await isolirOnce();
    log(`isolir run ${i + 1}/${ISOLIR_RUNS}: ratio ${run.isolir_ratio} (${run.isolir_seconds} s vs ${run.bound_seconds} s)`);
    runs.push(run);
  }
  const mean = (pick: (r: (typeof runs)[number]) => number) => Number((runs.reduce((a, r) => a + pick(r), 0) / runs.length).toFixed(3));
  return {
    isolir_ratio: mean((r) => r.isolir_ratio),
    isolir_ratio_vs_router_floor: runs.every((r) => r.isolir_ratio_vs_router_floor !== null) ? mean((r) => r.isolir_ratio_vs_router_floor!) : null,
    isolir_ratio_vs_http_floor: runs.every((r) => r.isolir_ratio_vs_http_floor !== null) ? mean((r) => r.isolir_ratio_vs_http_floor!) : null,
    http_floor_ratio: runs.every((r) => r.http_floor !== null) ? mean((r) => r.http_floor!.ratio) : null,
    isolir_ratio_runs: runs.map((r) => r.isolir_ratio),
    runs,
  };
}

const RESULT_FILE = new URL('../results/billing.json', import.meta.url);
/**
 * BENCH_SKIP_BILLING=1 measures isolir alone and keeps the billing part of the committed
 * result as it was, with the moment it was measured.
 */
function committedBilling(): { billing_ratio: number | null; measured_at: string | null; [key: string]: unknown } {
  try {
    const previous = JSON.parse(readFileSync(RESULT_FILE, 'utf8')) as { billing?: { billing_ratio: number; measured_at?: string; machine?: unknown }; measured_at?: string; machine?: unknown };
    if (previous.billing)
      return { ...previous.billing, measured_at: previous.billing.measured_at ?? previous.measured_at ?? null, machine: previous.billing.machine ?? previous.machine ?? null };
  } catch {
    // no committed result
  }
  return { billing_ratio: null, measured_at: null };
}
const billingResult = process.env.BENCH_SKIP_BILLING ? committedBilling() : { ...(await billing()), measured_at: new Date().toISOString() };
log(`billing_ratio ${billingResult.billing_ratio}`);
const isolirResult = await isolir();
log(`isolir_ratio ${isolirResult.isolir_ratio} (mean of ${isolirResult.isolir_ratio_runs.join(', ')})`);
const probe = postgres(SERVER, { max: 1, onnotice: () => {} });
const [pg] = await probe<{ v: string }[]>`SELECT current_setting('server_version') AS v`;
await probe.end();
const report = {
  benchmark: 'billing run (100k customers, 50 tenants) vs the fastest way to write the same precomputed rows (COPY / INSERT…SELECT per ISP / for all); isolir of 10k customers on simulated routers (50 ms) vs the concurrency bound',
  billing_ratio: billingResult.billing_ratio,
  isolir_ratio: isolirResult.isolir_ratio,
  targets: { billing_ratio: '<= 1.5', isolir_ratio: '<= 1.05' },
  billing: billingResult,
  isolir: isolirResult,
  machine: machineInfo({ postgres: pg?.v, connection: 'TCP 127.0.0.1; the worker runs in the benchmark process, the router simulator in its own' }),
  measured_at: new Date().toISOString(),
};
writeFileSync(RESULT_FILE, JSON.stringify(report, null, 2) + '\n');
console.log(JSON.stringify(report, null, 2));
process.exit(0);
