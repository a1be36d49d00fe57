/** The worker's own tasks on real data: analytics in the tenant's timezone, the fan-out, maintenance, report exports, metrics. */
import type postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestExport } from '@rrnet/core/reports/exports';
import { withTenant } from '@rrnet/db';
import { enqueue } from '@rrnet/jobs';
import { startMetrics } from '../../src/metrics';
import { startSeededWorker } from './worker_env';
import type { SeededWorker } from './worker_env';

let h: SeededWorker;
let admin: postgres.Sql;
let app: SeededWorker['app'];
let system: SeededWorker['system'];
let tenantA: string;
let lines: Record<string, unknown>[];

beforeAll(async () => {
  h = await startSeededWorker({ concurrency: 1 });
  ({ admin, app, system, tenantA, lines } = h);
});
afterAll(async () => {
  await h.close();
});

const runAll = () => h.runAll();

describe('analytics', () => {
  it('counts a day by the tenant’s clock: 00:30 WIB belongs to the Jakarta day, not the UTC one', async () => {
    // a customer created 2020-03-31T17:30Z = 2020-04-01 00:30 in Jakarta (years before any seeded customer)
    await admin`UPDATE tenant_customers SET created_at = '2020-03-31T17:30:00Z'
                WHERE id = (SELECT id FROM tenant_customers WHERE tenant_id = ${tenantA} ORDER BY code LIMIT 1)`;
    await enqueue(app.sql as never, 'analytics', { day: '2020-03-31' }, { tenantId: tenantA });
    await enqueue(app.sql as never, 'analytics', { day: '2020-04-01' }, { tenantId: tenantA });
    await runAll();
    const rows = await admin`SELECT day::text, new_customers FROM tenant_analytics_daily
                             WHERE tenant_id = ${tenantA} AND day IN ('2020-03-31', '2020-04-01') ORDER BY day`;
    expect(rows.map((r) => [r.day, r.new_customers])).toEqual([
      ['2020-03-31', 0],
      ['2020-04-01', 1],
    ]);
    // idempotent: a second run rewrites the same row
    await enqueue(app.sql as never, 'analytics', { day: '2020-04-01' }, { tenantId: tenantA });
    await runAll();
    const [again] = await admin`SELECT count(*)::int AS n FROM tenant_analytics_daily WHERE tenant_id = ${tenantA} AND day = '2020-04-01'`;
    expect(again!.n).toBe(1);
  });

  // The fan-out is given the moment it stands for (as a replay would be), so these cases
  // hold whatever the hour of the run: each one puts a tenant's local clock at 00:05.
  const CASES = [
    { zone: 'Asia/Jakarta', at: '2026-03-01T17:05:00Z', yesterday: '2026-03-01', why: 'UTC+7: 00:05 on 2 Mar' },
    { zone: 'Asia/Jakarta', at: '2028-02-29T17:05:00Z', yesterday: '2028-02-29', why: 'a leap day is yesterday on 1 Mar' },
    { zone: 'America/Sao_Paulo', at: '2026-06-10T03:05:00Z', yesterday: '2026-06-09', why: 'UTC−3: the UTC date is already the local one' },
    { zone: 'Pacific/Kiritimati', at: '2026-12-31T10:05:00Z', yesterday: '2026-12-31', why: 'UTC+14: local 1 Jan while UTC is still 31 Dec' },
  ];
  for (const c of CASES) {
    it(`the fan-out queues yesterday in the tenant’s calendar (${c.zone}, ${c.why})`, async () => {
      await admin`UPDATE saas_tenants SET timezone = ${c.zone} WHERE id = ${tenantA}`;
      // every other tenant is on UTC, whose hour in these cases is never 0: not due
      await admin`UPDATE saas_tenants SET timezone = 'UTC' WHERE id <> ${tenantA}`;
      const before = lines.length;
      await enqueue(app.sql as never, 'analytics_fanout', { at: c.at }, { tenantId: null });
      await runAll();
      const [row] = await admin`SELECT day::text FROM tenant_analytics_daily WHERE tenant_id = ${tenantA} AND day = ${c.yesterday}`;
      expect(row?.day).toBe(c.yesterday);
      const fanout = lines.slice(before).find((l) => l.message === 'analytics rollups queued');
      expect(fanout).toMatchObject({ queued: 1 });
    });
  }

  it('the fan-out queues nothing for a tenant past its first local hour', async () => {
    await admin`UPDATE saas_tenants SET timezone = 'Asia/Jakarta'`;
    const before = lines.length;
    await enqueue(app.sql as never, 'analytics_fanout', { at: '2026-03-01T18:05:00Z' }, { tenantId: null }); // 01:05 WIB
    await runAll();
    expect(lines.slice(before).find((l) => l.message === 'analytics rollups queued')).toMatchObject({ queued: 0 });
  });
});

