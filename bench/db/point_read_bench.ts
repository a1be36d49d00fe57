/**
 * bench/db: a point read by primary key through the tenant helper (withTenant: BEGIN +
 * set_config pipelined with the read, then COMMIT) vs. the same read as a plain prepared
 * query by the same role (rrnet_app, tenant fixed for the session, so RLS still applies),
 * and the naive pattern (BEGIN; set_config; SELECT; COMMIT — four round trips) for
 * reference. Same process, same pool size, rounds interleaved; medians reported, at 1
 * and at 8 requests in flight.
 *
 *   pnpm bench:db        (RRNET_TEST_PG_URL: a server where it may create a database)
 * Writes bench/results/db.json.
 */
import { writeFileSync } from 'node:fs';
import { machineInfo } from '../machine';
import postgres from 'postgres';
import { ConfigKeyProvider, SecretBox, generateKeySpec } from '@rrnet/crypto';
import { createDatabase, withTenant } from '@rrnet/db';
import { seedDemo } from '@rrnet/db/seed';
import { createTestDatabase } from '@rrnet/db/testing';

const SERVER = process.env.RRNET_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
// 1 in flight (pgbench's default single client: round trips dominate) is the headline;
// 8 in flight saturates the Node client on this 2-core machine and is reported beside it.
const CONCURRENCY_LEVELS = [1, 8];
const ROUND_SECONDS = Number(process.env.BENCH_ROUND_SECONDS ?? 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

async function measure(op: (i: number) => Promise<unknown>, CONCURRENCY: number): Promise<number> {
  let done = 0;
  const deadline = performance.now() + ROUND_SECONDS * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, worker) => {
      let i = worker;
      while (performance.now() < deadline) {
        await op(i);
        i += CONCURRENCY;
        done++;
      }
    }),
  );
  return done / ((performance.now() - started) / 1000);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const testDb = await createTestDatabase(SERVER, { prefix: 'rrnet_bench' });
try {
  const seed = await seedDemo({
    appUrl: testDb.appUrl,
    systemUrl: testDb.systemUrl,
    secretBox: new SecretBox(new ConfigKeyProvider(generateKeySpec())),
  });
  const tenantId = seed.tenants[0]!.id;
  const helperPool = createDatabase(testDb.appUrl, { max: 8 });
  const plainPool = postgres(testDb.appUrl, {
    max: 8,
    prepare: true,
    onnotice: () => {},
    connection: { options: `-c app.tenant_id=${tenantId}` },
  });
  const ids = (await plainPool<{ id: string }[]>`SELECT id FROM tenant_customers`).map((r) => r.id);
  if (ids.length === 0) throw new Error('no customers visible');

  const plain = (i: number) => plainPool`SELECT * FROM tenant_customers WHERE tenant_id = ${tenantId} AND id = ${ids[i % ids.length]!}`;
  const helper = (i: number) =>
    withTenant(helperPool.sql, { tenantId }, ({ sql }) => sql`SELECT * FROM tenant_customers WHERE tenant_id = ${tenantId} AND id = ${ids[i % ids.length]!}`);
  const naive = (i: number) =>
    helperPool.sql.begin(async (sql) => {
      await sql`SELECT set_config('app.tenant_id', ${tenantId}, true)`;
      return sql`SELECT * FROM tenant_customers WHERE tenant_id = ${tenantId} AND id = ${ids[i % ids.length]!}`;
    });

  // correctness first: all three return the same row
  const [a] = await plain(0);
  const [b] = await helper(0);
  const [c] = await naive(0);
  if (a?.id !== b?.id || b?.id !== c?.id) throw new Error('the three reads disagree');

  const levels: Record<string, { plain: number[]; helper: number[]; naive: number[] }> = {};
  for (const c of CONCURRENCY_LEVELS) {
    await measure(plain, c); // warm-up
    await measure(helper, c);
    const r = { plain: [] as number[], helper: [] as number[], naive: [] as number[] };
    for (let round = 0; round < ROUNDS; round++) {
      r.plain.push(await measure(plain, c));
      r.helper.push(await measure(helper, c));
      r.naive.push(await measure(naive, c));
    }
    levels[c] = r;
  }
  const summary = (c: number) => {
    const r = levels[c]!;
    const [p, h, n] = [median(r.plain), median(r.helper), median(r.naive)];
    return {
      ratio: Number((h / p).toFixed(3)),
      helper_ops_per_s: Math.round(h),
      plain_ops_per_s: Math.round(p),
      naive_ops_per_s: Math.round(n),
      naive_ratio: Number((n / p).toFixed(3)),
      rounds: { plain: r.plain.map(Math.round), helper: r.helper.map(Math.round), naive: r.naive.map(Math.round) },
    };
  };
  const one = summary(1);
  const eight = summary(8);
  const [pg] = await plainPool<{ v: string }[]>`SELECT current_setting('server_version') AS v`;
  const report = {
    benchmark: 'db point read by primary key: tenant helper vs plain prepared query (same role, RLS on)',
    ratio: one.ratio,
    helper_ops_per_s: one.helper_ops_per_s,
    plain_ops_per_s: one.plain_ops_per_s,
    naive_ratio: one.naive_ratio,
    in_flight_1: one,
    in_flight_8: eight,
    config: { pool_size: Math.max(...CONCURRENCY_LEVELS), round_seconds: ROUND_SECONDS, rounds: ROUNDS, rows: ids.length },
    how:
      'BEGIN and one prepared set_config statement are queued without waiting, pipelined with the read; COMMIT is the only extra round trip (2 round trips vs the naive 4). At 8 in flight the Node client is CPU-bound and the cost follows the statement count (4 vs 1).',
    machine: machineInfo({ postgres: pg?.v, connection: 'TCP 127.0.0.1, same machine as the benchmark' }),
    measured_at: new Date().toISOString(),
  };
  writeFileSync(new URL('../results/db.json', import.meta.url), JSON.stringify(report, null, 2) + '\n');
  console.log(JSON.stringify(report, null, 2));
  await plainPool.end();
  await helperPool.close();
} finally {
  await testDb.drop();
}
