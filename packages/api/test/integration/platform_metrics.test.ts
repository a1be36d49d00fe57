/**
 * The platform's metrics page over the procedure: live sections from the real services,
 * this instance's API histogram as the chain observes it, database connections of every
 * role (the monitoring function, not the caller's own view), and the busiest statements
 * from pg_stat_statements on a cluster that preloads it — or the reason on one that does not.
 */
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerApiMetrics, createMetricsRegistry } from '@rrnet/metrics';
import { LatencyWindow } from '@rrnet/core/system/latency_rules';
import { createCluster, postgresBinDir } from '../../../../tests/pg_cluster';
import type { Cluster } from '../../../../tests/pg_cluster';
import { outcome, startHarness } from './api_harness';
import type { Harness } from './api_harness';

/** the chain reports every call to a real registry, as in the web app */
function observe(h: Harness): void {
  const api = registerApiMetrics(createMetricsRegistry('web'));
  h.services.metrics = api;
  h.services.apiLatency = { startedAt: new Date(), read: api.snapshot, window: new LatencyWindow(300_000) };
}

describe('platform metrics on the shared test server', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    observe(h);
  });
  afterAll(async () => h.close());

  it('is for platform admins only', async () => {
    const owner = await h.login('owner@sinarnet.demo');
    expect(await outcome(h.call(owner.access_token).platform.metrics())).toBe('FORBIDDEN');
    expect(await outcome(h.call(null).platform.metrics())).toBe('UNAUTHENTICATED');
  });

  it('reads every section live', async () => {
    const platform = (await h.login('admin@rrnet.demo')).access_token;
    const owner = (await h.login('owner@sinarnet.demo')).access_token;
    await h.call(owner).customers.customers.list({ limit: 5 });
    await outcome(h.call(owner).billing.invoices.get({ id: '00000000-0000-4000-8000-000000000000' })); // NOT_FOUND
    const m = await h.call(platform).platform.metrics();
    expect(m.errors).toEqual([]);
    expect(m.readiness?.checks.postgres.ok).toBe(true);
    expect(m.readiness?.checks.redis.ok).toBe(true);
    // the chain observed the sign-ins, the list and the miss (this call is observed after it answers)
    expect(m.api!.requests).toBeGreaterThanOrEqual(5);
    expect(m.api!.errors_by_code).toContainEqual({ code: 'NOT_FOUND', count: 1 });
    expect(m.api!.p95_seconds).toBeGreaterThan(0);
    expect(m.api!.window_requests).toBe(m.api!.requests); // younger than the window
    // connections of every role, each with a state: the caller alone would see others' as null
    expect(m.database!.total).toBeGreaterThanOrEqual(2);
    expect(m.database!.max_connections).toBeGreaterThan(0);
    expect(m.database!.by_state.map((s) => s.state)).not.toContain('unknown');
    expect(m.redis!.used_bytes).toBeGreaterThan(0);
    expect(m.queues!.classes.map((c) => c.job_class)).toEqual(['critical', 'high', 'normal', 'low']);
    expect(m.business!.rates.map((r) => r.name)).toEqual(['invoice_conversion_rate', 'saas_invoice_conversion_rate', 'router_sync_success_rate', 'wa_delivery_rate']);
    const invoices = m.business!.rates[0]!;
    const [seeded] = await h.system<{ good: number; total: number }[]>`
      SELECT count(*) FILTER (WHERE status = 'paid')::int AS good, count(*)::int AS total
      FROM tenant_invoices WHERE status <> 'void' AND issued_at > now() - interval '90 days'`;
    expect(invoices).toMatchObject({ good: seeded!.good, total: seeded!.total });
    // the shared server does not preload pg_stat_statements; the page says so rather than failing
    const admin = postgres(h.db.adminUrl, { max: 1, onnotice: () => {} });
    const [preload] = await admin<{ v: string }[]>`SELECT current_setting('shared_preload_libraries') AS v`.finally(() => admin.end());
    if (!preload!.v.includes('pg_stat_statements')) expect(m.slow_queries).toEqual({ available: false, reason: 'not_loaded' });
    else expect(m.slow_queries.available).toBe(true);
  });
});

describe.skipIf(!postgresBinDir())('platform metrics on a server that preloads pg_stat_statements', () => {
  let cluster: Cluster;
  let h: Harness;
  beforeAll(async () => {
    cluster = await createCluster({ settings: { shared_preload_libraries: "'pg_stat_statements'" } });
    cluster.start();
    h = await startHarness({ pgServerUrl: cluster.url() });
    observe(h);
  }, 120_000);
  afterAll(async () => {
    await h?.close();
    cluster?.destroy();
  });

  it('lists the busiest statements of this database, normalised, with their shares', async () => {
    const platform = (await h.login('admin@rrnet.demo')).access_token;
    const owner = (await h.login('owner@sinarnet.demo')).access_token;
    for (let i = 0; i < 5; i++) await h.call(owner).customers.customers.list({ limit: 20 });
    // one statement over the customers slow enough to be among the busiest whatever else ran
    // (the list itself takes a few milliseconds: on a loaded machine seeding may outweigh it)
    const admin = postgres(h.db.adminUrl, { max: 1, onnotice: () => {} });
    await admin`SELECT count(*) FROM tenant_customers CROSS JOIN pg_sleep(${1.5})`.finally(() => admin.end());
    const m = await h.call(platform).platform.metrics();
    expect(m.slow_queries.available).toBe(true);
    if (!m.slow_queries.available) return;
    const statements = m.slow_queries.statements;
    expect(statements.length).toBeGreaterThan(3);
    expect(statements.length).toBeLessThanOrEqual(10);
    // most time first, shares add up, constants replaced by placeholders, no scrape of its own
    expect(statements.map((s) => s.total_ms)).toEqual([...statements.map((s) => s.total_ms)].sort((a, b) => b - a));
    expect(statements.reduce((a, s) => a + s.share, 0)).toBeCloseTo(1, 6);
    expect(statements.some((s) => /tenant_customers/.test(s.query) && s.query.includes('pg_sleep($1)') && s.total_ms >= 1400)).toBe(true);
    expect(statements.every((s) => !s.query.includes('rrnet:metrics') && !s.query.includes('sys_top_statements'))).toBe(true);
  }, 60_000);
});
