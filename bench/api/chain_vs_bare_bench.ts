/**
 * bench/api: the production build, GET /api/v1/admin/users through the full procedure
 * chain (Bearer token → tenant → rate limits in Redis → feature → RBAC → tenant
 * transaction → REST envelope) vs. GET /api/v1/bench/users-bare running the same SQL in
 * the same tenant transaction without auth, limits or tRPC. Same server, same run,
 * autocannon at 50 connections, rounds interleaved (BENCH_ROUNDS, 5). `ratio` is the median
 * of the rounds' own chain ÷ bare; each run also records the server process's CPU per
 * answered request (/proc), steadier than throughput on a shared machine. Rate limits are
 * scaled up (RATE_LIMIT_SCALE) so they are checked but do not trip.
 *
 * Also, in the same rounds:
 * - a real list: GET /api/v1/customers/customers?limit=50 through the chain vs
 *   /api/v1/bench/customers-bare (the same SQL, the same 50 rows as JSON) → `list_ratio`;
 * - latency below saturation: both small endpoints at a fixed offered rate of half the bare
 *   handler's best throughput (autocannon `overallRate`) → `p95_ratio`.
 *
 *   pnpm bench:api     (builds apps/web; RRNET_TEST_PG_URL / RRNET_TEST_REDIS_URL)
 *   BENCH_REDIS=bridge: the app talks Upstash REST to the bridge process (as before
 *   REDIS_URL); default `resp`: REDIS_URL, RESP in-process.
 * Writes bench/results/api.json (BENCH_OUT: another name in bench/results, or an absolute path).
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import postgres from 'postgres';
import { machineInfo } from '../machine';
import { processCpuSeconds } from '../process';
import { quantile } from '../timing';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { ConfigKeyProvider, SecretBox, generateKeySpec } from '@rrnet/crypto';
import { createVaultTransitSimulator } from '@rrnet/crypto/simulator';
import { seedDemo } from '@rrnet/db/seed';
import { createTestDatabase } from '@rrnet/db/testing';

const SERVER = process.env.RRNET_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS = process.env.RRNET_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const PORT = Number(process.env.BENCH_PORT ?? 3300);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 50);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
/** the bench routes answer only with this run's token (apps/web/src/server/bench_access.ts) */
const BENCH_TOKEN = randomBytes(24).toString('hex');
const benchAuth = { 'x-bench-token': BENCH_TOKEN };
const UA = 'rrnet-bench/1.0';
const WEB_DIR = fileURLToPath(new URL('../../apps/web', import.meta.url));
const TOKEN = 'bench-bridge-token-0123456789';
const REDIS_MODE = process.env.BENCH_REDIS === 'bridge' ? 'bridge' : 'resp';
const OUT = process.env.BENCH_OUT ?? 'api.json';
const LIST_LIMIT = 50;
const SECRET = 'bench-secret-0123456789-0123456789-xyz';

type Result = autocannon.Result;

/** the server process, whose CPU time (/proc) each run reads before and after */
let serverPid: number | undefined;
const serverCpuSeconds = () => (serverPid ? processCpuSeconds(serverPid) : 0);
/** server CPU milliseconds per answered request, per run (autocannon result → ms) */
const cpuPerRequest = new WeakMap<Result, number>();

async function run(url: string, headers: Record<string, string>, overallRate?: number): Promise<Result> {
  const cpuBefore = serverCpuSeconds();
  const result = await autocannon({
    url,
    connections: CONNECTIONS,
    duration: SECONDS,
    headers: { 'user-agent': UA, ...headers },
    ...(overallRate ? { overallRate } : {}),
  });
  const answered = result.requests.total;
  if (answered > 0) cpuPerRequest.set(result, Number((((serverCpuSeconds() - cpuBefore) * 1000) / answered).toFixed(3)));
  return result;
}

function summary(r: Result) {
  return {
    req_per_s: Math.round(r.requests.average),
    p50_ms: r.latency.p50,
    p99_ms: r.latency.p99,
    non_2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
  };
}

