/**
 * Outage detection through the worker's real tasks and the RouterOS simulator: a router
 * that stops answering is recorded offline; once unreachable for the ISP's minutes a
 * router_sync opens one suspected outage (its customers recorded by outage_propagation,
 * nobody told); staff confirm it (the notices go out once); the router answering again
 * proposes resolution; resolving tells the customers it is over, once.
 */
import type postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confirmOutage, resolveOutage } from '@rrnet/core/outages/outages';
import { withTenant } from '@rrnet/db';
import { enqueue } from '@rrnet/jobs';
import { RouterClientPool } from '@rrnet/routeros';
import { createRouterSimulator } from '@rrnet/routeros/simulator';
import type { RouterSimulator } from '@rrnet/routeros/simulator';
import { startMetrics } from '../../src/metrics';
import { startSeededWorker } from './worker_env';
import type { SeededWorker } from './worker_env';

let h: SeededWorker;
let admin: postgres.Sql;
let sim: RouterSimulator;
let tenantA: string;
let routerId: string;

beforeAll(async () => {
  // the breaker opens after the failed syncs; a short open window lets the sync after the restart reach the router
  h = await startSeededWorker({ concurrency: 2, routers: new RouterClientPool({ breaker: { openMs: 50 } }) });
  ({ admin, tenantA } = h);
  sim = await createRouterSimulator({ ports: [0, 0, 0, 0] });
  const routers = await admin<{ id: string }[]>`SELECT id FROM tenant_routers ORDER BY tenant_id = ${tenantA} DESC, name`;
  for (const [i, r] of routers.entries()) await admin`UPDATE tenant_routers SET host = '127.0.0.1', port = ${sim.routers[i]!.port} WHERE id = ${r.id}`;
  routerId = routers[0]!.id;
  // the seed's outages are not this test's
  await admin`UPDATE tenant_tickets SET outage_id = NULL`;
  await admin`DELETE FROM tenant_outages`;
  await admin`UPDATE tenant_settings SET outage_detect_minutes = 10, wa_quiet_start = NULL, wa_quiet_end = NULL`;
}, 90_000);
afterAll(async () => {
  await sim?.close();
  await h?.close();
});

async function sync(): Promise<void> {
  await enqueue(h.system.sql, 'router_sync', { router_id: routerId, apply: false }, { tenantId: tenantA });
  await h.runAll();
}
const outages = () =>
  admin<{ id: string; status: string; detected_by: string; resolution_proposed_at: Date | null; propagated_at: Date | null }[]>`
    SELECT id, status, detected_by, resolution_proposed_at, propagated_at FROM tenant_outages WHERE router_id = ${routerId}`;
const notices = (code: string) => admin<{ n: number }[]>`SELECT count(*)::int AS n FROM tenant_wa_messages WHERE template_code = ${code}`.then((r) => r[0]!.n);
const inA = <T>(fn: Parameters<typeof withTenant<T>>[2]) => withTenant(h.app.sql, { tenantId: tenantA }, fn);

describe('a router going down and coming back', () => {
  it('suspected after N minutes unreachable, confirmed, resolution proposed when it answers, resolved with notices once', async () => {
    await sync();
    expect((await admin`SELECT status FROM tenant_routers WHERE id = ${routerId}`)[0]!.status).toBe('online');

    await sim.routers[0]!.stop();
    try {
      // down, but for less than the ISP's 10 minutes: recorded offline, no outage yet
      await sync();
      expect((await admin`SELECT status FROM tenant_routers WHERE id = ${routerId}`)[0]!.status).toBe('offline');
      expect(await outages()).toHaveLength(0);

      // its last answer 11 minutes ago: the next sync suspects an outage, and only one
      await admin`UPDATE tenant_routers SET last_seen_at = now() - interval '11 minutes' WHERE id = ${routerId}`;
      await sync();
      await sync();
      const [suspected, ...more] = await outages();
      expect(more).toHaveLength(0);
      expect(suspected).toMatchObject({ status: 'suspected', detected_by: 'router_sync', resolution_proposed_at: null });
      expect(suspected!.propagated_at).not.toBeNull();
      const [affected] = await admin<{ n: number }[]>`SELECT count(*)::int AS n FROM tenant_outage_customers WHERE outage_id = ${suspected!.id}`;
      const [onRouter] = await admin<{ n: number }[]>`SELECT count(*)::int AS n FROM tenant_customers WHERE router_id = ${routerId} AND status <> 'terminated'`;
      expect(affected!.n).toBeGreaterThanOrEqual(onRouter!.n);
      expect(affected!.n).toBeGreaterThan(0);
      expect(await notices('outage_started')).toBe(0);

      // staff confirm: the customers with a phone are told, once
      await inA((tx) => confirmOutage(tx, tenantA, suspected!.id));
      await h.runAll();
      const [withPhone] = await admin<{ n: number }[]>`
        SELECT count(*)::int AS n FROM tenant_outage_customers oc JOIN tenant_customers c ON c.id = oc.customer_id
        WHERE oc.outage_id = ${suspected!.id} AND c.phone IS NOT NULL`;
      expect(await notices('outage_started')).toBe(withPhone!.n);
    } finally {
      await sim.routers[0]!.start();
    }
    await new Promise((r) => setTimeout(r, 100));

    // it answers again (past the breaker's open window): resolution proposed, the outage stays open until staff resolve it
    await sync();
    const [back] = await outages();
    expect(back!.status).toBe('open');
    expect(back!.resolution_proposed_at).not.toBeNull();

    const resolved = await inA((tx) => resolveOutage(tx, tenantA, null, back!.id));
    expect(resolved.status).toBe('resolved');
    expect(resolved.notices_queued).toBe(await notices('outage_started'));
    await sync();
    expect(await outages()).toHaveLength(1);
    expect(await notices('outage_resolved')).toBe(resolved.notices_queued);

    // outage_resolution_time for Prometheus: this ISP's mean over 30 days is this outage's duration
    const metrics = startMetrics({ appSql: h.app.sql, systemSql: h.system.sql, port: 19471, logger: h.logger });
    try {
      const text = await (await fetch('http://127.0.0.1:19471/metrics')).text();
      const [row] = await admin<{ s: number }[]>`SELECT extract(epoch FROM resolved_at - started_at)::float8 AS s FROM tenant_outages WHERE id = ${back!.id}`;
      const mean = /rrnet_outage_resolution_time_seconds\{tenant="sinar-net",stat="mean"\} ([0-9.e+]+)/.exec(text);
      expect(Number(mean?.[1])).toBeCloseTo(row!.s, 1);
      expect(text).toMatch(/rrnet_outages_open\{tenant="sinar-net"\} 0/);
    } finally {
      await metrics.stop();
    }
  });
});