describe('maintenance and cleanup', () => {
  it('audit maintenance creates partitions ahead and verifies the chains', async () => {
    await enqueue(app.sql as never, 'audit_maintenance', {}, { tenantId: null });
    await runAll();
    expect(lines.find((l) => l.message === 'audit maintenance done')).toMatchObject({ chains: 2, broken: 0 });
  });

  it('cleanup removes idempotency keys older than 24 hours only', async () => {
    await admin`UPDATE tenant_idempotency_keys SET created_at = now() - interval '2 days' WHERE tenant_id = ${tenantA}`;
    await enqueue(app.sql as never, 'cleanup_jobs', {}, { tenantId: null });
    await runAll();
    const rows = await admin`SELECT tenant_id FROM tenant_idempotency_keys`;
    expect(rows.map((r) => r.tenant_id)).not.toContain(tenantA);
    expect(rows).toHaveLength(1);
  });

  it('report_generation writes a requested export; cleanup purges it with its file once expired', async () => {
    const e = await withTenant(app.sql, { tenantId: tenantA }, (tx) =>
      requestExport(tx, { tenantId: tenantA, userId: null, timezone: 'Asia/Jakarta', unmasked: false }, { kind: 'customers', format: 'xlsx' }, '2026-12-04'),
    );
    await runAll();
    const [done] = await admin<{ status: string; processed_rows: number; byte_size: string }[]>`SELECT status, processed_rows, byte_size FROM tenant_reports WHERE id = ${e.id}`;
    const [customers] = await admin<{ n: number }[]>`SELECT count(*)::int AS n FROM tenant_customers WHERE tenant_id = ${tenantA}`;
    expect(done).toMatchObject({ status: 'completed', processed_rows: customers!.n });
    expect(Number(done!.byte_size)).toBeGreaterThan(0);

    await admin`UPDATE tenant_reports SET expires_at = now() - interval '1 minute' WHERE id = ${e.id}`;
    await enqueue(app.sql as never, 'cleanup_jobs', {}, { tenantId: null });
    await runAll();
    expect(await admin`SELECT 1 FROM tenant_reports WHERE id = ${e.id}`).toHaveLength(0);
    expect(await admin`SELECT 1 FROM tenant_report_chunks WHERE report_id = ${e.id}`).toHaveLength(0);
    // the demo's own export has not expired and stays
    expect((await admin`SELECT 1 FROM tenant_reports WHERE tenant_id = ${tenantA}`).length).toBeGreaterThan(0);
  });
});

describe('metrics', () => {
  it('exports queue depth per class, running jobs, dead letters and durations', async () => {
    await enqueue(app.sql as never, 'analytics', { day: '2026-05-01' }, { tenantId: tenantA });
    await enqueue(app.sql as never, 'payment_processing', { gateway: 'midtrans', transaction_id: 'm-1' }, { tenantId: tenantA });
    const metrics = startMetrics({ appSql: app.sql, systemSql: system.sql, port: 19464, logger: h.logger });
    try {
      metrics.observer.onFinished?.({ name: 'analytics', jobClass: 'low', outcome: 'completed', durationMs: 12 });
      const text = await (await fetch('http://127.0.0.1:19464/metrics')).text();
      expect(text).toMatch(/rrnet_jobs_queue_depth\{class="critical"\} 1/);
      expect(text).toMatch(/rrnet_jobs_queue_depth\{class="low"\} 1/);
      expect(text).toMatch(/rrnet_jobs_running\{class="high"\} 0/);
      expect(text).toMatch(/rrnet_jobs_dead_letters 0/);
      expect(text).toMatch(/rrnet_job_duration_seconds_count\{task="analytics",class="low",outcome="completed"\} 1/);
    } finally {
      await metrics.stop();
    }
    const [through] = await admin`SELECT sum(completed)::int AS n FROM sys_job_throughput WHERE job_class = 'low'`;
    expect(through!.n).toBeGreaterThanOrEqual(1);
  });
});
