/**
 * Outages against real PostgreSQL (RLS, app role) and the WhatsApp simulator: propagation
 * over a deep tree (OLT → ODC → ODP → customers) in one statement, a router's outage
 * (nodes attached to it and customers on it), overlapping outages telling each customer
 * once that it started and once that it is over, suspected outages telling nobody until
 * confirmed, the state machine refusing what it must, and the notices reaching the gateway.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '@rrnet/contracts';
import { declareOutage, dismissOutage, getOutage, listOutageCustomers, listOutages, outageSummary, propagateOutage, releaseOutageNotices, resolveOutage, confirmOutage } from '../../src/outages/outages';
import { phones, sleep, startWaHarness } from './wa_harness';
import type { WaHarness } from './wa_harness';

let h: WaHarness;
let t: string;
const tree = { olt: '', odc1: '', odc2: '', odp1: '', odp2: '', odp3: '', router: '' };
/** customers per ODP (non-terminated), and the one terminated / without phone */
const under: Record<'odp1' | 'odp2' | 'odp3' | 'router', string[]> = { odp1: [], odp2: [], odp3: [], router: [] };

async function node(kind: 'olt' | 'odc' | 'odp', name: string, parent: string | null, router: string | null = null): Promise<string> {
  const [r] = await h.admin<{ id: string }[]>`
    INSERT INTO tenant_topology_nodes (tenant_id, kind, name, parent_id, router_id) VALUES (${t}, ${kind}, ${name}, ${parent}, ${router}) RETURNING id`;
  return r!.id;
}

let seq = 0;
async function customer(odp: string | null, opts: { phone?: string | null; status?: string; router?: string | null } = {}): Promise<string> {
  seq += 1;
  const [plan] = await h.admin<{ id: string }[]>`SELECT id FROM tenant_service_plans WHERE tenant_id = ${t} LIMIT 1`;
  const [r] = await h.admin<{ id: string }[]>`
    INSERT INTO tenant_customers (tenant_id, code, name, phone, plan_id, odp_id, router_id, pppoe_username, pppoe_password_enc, billing_day, status)
    VALUES (${t}, ${`OUT-${String(seq).padStart(4, '0')}`}, ${`Outage Test ${seq}`}, ${opts.phone === undefined ? phones(1, 813 + seq)[0]! : opts.phone},
            ${plan!.id}, ${odp}, ${opts.router ?? null}, ${`out-test-${seq}`}, 'k:iv:ct:tag', 5, ${opts.status ?? 'active'})
    RETURNING id`;
  return r!.id;
}


/** outage_propagation, then the drain's release of every notice it made owed */
const propagate = async (id: string) => {
  const r = await h.inTenant(t, (tx) => propagateOutage(tx, t, id));
  await h.inTenant(t, (tx) => releaseOutageNotices(tx, t, 10_000));
  return r;
};

/** outage notices per customer and template */
async function noticesOf(customers: string[]) {
  return h.admin<{ customer_id: string; template_code: string; n: number }[]>`
    SELECT customer_id, template_code, count(*)::int AS n FROM tenant_wa_messages
    WHERE customer_id = ANY(${customers}::uuid[]) AND template_code IN ('outage_started', 'outage_resolved') GROUP BY 1, 2`;
}