async function waitFor(url: string, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).status < 500) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${url} did not come up`);
}

const LOAD_BEFORE = loadavg().map((l) => Number(l.toFixed(2)));
const testDb = await createTestDatabase(SERVER, { prefix: 'rrnet_bench' });
// BENCH_REDIS=bridge: the bridge runs as its own process, as `npm start` did (not inside the load generator)
const BRIDGE_PORT = PORT + 1;
const bridgeProcess =
  REDIS_MODE === 'bridge'
    ? spawn(process.execPath, ['--import', 'tsx', 'src/bridge_cli.ts'], {
        cwd: fileURLToPath(new URL('../../packages/cache', import.meta.url)),
        env: { ...process.env, REDIS_URL: REDIS, BRIDGE_PORT: String(BRIDGE_PORT), BRIDGE_TOKEN: TOKEN },
        stdio: 'ignore',
      })
    : null;
const bridge = { url: `http://127.0.0.1:${BRIDGE_PORT}`, close: async () => void bridgeProcess?.kill('SIGTERM') };
const redisEnv =
  REDIS_MODE === 'bridge' ? { UPSTASH_REDIS_REST_URL: bridge.url, UPSTASH_REDIS_REST_TOKEN: TOKEN } : { REDIS_URL: REDIS };
// production refuses local keys: the key-encryption key lives in a Vault Transit simulator
// (as `npm start` in production mode does); values seeded with the local keys stay readable
// through ENCRYPTION_KEYS
const VAULT_TOKEN = 's.bench-0123456789';
const kms = await createVaultTransitSimulator({ tokens: [VAULT_TOKEN], keys: ['rrnet'], port: 0, host: '127.0.0.1' });
let server: ChildProcess | undefined;
try {
  const keySpec = generateKeySpec();
  const seed = await seedDemo({ appUrl: testDb.appUrl, systemUrl: testDb.systemUrl, secretBox: new SecretBox(new ConfigKeyProvider(keySpec)) });
  const tenantId = seed.tenants[0]!.id;
  // the demo ISP has 40 customers; copies of them (new ids, codes, usernames, no ODP) make a page of 50
  const admin = postgres(testDb.adminUrl, { max: 1, onnotice: () => {} });
  await admin.begin(async (tx) => {
    await tx`SET LOCAL rrnet.audit_bypass = 'on'`;
    await tx`CREATE TEMP TABLE bench_copy ON COMMIT DROP AS SELECT * FROM tenant_customers WHERE tenant_id = ${tenantId}`;
    await tx`UPDATE bench_copy SET id = gen_random_uuid(), code = code || 'B', pppoe_username = pppoe_username || 'b', odp_id = NULL`;
    await tx`INSERT INTO tenant_customers SELECT * FROM bench_copy`;
  });
  await admin.end();
  const env = {
    ...process.env,
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    APP_DATABASE_URL: testDb.appUrl,
    SYSTEM_DATABASE_URL: testDb.systemUrl,
    ...redisEnv,
    AUTH_SECRET: SECRET,
    ENCRYPTION_KEYS: keySpec,
    KMS_PROVIDER: 'vault',
    VAULT_ADDR: kms.url,
    VAULT_TOKEN,
    VAULT_TRANSIT_KEY: 'rrnet',
    LOG_LEVEL: 'warn' as const,
    RATE_LIMIT_SCALE: '100000',
    BENCH_ROUTES: 'true',
    BENCH_TOKEN,
    DATABASE_POOL_MAX: '10',
  };
  if (process.env.BENCH_SKIP_BUILD !== '1') {
    const build = spawnSync('pnpm', ['run', 'build'], { cwd: WEB_DIR, env, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('next build failed');
  }
  // BENCH_CPU_PROF=dir: the server writes a V8 CPU profile there when it stops
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  server = spawn(process.execPath, [...profile, `${WEB_DIR}/node_modules/next/dist/bin/next`, 'start', '--port', String(PORT)], {
    cwd: WEB_DIR,
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  serverPid = server.pid;
  const base = `http://127.0.0.1:${PORT}`;
  await waitFor(`${base}/api/health`);
  if (bridgeProcess) await waitFor(bridge.url); // 401 without a token: it is up

  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': UA },
    body: JSON.stringify({ email: 'owner@sinarnet.demo', password: 'rrnet-demo-2026' }),
  });
  const token = ((await login.json()) as { data: { access_token: string } }).data.access_token;
  const chainUrl = `${base}/api/v1/admin/users`;
  const bareUrl = `${base}/api/v1/bench/users-bare?tenant_id=${tenantId}`;
  const auth = { authorization: `Bearer ${token}` };

  const listUrl = `${base}/api/v1/customers/customers?limit=${LIST_LIMIT}`;
  const listBareUrl = `${base}/api/v1/bench/customers-bare?tenant_id=${tenantId}&limit=${LIST_LIMIT}`;

  // both must answer the same users, and the same customers in the same order
  const a = (await (await fetch(chainUrl, { headers: { ...auth, 'user-agent': UA } })).json()) as { data: unknown[] };
  const b = (await (await fetch(bareUrl, { headers: benchAuth })).json()) as { data: unknown[] };
  if (a.data.length !== b.data.length || a.data.length === 0) throw new Error('chain and bare answers differ');
  type Page = { data: { items: { id: string }[] } };
  const listChain = await fetch(listUrl, { headers: { ...auth, 'user-agent': UA } });
  const listChainText = await listChain.text();
  const listBareText = await (await fetch(listBareUrl, { headers: benchAuth })).text();
  const la = (JSON.parse(listChainText) as Page).data.items.map((c) => c.id);
  const lb = (JSON.parse(listBareText) as Page).data.items.map((c) => c.id);
  if (la.length !== LIST_LIMIT || la.join() !== lb.join()) throw new Error(`chain and bare lists differ (${la.length} vs ${lb.length} rows)`);

  // warm-up (JIT, pools, prepared statements)
  await autocannon({ url: chainUrl, connections: 10, duration: 3, headers: { ...auth, 'user-agent': UA } });
  await autocannon({ url: bareUrl, connections: 10, duration: 3, headers: benchAuth });
  await autocannon({ url: listUrl, connections: 10, duration: 3, headers: { ...auth, 'user-agent': UA } });
  await autocannon({ url: listBareUrl, connections: 10, duration: 3, headers: benchAuth });

  // database transactions per request, cache warm (a cached chain request should commit
  // only its handler's own transaction, like the bare one): 200 sequential requests each
  const counter = postgres(testDb.adminUrl, { max: 1, onnotice: () => {} });
  const commits = async () => Number((await counter<{ n: string }[]>`SELECT xact_commit::text AS n FROM pg_stat_database WHERE datname = current_database()`)[0]!.n);
  // PostgreSQL 15: a backend that went idle flushes its counters at most every 10 s
  // (PGSTAT_IDLE_INTERVAL), so each count waits that out before and after — otherwise the
  // warm-up's late commits land in the first series (measured: chain 1.69, list_chain 0.84)
  const settle = () => new Promise((r) => setTimeout(r, 11_000));
  await settle();
  const perRequest = async (url: string, headers: Record<string, string>) => {
    await counter`SELECT pg_stat_clear_snapshot()`;
    const before = await commits();
    for (let i = 0; i < 200; i++) await (await fetch(url, { headers: { 'user-agent': UA, ...headers } })).arrayBuffer();
    await settle();
    await counter`SELECT pg_stat_clear_snapshot()`;
    return Number(((await commits()) - before - 2) / 200).toFixed(2);
  };
  const transactionsPerRequest = { chain: await perRequest(chainUrl, auth), bare: await perRequest(bareUrl, benchAuth), list_chain: await perRequest(listUrl, auth), list_bare: await perRequest(listBareUrl, benchAuth) };
  await counter.end();
  console.log('database transactions per request', transactionsPerRequest);

  // where the time goes: the same chain over the tRPC transport (no OpenAPI adapter)
  const trpcUrl = `${base}/api/trpc/admin.users.list`;
  const chain: Result[] = [];
  const bare: Result[] = [];
  const trpc: Result[] = [];
  const list: Result[] = [];
  const listBare: Result[] = [];
  const loads: number[][] = [];
  // the order alternates between rounds (bare first, then chain first): a machine that speeds
  // up or slows down during the run favours neither side of a round's ratio
  for (let i = 0; i < ROUNDS; i++) {
    const bareFirst = i % 2 === 0;
    if (bareFirst) bare.push(await run(bareUrl, benchAuth));
    chain.push(await run(chainUrl, auth));
    if (!bareFirst) bare.push(await run(bareUrl, benchAuth));
    trpc.push(await run(trpcUrl, auth));
    if (bareFirst) listBare.push(await run(listBareUrl, benchAuth));
    list.push(await run(listUrl, auth));
    if (!bareFirst) listBare.push(await run(listBareUrl, benchAuth));
    loads.push(loadavg().map((l) => Number(l.toFixed(2))));
  }
  const best = (rs: Result[]) => [...rs].sort((x, y) => y.requests.average - x.requests.average)[0]!;
  const c = best(chain);
  const r = best(bare);
  const lc = best(list);
  const lr = best(listBare);
  // below saturation: half the bare handler's best throughput, offered to both, interleaved
  const offered = Math.max(1, Math.round(r.requests.average / 2));
  const paced: { chain: Result[]; bare: Result[] } = { chain: [], bare: [] };
  for (let i = 0; i < ROUNDS; i++) {
    if (i % 2 === 0) paced.bare.push(await run(bareUrl, benchAuth, offered));
    paced.chain.push(await run(chainUrl, auth, offered));
    if (i % 2 === 1) paced.bare.push(await run(bareUrl, benchAuth, offered));
  }
  loads.push(loadavg().map((l) => Number(l.toFixed(2))));
  // the median round's p95 of each (rounds at a fixed rate differ in latency, not throughput)
  const medianP95 = (rs: Result[]) => {
    const v = rs.map((x) => percentile95(x)).sort((x, y) => x - y);
    return v[Math.floor((v.length - 1) / 2)]!;
  };
  const p95 = percentile95;
  const pacedSummary = (rs: Result[]) => ({
    p95_ms: medianP95(rs),
    rounds_p95_ms: rs.map((x) => percentile95(x)),
    rounds_req_per_s: rs.map((x) => Math.round(x.requests.average)),
    rounds_server_cpu_ms_per_request: rs.map((x) => cpuPerRequest.get(x) ?? null),
    p50_ms: rs.map((x) => x.latency.p50),
    non_2xx: rs.reduce((n, x) => n + x.non2xx, 0),
  });
  const roundsRatio = chain.map((x, i) => Number((x.requests.average / bare[i]!.requests.average).toFixed(3)));
  const roundsListRatio = list.map((x, i) => Number((x.requests.average / listBare[i]!.requests.average).toFixed(3)));
  const report = {
    benchmark: 'api: GET /api/v1/admin/users through the full chain vs the same SQL in a bare route handler; a page of 50 customers likewise',
    // the median of the rounds' own ratios: each round runs bare and chain back to back, so a
    // round's ratio compares the two under the same conditions; the best round of each side
    // (best_round_ratio) pairs moments up to a minute apart on a machine whose speed moves by
    // a fifth between rounds
    ratio: median(roundsRatio),
    list_ratio: median(roundsListRatio),
    p95_ratio: Number((medianP95(paced.chain) / medianP95(paced.bare)).toFixed(3)),
    p95_ms: p95(c),
    rounds_ratio: roundsRatio,
    rounds_list_ratio: roundsListRatio,
    best_round_ratio: Number((c.requests.average / r.requests.average).toFixed(3)),
    best_round_list_ratio: Number((lc.requests.average / lr.requests.average).toFixed(3)),
    // the server process's CPU (user + system, /proc) per answered request, median over the rounds:
    // steadier than throughput on a shared machine, and what the chain adds in CPU
    server_cpu_ms_per_request: {
      chain: medianCpu(chain),
      bare: medianCpu(bare),
      list_chain: medianCpu(list),
      list_bare: medianCpu(listBare),
    },
    chain: { ...summary(c), p95_ms: p95(c), rounds_req_per_s: chain.map((x) => Math.round(x.requests.average)), rounds_server_cpu_ms_per_request: chain.map((x) => cpuPerRequest.get(x) ?? null) },
    bare: { ...summary(r), p95_ms: p95(r), rounds_req_per_s: bare.map((x) => Math.round(x.requests.average)), rounds_server_cpu_ms_per_request: bare.map((x) => cpuPerRequest.get(x) ?? null) },
    chain_over_trpc: { ...summary(best(trpc)), p95_ms: p95(best(trpc)), rounds_req_per_s: trpc.map((x) => Math.round(x.requests.average)), rounds_server_cpu_ms_per_request: trpc.map((x) => cpuPerRequest.get(x) ?? null) },
    list: {
      chain: { ...summary(lc), p95_ms: p95(lc), rounds_req_per_s: list.map((x) => Math.round(x.requests.average)), rounds_server_cpu_ms_per_request: list.map((x) => cpuPerRequest.get(x) ?? null), response_bytes: Buffer.byteLength(listChainText) },
      bare: { ...summary(lr), p95_ms: p95(lr), rounds_req_per_s: listBare.map((x) => Math.round(x.requests.average)), rounds_server_cpu_ms_per_request: listBare.map((x) => cpuPerRequest.get(x) ?? null), response_bytes: Buffer.byteLength(listBareText) },
    },
    transactions_per_request: { ...transactionsPerRequest, how: 'pg_stat_database.xact_commit over 200 sequential requests each, caches warm' },
    at_half_saturation: { offered_req_per_s: offered, chain: pacedSummary(paced.chain), bare: pacedSummary(paced.bare) },
    targets: { ratio: '>= 0.8', list_ratio: '>= 0.6', p95_ratio: '<= 1.25 at half the bare saturation rate', p95_ms: 'for the record (50 connections, saturated)' },
    config: {
      connections: CONNECTIONS,
      seconds_per_round: SECONDS,
      rounds: ROUNDS,
      order_per_round: ['bare', 'chain', 'trpc', 'list_bare', 'list_chain'],
      order_alternates: 'odd rounds run chain before bare and list_chain before list_bare (also at the fixed rate)',
      reported: 'ratio, list_ratio: the median of the rounds’ own chain ÷ bare; chain/bare/list figures: the best round of each (throughput); p95 at the fixed rate: the median round of each',
      rows_per_response: a.data.length,
      list_rows: LIST_LIMIT,
      db_pool: 10,
      redis: REDIS_MODE === 'resp' ? 'REDIS_URL: @upstash/redis with the in-process RESP requester (ioredis)' : 'Upstash REST to the bridge process (UPSTASH_REDIS_REST_URL)',
    },
    machine: machineInfo({ server: 'next start (production build), same machine as the load generator' }),
    load_average: { before: LOAD_BEFORE, after_each_round: loads, note: 'shared machine: other sessions may be running (load average 1/5/15 min, 2 CPUs)' },
    measured_at: new Date().toISOString(),
  };
  writeFileSync(OUT.startsWith('/') ? OUT : new URL(`../results/${OUT}`, import.meta.url), JSON.stringify(report, null, 2) + '\n');
  console.log(JSON.stringify(report, null, 2));
} finally {
  server?.kill('SIGTERM');
  await bridge.close();
  await kms.close();
  await new Promise((r) => setTimeout(r, process.env.BENCH_CPU_PROF ? 5000 : 1000));
  await testDb.drop();
}

/** the median (the lower middle, as for p95 below) of the rounds' ratios */
function median(values: number[]): number {
  return Number(quantile(values, 0.5).toFixed(3));
}

/** the median over rounds of the server's CPU milliseconds per request */
function medianCpu(rs: Result[]): number | null {
  const v = rs.map((x) => cpuPerRequest.get(x)).filter((x): x is number => x !== undefined);
  return v.length ? quantile(v, 0.5) : null;
}

/** autocannon reports p90/p97.5/p99; p95 is interpolated between p90 and p97.5. */
function percentile95(res: Result): number {
  const l = res.latency as unknown as Record<string, number>;
  const p90 = l.p90 ?? 0;
  const p975 = l.p97_5 ?? l.p99 ?? p90;
  return Number((p90 + ((95 - 90) / (97.5 - 90)) * (p975 - p90)).toFixed(2));
}
