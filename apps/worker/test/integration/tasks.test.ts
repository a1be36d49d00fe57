/** The worker's own tasks on real data: analytics in the tenant's timezone, the fan-out, maintenance, metrics. */
import type postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

  it('the fan-out queues yesterday (local date) for tenants just past local midnight', async () => {
    // make one tenant's local hour 0 right now, whatever the time of the test run
    const offset = -new Date().getUTCHours(); // hours to add to UTC to reach local 00:xx
    const zone = offset === 0 ? 'UTC' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
    await admin`UPDATE saas_tenants SET timezone = ${zone} WHERE id = ${tenantA}`;
    await enqueue(app.sql as never, 'analytics_fanout', {}, { tenantId: null });
    await runAll();
    const local = new Date(Date.now() + offset * 3_600_000);
    const yesterday = new Date(Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() - 1)).toISOString().slice(0, 10);
    const [row] = await admin`SELECT day::text FROM tenant_analytics_daily WHERE tenant_id = ${tenantA} AND day = ${yesterday}`;
    expect(row?.day).toBe(yesterday);
    const fanout = lines.find((l) => l.message === 'analytics rollups queued');
    expect(fanout).toMatchObject({ queued: 1 });
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