beforeAll(async () => {
  h = await startWaHarness();
  t = h.tenantA;
  await h.admin`UPDATE tenant_settings SET wa_quiet_start = NULL, wa_quiet_end = NULL`;
  // the seed's outages cover seed customers only; these tests build their own tree
  const [router] = await h.admin<{ id: string }[]>`SELECT id FROM tenant_routers WHERE tenant_id = ${t} ORDER BY name LIMIT 1`;
  tree.router = router!.id;
  tree.olt = await node('olt', 'T-OLT', null);
  tree.odc1 = await node('odc', 'T-ODC-1', tree.olt);
  tree.odc2 = await node('odc', 'T-ODC-2', tree.olt, tree.router);
  tree.odp1 = await node('odp', 'T-ODP-1', tree.odc1);
  tree.odp2 = await node('odp', 'T-ODP-2', tree.odc1);
  tree.odp3 = await node('odp', 'T-ODP-3', tree.odc2);
  for (const k of ['odp1', 'odp2', 'odp3'] as const) {
    for (let i = 0; i < 3; i++) under[k].push(await customer(tree[k]));
    under[k].push(await customer(tree[k], { phone: null })); // recorded, not messaged
    await customer(tree[k], { status: 'terminated' }); // not affected
  }
  // on the router without an ODP
  under.router.push(await customer(null, { router: tree.router }));
}, 90_000);
afterAll(async () => {
  await h?.close();
});
beforeEach(async () => {
  await h.admin`DELETE FROM graphile_worker._private_jobs`;
  await h.admin`DELETE FROM tenant_wa_messages WHERE template_code IN ('outage_started', 'outage_resolved')`;
  // tickets of the customers an outage covered were linked to it
  await h.admin`UPDATE tenant_tickets SET outage_id = NULL WHERE outage_id IN (SELECT id FROM tenant_outages WHERE tenant_id = ${t} AND title LIKE 'T:%')`;
  await h.admin`DELETE FROM tenant_outages WHERE tenant_id = ${t} AND title LIKE 'T:%'`;
});

describe('propagation', () => {
  it('an ODC outage records every customer below it in the tree, tells each once, and a second run changes nothing', async () => {
    const o = await h.inTenant(t, (tx) => declareOutage(tx, t, null, { title: 'T: feeder cut', node_id: tree.odc1, cause: 'fiber_cut', expected_restoration_at: '2026-12-05T12:00:00+07:00', notes: 'truck' }));
    expect(o.status).toBe('open');
    const [job] = await h.admin<{ key: string }[]>`SELECT key FROM graphile_worker._private_jobs`;
    expect(job!.key).toBe(`outage_propagation:${t}:${o.id}`);

    const first = await propagate(o.id);
    const expected = [...under.odp1, ...under.odp2];
    expect(first).toMatchObject({ status: 'open', affected: expected.length, added: expected.length, notices_queued: 6 });
    const rows = await h.admin<{ customer_id: string }[]>`SELECT customer_id FROM tenant_outage_customers WHERE outage_id = ${o.id}`;
    expect(rows.map((r) => r.customer_id).sort()).toEqual([...expected].sort());

    const again = await propagate(o.id);
    expect(again).toMatchObject({ affected: expected.length, added: 0, notices_queued: 0 });
    const notices = await noticesOf(expected);
    expect(notices).toHaveLength(6);
    expect(notices.every((n) => n.template_code === 'outage_started' && n.n === 1)).toBe(true);

    const [msg] = await h.admin<{ body: string; urgent: boolean }[]>`SELECT body, urgent FROM tenant_wa_messages WHERE customer_id = ${under.odp1[0]!} AND template_code = 'outage_started'`;
    expect(msg!.urgent).toBe(true);
    expect(msg!.body).toContain('T-ODC-1');
    expect(msg!.body).toContain('T: feeder cut');

    const detail = await h.inTenant(t, (tx) => getOutage(tx, o.id));
    expect(detail).toMatchObject({ affected_count: 8, notified_count: 6, source_kind: 'odc', source_name: 'T-ODC-1', cause: 'fiber_cut', notes: 'truck' });
    expect(detail.notices.started).toEqual({ queued: 6 });
    expect(detail.timeline.map((e) => e.kind)).toEqual(['declared', 'propagated']);
    const page = await h.inTenant(t, (tx) => listOutageCustomers(tx, { id: o.id, limit: 5 }));
    expect(page.items).toHaveLength(5);
    const rest = await h.inTenant(t, (tx) => listOutageCustomers(tx, { id: o.id, limit: 5, cursor: page.next_cursor! }));
    expect(rest.items).toHaveLength(3);
    expect(rest.next_cursor).toBeNull();
    expect([...page.items, ...rest.items].filter((c) => c.started_notice?.status === 'queued')).toHaveLength(6);
  });

  it('a router outage covers the nodes attached to it, what hangs below them, and the customers on the router', async () => {
    const o = await h.inTenant(t, (tx) => declareOutage(tx, t, null, { title: 'T: router down', router_id: tree.router, cause: 'power' }));
    const r = await propagate(o.id);
    const ids = (await h.admin<{ customer_id: string }[]>`SELECT customer_id FROM tenant_outage_customers WHERE outage_id = ${o.id}`).map((x) => x.customer_id);
    // the seed's own customers on this router count too; ours must all be there, and none of ODC-1's
    for (const c of [...under.odp3, ...under.router]) expect(ids).toContain(c);
    for (const c of [...under.odp1, ...under.odp2]) expect(ids).not.toContain(c);
    expect(r!.affected).toBe(ids.length);
    expect((await h.inTenant(t, (tx) => getOutage(tx, o.id))).source_kind).toBe('router');
  });
});

