/**
 * bench/outages: an OLT with 20k customers below it (OLT → 10 ODCs → 200 ODPs) in an ISP
 * of 100k customers (BENCH_ISP_CUSTOMERS), on a platform of BENCH_PLATFORM_CUSTOMERS in
 * all (other ISPs of 100k each; default: the ISP alone). Measured: declaration → every
 * affected customer recorded with the 'started' notice it is owed, committed, and the
 * WhatsApp drain woken (core declareOutage + propagateOutage, as rrnet_app under RLS: the
 * recursive statement, the ticket links) vs. the floor: ONE INSERT … SELECT of the same
 * 20k affected rows into tenant_outage_customers (superuser, no RLS, same table, same
 * audit trigger). The owed notices are written into the outbox by the drain at its
 * sending pace, 600 a turn (a minute at 10/s); the bench then releases them all and
 * checks every customer with a phone got exactly one, reporting one turn's time and the
 * whole release's (not in the ratio: 20k notices take 33 minutes to send at 10/s).
 * Alternated floor, ours, ours, floor, each on a fresh outage → ratio = mean ours / mean
 * floor. Target ≤ 2.
 *
 *   pnpm bench:outages   (RRNET_TEST_PG_URL)
 * Writes bench/results/outages.json.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import postgres from 'postgres';
import { declareOutage, propagateOutage, releaseOutageNotices } from '@rrnet/core/outages/outages';
import { OUTAGE_NOTICE_QUEUE_TARGET } from '@rrnet/core/outages/outage_rules';
import { ConfigKeyProvider, SecretBox, generateKeySpec } from '@rrnet/crypto';
import { createDatabase, withTenant } from '@rrnet/db';
import { seedLoad } from '@rrnet/db/seed/load';
import { createTestDatabase } from '@rrnet/db/testing';
import { machineInfo } from '../machine';

const SERVER = process.env.RRNET_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const ISP_CUSTOMERS = Number(process.env.BENCH_ISP_CUSTOMERS ?? 100_000);
const PLATFORM_CUSTOMERS = Number(process.env.BENCH_PLATFORM_CUSTOMERS ?? ISP_CUSTOMERS);
const BELOW_OLT = 20_000;

const log = (m: string) => console.log(`[bench:outages] ${m}`);
const seconds = (t0: number) => Math.round((performance.now() - t0) / 10) / 100;

async function main() {
  const loadStart = loadavg().map((x) => Math.round(x * 100) / 100);
  const db = await createTestDatabase(SERVER);
  const admin = postgres(db.adminUrl, { max: 2, onnotice: () => {} });
  const app = createDatabase(db.appUrl, { max: 4 });
  try {
    const secretBox = new SecretBox(new ConfigKeyProvider(generateKeySpec()));
    const t0 = performance.now();
    const load = await seedLoad({ adminUrl: db.adminUrl, tenants: 1, customersPerTenant: ISP_CUSTOMERS, secretBox, prefix: 'isp', log });
    const others = Math.max(0, Math.round((PLATFORM_CUSTOMERS - ISP_CUSTOMERS) / 100_000));
    if (others > 0) await seedLoad({ adminUrl: db.adminUrl, tenants: others, customersPerTenant: 100_000, secretBox, prefix: 'other', log });
    const tenantId = load.tenantIds[0]!;
    log(`seeded ${ISP_CUSTOMERS + others * 100_000} customers in ${seconds(t0)} s`);

    // the topology: OLT → 10 ODCs → 20 ODPs each; the first 20k customers on those ODPs
    await admin.begin(async (tx) => {
      await tx`SET LOCAL rrnet.audit_bypass = 'on'`;
      await tx`INSERT INTO tenant_topology_nodes (tenant_id, kind, name) VALUES (${tenantId}, 'olt', 'B-OLT'), (${tenantId}, 'olt', 'B-OLT-OTHER')`;
      await tx`INSERT INTO tenant_topology_nodes (tenant_id, kind, name, parent_id)
               SELECT ${tenantId}, 'odc', 'B-ODC-' || g, (SELECT id FROM tenant_topology_nodes WHERE tenant_id = ${tenantId} AND name = 'B-OLT') FROM generate_series(1, 10) g`;
      await tx`INSERT INTO tenant_topology_nodes (tenant_id, kind, name, parent_id)
               SELECT ${tenantId}, 'odp', 'B-ODP-' || c.name || '-' || g, c.id FROM tenant_topology_nodes c, generate_series(1, 20) g
               WHERE c.tenant_id = ${tenantId} AND c.kind = 'odc'`;
      await tx`INSERT INTO tenant_topology_nodes (tenant_id, kind, name, parent_id)
               SELECT ${tenantId}, 'odp', 'B-ODP-OTHER', id FROM tenant_topology_nodes WHERE tenant_id = ${tenantId} AND name = 'B-OLT-OTHER'`;
      await tx`
        WITH odps AS (SELECT id, row_number() OVER (ORDER BY name) - 1 AS i FROM tenant_topology_nodes WHERE tenant_id = ${tenantId} AND kind = 'odp' AND name <> 'B-ODP-OTHER'),
        cs AS (SELECT id, row_number() OVER (ORDER BY code) - 1 AS i FROM tenant_customers WHERE tenant_id = ${tenantId})
        UPDATE tenant_customers c SET odp_id = CASE WHEN cs.i < ${BELOW_OLT} THEN (SELECT id FROM odps WHERE odps.i = cs.i % 200)
                                                    ELSE (SELECT id FROM tenant_topology_nodes WHERE tenant_id = ${tenantId} AND name = 'B-ODP-OTHER') END,
                                      router_id = NULL, status = 'active'
        FROM cs WHERE c.id = cs.id`;
      await tx`UPDATE tenant_settings SET wa_quiet_start = NULL, wa_quiet_end = NULL WHERE tenant_id = ${tenantId}`;
    });
    await admin`ANALYZE`;
    const [olt] = await admin<{ id: string }[]>`SELECT id FROM tenant_topology_nodes WHERE tenant_id = ${tenantId} AND name = 'B-OLT'`;
    const [phones] = await admin<{ n: number }[]>`
      SELECT count(*)::int AS n FROM tenant_customers c JOIN tenant_topology_nodes p ON p.id = c.odp_id JOIN tenant_topology_nodes d ON d.id = p.parent_id
      WHERE d.parent_id = ${olt!.id} AND c.phone IS NOT NULL`;

    /** resolve what the last round left open, so each round's customers are told again */
    const clear = async () => {
      await admin`DELETE FROM tenant_wa_messages WHERE tenant_id = ${tenantId}`;
      await admin`DELETE FROM graphile_worker._private_jobs`;
      await admin`UPDATE tenant_outages SET status = 'resolved', resolved_at = now() WHERE tenant_id = ${tenantId} AND status = 'open'`;
    };

    const floor = async (): Promise<number> => {
      await clear();
      const [o] = await admin<{ id: string }[]>`
        INSERT INTO tenant_outages (tenant_id, title, node_id, status, resolved_at) VALUES (${tenantId}, 'floor', ${olt!.id}, 'resolved', now()) RETURNING id`;
      const t = performance.now();
      const r = await admin`
        INSERT INTO tenant_outage_customers (tenant_id, outage_id, customer_id)
        SELECT ${tenantId}, ${o!.id}, c.id FROM tenant_customers c JOIN tenant_topology_nodes p ON p.id = c.odp_id JOIN tenant_topology_nodes d ON d.id = p.parent_id
        WHERE d.parent_id = ${olt!.id}`;
      const s = (performance.now() - t) / 1000;
      if (r.count !== BELOW_OLT) throw new Error(`floor wrote ${r.count}`);
      return s;
    };

    const ours = async (): Promise<{ s: number; affected: number; owed: number; id: string }> => {
      await clear();
      const t = performance.now();
      const result = await withTenant(app.sql, { tenantId }, async (tx) => {
        const o = await declareOutage(tx, tenantId, null, { title: 'OLT down (bench)', node_id: olt!.id, cause: 'power' });
        return { id: o.id, r: await propagateOutage(tx, tenantId, o.id) };
      });
      const s = (performance.now() - t) / 1000;
      const [owed] = await admin<{ n: number }[]>`SELECT count(*)::int AS n FROM tenant_outage_customers WHERE outage_id = ${result.id} AND notice_pending`;
      const [drain] = await admin<{ n: number }[]>`
        SELECT count(*)::int AS n FROM graphile_worker._private_jobs j JOIN graphile_worker._private_tasks k ON k.id = j.task_id WHERE k.identifier = 'wa_notifications'`;
      if (result.r!.affected !== BELOW_OLT || owed!.n !== phones!.n || result.r!.notices_queued !== phones!.n || drain!.n !== 1) {
        throw new Error(`recorded ${result.r!.affected}, owed ${owed!.n} (${result.r!.notices_queued}) of ${phones!.n}, drains queued ${drain!.n}`);
      }
      return { s, affected: result.r!.affected, owed: owed!.n, id: result.id };
    };

    /** the drain's turns: the owed notices into the outbox, 600 at a time as the outbox empties (here: at once) */
    const release = async (id: string): Promise<{ turn_s: number; all_s: number; turns: number }> => {
      let turns = 0;
      let turn = 0;
      const t = performance.now();
      for (;;) {
        const t1 = performance.now();
        const n = await withTenant(app.sql, { tenantId }, (tx) => releaseOutageNotices(tx, tenantId, OUTAGE_NOTICE_QUEUE_TARGET));
        if (n === 0) break;
        if (turns === 0) turn = (performance.now() - t1) / 1000;
        turns += 1;
      }
      const all = (performance.now() - t) / 1000;
      const [m] = await admin<{ n: number; customers: number }[]>`
        SELECT count(*)::int AS n, count(DISTINCT customer_id)::int AS customers FROM tenant_wa_messages WHERE tenant_id = ${tenantId} AND template_code = 'outage_started' AND dedupe_key LIKE ${`outage_started:${id}:%`}`;
      if (m!.n !== phones!.n || m!.customers !== phones!.n) throw new Error(`released ${m!.n} notices to ${m!.customers} customers, ${phones!.n} owed`);
      return { turn_s: turn, all_s: all, turns };
    };

    const floors: number[] = [];
    const runs: number[] = [];
    floors.push(await floor());
    for (let i = 0; i < 2; i++) runs.push((await ours()).s);
    floors.push(await floor());
    // then, outside the measured rounds, one more declaration whose notices the drain's turns release
    const released = await release((await ours()).id);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const ratio = Math.round((mean(runs) / mean(floors)) * 1000) / 1000;
    const out = {
      benchmark: `declare an outage on an OLT with ${BELOW_OLT} customers below it (OLT → 10 ODCs → 200 ODPs) in an ISP of ${ISP_CUSTOMERS} on a platform of ${ISP_CUSTOMERS + others * 100_000}: all affected recorded with the notice each is owed (released into the outbox by the drain at its sending pace), vs one INSERT…SELECT of the same rows`,
      ratio,
      target: '<= 2',
      run_seconds: runs.map((x) => Math.round(x * 1000) / 1000),
      floor_seconds: floors.map((x) => Math.round(x * 1000) / 1000),
      affected: BELOW_OLT,
      notices_owed: phones!.n,
      release: {
        note: "the owed notices written into the WhatsApp outbox by the drain's turns (rendered, deduplicated, audited), checked one per customer; not in the ratio",
        turn_size: OUTAGE_NOTICE_QUEUE_TARGET,
        first_turn_seconds: Math.round(released.turn_s * 1000) / 1000,
        all_turns_seconds: Math.round(released.all_s * 1000) / 1000,
        turns: released.turns,
      },
      platform_customers: ISP_CUSTOMERS + others * 100_000,
      machine: { ...machineInfo({ load_note: 'shared 2-core machine, other builds and tests running' }), load_average_start: loadStart, load_average_end: loadavg().map((x) => Math.round(x * 100) / 100) },
    };
    // the previous result stays beside the new one (what changed is in the commit that wrote it)
    const file = new URL('../results/outages.json', import.meta.url);
    const before = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as { ratio?: number; when?: string; run_seconds?: number[]; floor_seconds?: number[] }) : null;
    const previous = before?.ratio === undefined ? null : { ratio: before.ratio, when: before.when ?? null, run_seconds: before.run_seconds ?? [], floor_seconds: before.floor_seconds ?? [] };
    writeFileSync(file, `${JSON.stringify({ ...out, when: new Date().toISOString(), previous }, null, 2)}\n`);
    log(JSON.stringify(out));
  } finally {
    await app.close();
    await admin.end();
    await db.drop();
  }
}

await main();