describe('owed notices released at the sending pace', () => {
  it('propagation records who is owed a notice; the drain releases them in turns; those still owed when it ends are dropped', async () => {
    const o = await h.inTenant(t, (tx) => declareOutage(tx, t, null, { title: 'T: paced', node_id: tree.olt, cause: 'power' }));
    const r = await h.inTenant(t, (tx) => propagateOutage(tx, t, o.id));
    // 12 affected, 9 with a phone: owed, nothing rendered into the outbox yet, the drain woken
    expect(r).toMatchObject({ affected: 12, notices_queued: 9 });
    const all = [...under.odp1, ...under.odp2, ...under.odp3];
    expect(await noticesOf(all)).toHaveLength(0);
    expect((await h.inTenant(t, (tx) => getOutage(tx, o.id))).notices_pending).toBe(9);
    const jobs = await h.admin<{ task: string }[]>`SELECT t.identifier AS task FROM graphile_worker._private_jobs j JOIN graphile_worker._private_tasks t ON t.id = j.task_id`;
    expect(jobs.map((j) => j.task)).toContain('wa_notifications');

    // a turn of 4, then one of 2: each customer's notice once, oldest outage first
    expect(await h.inTenant(t, (tx) => releaseOutageNotices(tx, t, 4))).toBe(4);
    expect(await h.inTenant(t, (tx) => releaseOutageNotices(tx, t, 2))).toBe(2);
    let detail = await h.inTenant(t, (tx) => getOutage(tx, o.id));
    expect(detail.notices_pending).toBe(3);
    expect(detail.notices.started).toEqual({ queued: 6 });
    expect(detail.notified_count).toBe(6);
    const started = await noticesOf(all);
    expect(started).toHaveLength(6);
    expect(started.every((n) => n.template_code === 'outage_started' && n.n === 1)).toBe(true);

    // resolved before the last three had their turn: they are never told it started, only that it is over
    const resolved = await h.inTenant(t, (tx) => resolveOutage(tx, t, null, o.id));
    expect(resolved.notices_queued).toBe(9);
    expect(await h.inTenant(t, (tx) => releaseOutageNotices(tx, t, 100))).toBe(0);
    detail = await h.inTenant(t, (tx) => getOutage(tx, o.id));
    expect(detail.notices_pending).toBe(0);
    const notices = await noticesOf(all);
    expect(notices.filter((n) => n.template_code === 'outage_started')).toHaveLength(6);
    expect(notices.filter((n) => n.template_code === 'outage_resolved')).toHaveLength(9);
  });

  it("the drain's default turn tops the outbox up to a minute of sending, never beyond", async () => {
    const o = await h.inTenant(t, (tx) => declareOutage(tx, t, null, { title: 'T: room', node_id: tree.odp1, cause: 'power' }));
    expect((await h.inTenant(t, (tx) => propagateOutage(tx, t, o.id)))!.notices_queued).toBe(3);
    // the outbox two short of a minute of sending (600 queued): room for two now
    const [q] = await h.admin<{ n: number }[]>`SELECT count(*)::int AS n FROM tenant_wa_messages WHERE tenant_id = ${t} AND status = 'queued'`;
    await h.admin`
      INSERT INTO tenant_wa_messages (tenant_id, customer_id, to_phone, body, dedupe_key)
      SELECT ${t}, NULL, '+62858' || lpad(g::text, 8, '0'), 'backlog ' || g, 't:room:' || g FROM generate_series(1, ${598 - q!.n}) g`;
    try {
      expect(await h.inTenant(t, (tx) => releaseOutageNotices(tx, t))).toBe(2);
      expect(await h.inTenant(t, (tx) => releaseOutageNotices(tx, t))).toBe(0);
      // the backlog sent: the last one's turn
      await h.admin`DELETE FROM tenant_wa_messages WHERE dedupe_key LIKE 't:room:%'`;
      expect(await h.inTenant(t, (tx) => releaseOutageNotices(tx, t))).toBe(1);
    } finally {
      await h.admin`DELETE FROM tenant_wa_messages WHERE dedupe_key LIKE 't:room:%'`;
    }
    expect((await h.inTenant(t, (tx) => getOutage(tx, o.id))).notices.started).toEqual({ queued: 3 });
  });
});

describe('overlapping outages: one "started" and one "resolved" notice per customer', () => {
  it('ODC inside an open OLT outage, resolved in either order', async () => {
    const odc = await h.inTenant(t, (tx) => declareOutage(tx, t, null, { title: 'T: odc', node_id: tree.odc1, cause: 'fiber_cut' }));
    await propagate(odc.id);
    const olt = await h.inTenant(t, (tx) => declareOutage(tx, t, null, { title: 'T: olt', node_id: tree.olt, cause: 'power' }));
    const r = await propagate(olt.id);
    // ODC-1's customers were told by the first outage; only ODP-3's (3 with a phone) now
    expect(r).toMatchObject({ affected: 12, notices_queued: 3 });
    expect((await h.inTenant(t, (tx) => getOutage(tx, olt.id))).covered_elsewhere).toBe(8);

    // the ODC comes back first: its customers are still inside the OLT outage, nobody is told
    const first = await h.inTenant(t, (tx) => resolveOutage(tx, t, null, odc.id));
    expect(first.notices_queued).toBe(0);
    expect(first.resolved_at).not.toBeNull();
    // then the OLT: every customer told once that it is over
    const second = await h.inTenant(t, (tx) => resolveOutage(tx, t, null, olt.id));
    expect(second.notices_queued).toBe(9);
    const all = [...under.odp1, ...under.odp2, ...under.odp3];
    const notices = await noticesOf(all);
    expect(notices.filter((n) => n.template_code === 'outage_started')).toHaveLength(9);
    expect(notices.filter((n) => n.template_code === 'outage_resolved')).toHaveLength(9);
    expect(notices.every((n) => n.n === 1)).toBe(true);

    // resolving twice is refused, and a late propagation run tells nobody
    await expect(h.inTenant(t, (tx) => resolveOutage(tx, t, null, olt.id))).rejects.toThrow(AppError);
    expect((await propagate(olt.id))!.notices_queued).toBe(0);
    expect(await noticesOf(all)).toHaveLength(18);
  });

  it('the outer outage resolved first: the inner one still covers its customers, who hear once when it ends', async () => {
    const olt = await h.inTenant(t, (tx) => declareOutage(tx, t, null, { title: 'T: olt', node_id: tree.olt, cause: 'power' }));
    await propagate(olt.id);
    const odp = await h.inTenant(t, (tx) => declareOutage(tx, t, null, { title: 'T: odp', node_id: tree.odp1, cause: 'equipment' }));
    expect((await propagate(odp.id))!.notices_queued).toBe(0);
    expect((await h.inTenant(t, (tx) => resolveOutage(tx, t, null, olt.id))).notices_queued).toBe(6); // ODP-2 and ODP-3
    expect((await h.inTenant(t, (tx) => resolveOutage(tx, t, null, odp.id))).notices_queued).toBe(3); // ODP-1
    const notices = await noticesOf([...under.odp1, ...under.odp2, ...under.odp3]);
    expect(notices).toHaveLength(18);
    expect(notices.every((n) => n.n === 1)).toBe(true);
  });
});

describe('suspected outages and the state machine', () => {
  it('a suspected outage records customers but tells nobody until confirmed; dismissed ones never', async () => {
    const [row] = await h.admin<{ id: string }[]>`
      INSERT INTO tenant_outages (tenant_id, title, node_id, status, detected_by) VALUES (${t}, 'T: suspected', ${tree.odp2}, 'suspected', 'manual') RETURNING id`;
    expect(await propagate(row!.id)).toMatchObject({ status: 'suspected', affected: 4, notices_queued: 0 });
    await h.inTenant(t, (tx) => confirmOutage(tx, t, row!.id));
    expect(await propagate(row!.id)).toMatchObject({ status: 'open', notices_queued: 3 });
    await expect(h.inTenant(t, (tx) => dismissOutage(tx, row!.id))).rejects.toThrow(/open cannot become dismissed/);

    const [other] = await h.admin<{ id: string }[]>`
      INSERT INTO tenant_outages (tenant_id, title, node_id, status, detected_by) VALUES (${t}, 'T: false alarm', ${tree.odp3}, 'suspected', 'manual') RETURNING id`;
    await propagate(other!.id);
    const dismissed = await h.inTenant(t, (tx) => dismissOutage(tx, other!.id));
    expect(dismissed.status).toBe('dismissed');
    expect(await propagate(other!.id)).toMatchObject({ status: 'dismissed', notices_queued: 0 });
    expect(await noticesOf(under.odp3)).toHaveLength(0);
    await expect(h.inTenant(t, (tx) => resolveOutage(tx, t, null, other!.id))).rejects.toThrow(AppError);
  });

  it('lists active and history with durations and counts; the summary counts open outages and the mean resolution time', async () => {
    const a = await h.inTenant(t, (tx) => declareOutage(tx, t, null, { title: 'T: list a', node_id: tree.odp1, cause: 'unknown' }));
    await propagate(a.id);
    const b = await h.inTenant(t, (tx) => declareOutage(tx, t, null, { title: 'T: list b', node_id: tree.odp2, cause: 'unknown' }));
    await propagate(b.id);
    await h.admin`UPDATE tenant_outages SET started_at = now() - interval '2 hours' WHERE id = ${b.id}`;
    await h.inTenant(t, (tx) => resolveOutage(tx, t, null, b.id));
    const active = await h.inTenant(t, (tx) => listOutages(tx, { scope: 'active', limit: 50 }));
    expect(active.items.map((o) => o.id)).toContain(a.id);
    expect(active.items.map((o) => o.id)).not.toContain(b.id);
    const history = await h.inTenant(t, (tx) => listOutages(tx, { scope: 'history', limit: 50 }));
    const hb = history.items.find((o) => o.id === b.id)!;
    expect(hb.affected_count).toBe(4);
    expect(hb.duration_seconds).toBeGreaterThanOrEqual(7200);
    expect(hb.duration_seconds).toBeLessThan(7200 + 600);
    const s = await h.inTenant(t, (tx) => outageSummary(tx));
    expect(s.open).toBeGreaterThanOrEqual(1);
    expect(s.affected_customers).toBeGreaterThanOrEqual(4);
    expect(s.mean_resolution_seconds).toBeGreaterThan(0);
  });

  it('tenant B sees none of tenant A’s outages (RLS)', async () => {
    const a = await h.inTenant(t, (tx) => declareOutage(tx, t, null, { title: 'T: private', node_id: tree.odp1, cause: 'unknown' }));
    await expect(h.inTenant(h.tenantB, (tx) => getOutage(tx, a.id))).rejects.toThrow(AppError);
    const list = await h.inTenant(h.tenantB, (tx) => listOutages(tx, { scope: 'all', limit: 100 }));
    expect(list.items.some((o) => o.id === a.id)).toBe(false);
  });
});

describe('delivery', () => {
  it('the notices go out through the gateway and their delivery shows on the outage', async () => {
    const o = await h.inTenant(t, (tx) => declareOutage(tx, t, null, { title: 'T: delivered', node_id: tree.odp3, cause: 'fiber_cut' }));
    await propagate(o.id);
    for (let i = 0; i < 40; i++) {
      await h.drain(t);
      await h.sim.settle();
      const d = await h.inTenant(t, (tx) => getOutage(tx, o.id));
      if ((d.notices.started.delivered ?? 0) === 3) break;
      await sleep(100);
    }
    const d = await h.inTenant(t, (tx) => getOutage(tx, o.id));
    expect(d.notices.started).toEqual({ delivered: 3 });
    const sent = h.sim.messages().filter((m) => m.template === 'rrnet_outage_started');
    expect(sent.length).toBeGreaterThanOrEqual(3);
  });
});
