/**
 * Network and customers end to end through the procedures, on a seeded database, the real
 * Redis and the RouterOS simulator (real HTTP): router status by sync, provisioning of a
 * new customer's secret, every drift kind detected and fixed, PII masking, keyset search,
 * status transitions, CSV import (report, all-or-nothing), anonymisation, the map, and the
 * feature / plan-limit declarations of these procedures.
 */
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invalidateEntitlements, loadEntitlements, tenantsWithFeature } from '@rrnet/core/saas/entitlements';
import { runImport } from '@rrnet/core/customers/imports';
import { provisionSecret, queueScheduledSyncs, syncRouter } from '@rrnet/core/network/router_sync';
import { cacheKeys, flushMapInvalidations, invalidateMapCoalesced } from '@rrnet/core/network/services';
import { withTenant } from '@rrnet/db';
import type { TenantTx } from '@rrnet/db';
import { createRouterSimulator } from '@rrnet/routeros/simulator';
import type { RouterSimulator, SimRouter } from '@rrnet/routeros/simulator';
import { outcome, startHarness } from './api_harness';
import { runQueuedJobs } from './queued_jobs';
import type { Harness } from './api_harness';

let h: Harness;
let sim: RouterSimulator;
let admin: postgres.Sql;
let owner: string;
let viewer: string;
let routerA: { id: string; sim: SimRouter };
const api = () => h.call(owner);
const inTenant = <T>(fn: (tx: TenantTx) => Promise<T>) => withTenant(h.services.sql, { tenantId: h.tenantA }, fn);

/** Runs what the procedures queued, like the worker's tasks (see queued_jobs.ts). */
const runQueued = () =>
  runQueuedJobs(admin, h.services.sql, {
    pppoe_provision: ({ data, tenantId, withTenant: wt }) => provisionSecret(wt, h.services.network, tenantId, data.customer_id as string, data.router_id as string),
    router_sync: ({ data, tenantId, withTenant: wt }) => syncRouter(wt, h.services.network, tenantId, data.router_id as string, { apply: data.apply as boolean }),
    customer_import: async ({ data, tenantId, withTenant: wt }) => {
      const [t] = await admin<{ max_customers: number }[]>`
        SELECT p.max_customers FROM saas_subscriptions s JOIN saas_plans p ON p.id = s.plan_id WHERE s.tenant_id = ${tenantId}`;
      return runImport(wt, h.services.network, { tenant_id: tenantId, timezone: 'Asia/Jakarta', limits: { customers: t!.max_customers } }, data.import_id as string, { chunkRows: 2 });
    },
  });

beforeAll(async () => {
  h = await startHarness();
  admin = postgres(h.db.adminUrl, { max: 1, onnotice: () => {} });
  sim = await createRouterSimulator({ ports: [0, 0, 0, 0, 0] });
  // the seeded routers point at the simulator's ports
  const routers = await admin<{ id: string; tenant_id: string }[]>`SELECT id, tenant_id FROM tenant_routers ORDER BY tenant_id = ${h.tenantA} DESC, name`;
  for (const [i, r] of routers.entries()) await admin`UPDATE tenant_routers SET host = '127.0.0.1', port = ${sim.routers[i]!.port} WHERE id = ${r.id}`;
  routerA = { id: routers[0]!.id, sim: sim.routers[0]! };
  await admin`DELETE FROM graphile_worker._private_jobs`;
  owner = (await h.login('owner@sinarnet.demo')).access_token;
  viewer = (await h.login('viewer@sinarnet.demo')).access_token;
});
afterAll(async () => {
  await sim?.close();
  await admin?.end();
  await h?.close();
});

describe('routers', () => {
  it('a new router is encrypted at rest, never returned with its password, and online after its first sync', async () => {
    const created = await api().network.routers.create({ name: 'CCR-Test', host: '127.0.0.1', port: sim.routers[4]!.port, use_tls: false, username: 'api', password: 'router-secret-1' });
    expect(created.status).toBe('unknown');
    expect(JSON.stringify(created)).not.toContain('router-secret-1');
    const [row] = await admin`SELECT password_enc FROM tenant_routers WHERE id = ${created.id}`;
    expect(row!.password_enc).toMatch(/^k1:/);
    expect(row!.password_enc).not.toContain('router-secret-1');
    expect(await runQueued()).toEqual(['router_sync']);
    const detail = await api().network.routers.get({ id: created.id });
    expect(detail).toMatchObject({ status: 'online', ros_version: '7.16.2 (stable)', drift_count: 0, breaker_state: 'closed' });
    expect(detail.last_sync_at).toBeInstanceOf(Date);
    expect(sim.routers[4]!.state.requests).toBeGreaterThan(0);
  });

  it('status is cached for a minute: repeated reads do not reach the router', async () => {
    const before = routerA.sim.state.requests;
    await api().network.routers.get({ id: routerA.id });
    const afterFirst = routerA.sim.state.requests;
    for (let i = 0; i < 5; i++) await api().network.routers.get({ id: routerA.id });
    expect(routerA.sim.state.requests).toBe(afterFirst);
    expect(afterFirst - before).toBeLessThanOrEqual(1);
  });

  it('reports each drift kind and fixes them all with apply', async () => {
    // make sure router A also has an isolated customer (the seed puts them on the other router)
    await admin`UPDATE tenant_customers SET status = 'isolated' WHERE id = (
      SELECT id FROM tenant_customers WHERE router_id = ${routerA.id} AND status = 'active' ORDER BY code DESC LIMIT 1)`;
    // the seeded customers of router A are not on the (empty) simulated router yet: all missing
    let outcomeA = await syncRouter(inTenant, h.services.network, h.tenantA, routerA.id, { apply: false });
    const owners = await admin<{ pppoe_username: string; status: string }[]>`
      SELECT pppoe_username, status FROM tenant_customers WHERE router_id = ${routerA.id} AND status <> 'terminated' ORDER BY pppoe_username`;
    expect(outcomeA.status).toBe('online');
    expect(outcomeA.drift.map((d) => d.kind)).toEqual(owners.map(() => 'missing'));

    outcomeA = await syncRouter(inTenant, h.services.network, h.tenantA, routerA.id, { apply: true });
    expect(outcomeA.drift).toEqual([]);
    expect(outcomeA.fixed).toBe(owners.length);
    const secrets = new Map(routerA.sim.state.secrets.map((s) => [s.name, s]));
    const isolated = owners.find((o) => o.status === 'isolated')!;
    expect(secrets.get(isolated.pppoe_username)).toMatchObject({ profile: 'isolir', disabled: false });
    const suspended = owners.find((o) => o.status === 'suspended');
    if (suspended) expect(secrets.get(suspended.pppoe_username)!.disabled).toBe(true);

    // now break it in every way on the router itself
    const active = owners.filter((o) => o.status === 'active');
    const state = routerA.sim.state;
    const byName = (n: string) => state.secrets.find((s) => s.name === n)!;
    state.secrets = state.secrets.filter((s) => s.name !== active[0]!.pppoe_username); // missing
    byName(active[1]!.pppoe_username).profile = 'default'; // wrong_profile
    byName(active[2]!.pppoe_username).disabled = true; // wrong_state
    byName(active[3]!.pppoe_username).password = 'changed-by-hand'; // wrong_password
    state.secrets.push({ id: '*FFF1', name: 'tamu.liar', password: 'x', profile: 'default', service: 'pppoe', disabled: false, comment: null }); // extra
    outcomeA = await syncRouter(inTenant, h.services.network, h.tenantA, routerA.id, { apply: false });
    expect(Object.fromEntries(outcomeA.drift.map((d) => [d.pppoe_username, d.kind]))).toEqual({
      [active[0]!.pppoe_username]: 'missing',
      [active[1]!.pppoe_username]: 'wrong_profile',
      [active[2]!.pppoe_username]: 'wrong_state',
      [active[3]!.pppoe_username]: 'wrong_password',
      'tamu.liar': 'extra',
    });
    const detail = await api().network.routers.get({ id: routerA.id });
    expect(detail.drift_count).toBe(5);
    expect(detail.drift.map((d) => d.kind).sort()).toEqual(['extra', 'missing', 'wrong_password', 'wrong_profile', 'wrong_state']);

    // "apply" from the UI queues the fix as a job
    expect((await api().network.routers.sync({ id: routerA.id, apply: true })).queued).toBe(true);
    expect(await runQueued()).toEqual(['router_sync']);
    expect((await api().network.routers.get({ id: routerA.id })).drift_count).toBe(0);
    expect(routerA.sim.state.secrets.some((s) => s.name === 'tamu.liar')).toBe(false);
  });

  it('an unreachable router is recorded offline; the breaker opens after 5 failed calls', async () => {
    const r = sim.routers[1]!;
    const [row] = await admin<{ id: string }[]>`SELECT id FROM tenant_routers WHERE port = ${r.port}`;
    await r.stop();
    try {
      const result = await syncRouter(inTenant, h.services.network, h.tenantA, row!.id, { apply: false });
      expect(result.status).toBe('offline');
      expect(result.error).toMatch(/unreachable|ECONNREFUSED|refused/i);
      for (let i = 0; i < 3; i++) await syncRouter(inTenant, h.services.network, h.tenantA, row!.id, { apply: false });
      const list = await api().network.routers.list();
      expect(list.find((x) => x.id === row!.id)!.status).toBe('offline');
      expect(h.services.network.routers.breakerState(`${h.tenantA}:${row!.id}`)).toBe('open');
    } finally {
      await r.start();
    }
  });

  it('refuses bad input and unknown routers with the envelope codes', async () => {
    expect(await outcome(api().network.routers.create({ name: 'x', host: 'bad host!', port: 70000, use_tls: false, username: 'a', password: 'b' }))).toBe('VALIDATION_FAILED');
    expect(await outcome(api().network.routers.get({ id: '00000000-0000-4000-8000-000000000000' }))).toBe('NOT_FOUND');
    expect(await outcome(api().network.routers.create({ name: 'CCR-Test', host: '10.0.0.1', port: 80, use_tls: false, username: 'a', password: 'b' }))).toBe('CONFLICT');
    expect(await outcome(api().network.routers.remove({ id: routerA.id }))).toBe('CONFLICT');
  });
});

describe('customers', () => {
  let plans: { id: string; name: string; router_profile: string }[];
  let customerId: string;

  beforeAll(async () => {
    plans = await api().customers.plans.list();
  });

  it('creating a customer generates code, PPPoE login and password, and provisions the secret on its router', async () => {
    const created = await api().customers.customers.create({ name: 'Siti Nurhaliza', phone: '0812-3456-7890', plan_id: plans[1]!.id, router_id: routerA.id, billing_day: 5, location: { lat: -6.22, lng: 106.9 } });
    customerId = created.id;
    expect(created).toMatchObject({ phone: '+6281234567890', status: 'active', pppoe_username: 'siti.nurhaliza', pii_masked: false });
    expect(created.code).toMatch(/^SNJ-\d{5}$/);
    expect(await runQueued()).toEqual(['pppoe_provision']);
    const secret = routerA.sim.state.secrets.find((s) => s.name === 'siti.nurhaliza');
    expect(secret).toMatchObject({ profile: plans[1]!.router_profile, disabled: false, comment: `rrnet:${created.code}` });
    const revealed = await api().customers.customers.revealPassword({ id: created.id });
    expect(secret!.password).toBe(revealed.pppoe_password);
    const [audit] = await admin`SELECT count(*)::int AS n FROM sys_audit_logs WHERE action = 'customer.pppoe_password_revealed'`;
    expect(audit!.n).toBe(1);
  });

  it('keeps the national id (NIK) encrypted at rest: the API shows it, the table holds only ciphertext', async () => {
    const updated = await api().customers.customers.update({ id: customerId, national_id: '3175012345678901' });
    expect(updated.national_id).toBe('3175012345678901');
    const [row] = await admin<{ national_id: string | null; national_id_enc: string }[]>`SELECT national_id, national_id_enc FROM tenant_customers WHERE id = ${customerId}`;
    expect(row!.national_id).toBeNull();
    expect(row!.national_id_enc).toMatch(/^[A-Za-z0-9_-]+:[A-Za-z0-9_-]+:[A-Za-z0-9_-]+:[A-Za-z0-9_-]+$/);
    expect(row!.national_id_enc).not.toContain('3175012345678901');
    // the audit trail never sees it either
    const audit = await admin<{ n: number }[]>`SELECT count(*)::int AS n FROM sys_audit_logs WHERE new_values::text LIKE '%3175012345678901%' OR old_values::text LIKE '%3175012345678901%'`;
    expect(audit[0]!.n).toBe(0);
    expect((await api().customers.customers.list({ q: 'nurhal' })).items[0]!.national_id).toBe('3175012345678901');
  });

  it('masks personal data for roles without customers.pii.read', async () => {
    const masked = await h.call(viewer).customers.customers.get({ id: customerId });
    expect(masked.pii_masked).toBe(true);
    expect(masked.national_id).toMatch(/\*/);
    expect(masked.national_id).not.toBe('3175012345678901');
    expect(masked.phone).not.toBe('+6281234567890');
    expect(masked.phone).toMatch(/\*/);
    expect(await outcome(h.call(viewer).customers.customers.revealPassword({ id: customerId }))).toBe('FORBIDDEN');
  });

  it('searches by name, code, phone (08… or +62…) and username with keyset pages', async () => {
    const byPhone = await api().customers.customers.list({ q: '081234567' });
    expect(byPhone.items.map((c) => c.id)).toContain(customerId);
    const byPlus = await api().customers.customers.list({ q: '+6281234' });
    expect(byPlus.items.map((c) => c.id)).toContain(customerId);
    expect((await api().customers.customers.list({ q: 'nurhal' })).items.map((c) => c.name)).toEqual(['Siti Nurhaliza']);
    expect((await api().customers.customers.list({ q: 'siti.nur' })).items).toHaveLength(1);
    // pages: no overlap, no gap, stable order
    const all = await api().customers.customers.list({ limit: 100 });
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await api().customers.customers.list({ limit: 7, ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((c) => c.id));
      cursor = page.next_cursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(all.items.map((c) => c.id));
    const newest = await api().customers.customers.list({ sort: 'created_at', limit: 1 });
    expect(newest.items[0]!.id).toBe(customerId);
    expect(await outcome(api().customers.customers.list({ q: 'ab' }))).toBe('VALIDATION_FAILED');
    expect(await outcome(api().customers.customers.list({ cursor: 'not-a-cursor' }))).toBe('VALIDATION_FAILED');
  });

  it('the search function only ever sees the transaction’s own tenant', async () => {
    const search = (tenant: string | null) =>
      admin.begin(async (tx) => {
        await tx`SET LOCAL ROLE rrnet_app`;
        if (tenant) await tx`SELECT set_config('app.tenant_id', ${tenant}, true)`;
        return tx`SELECT id FROM sys_customer_search('%phl-%', NULL, NULL, NULL, NULL, 'name', NULL, NULL, 100)`;
      });
    expect((await search(h.tenantB)).length).toBeGreaterThan(0); // Parahyangan's codes are PHL-…
    expect(await search(h.tenantA)).toHaveLength(0);
    expect(await search(null)).toHaveLength(0);
    const ownerB = (await h.login('owner@parahyangan.demo')).access_token;
    expect((await h.call(ownerB).customers.customers.list({ q: 'snj-' })).items).toHaveLength(0);
    expect((await api().customers.customers.list({ q: 'phl-' })).items).toHaveLength(0);
  });

  it('allows only the defined status transitions, and suspending disables the secret', async () => {
    expect(await outcome(api().customers.customers.setStatus({ id: customerId, status: 'isolated', reason: 'test' }))).toBe('CONFLICT');
    const suspended = await api().customers.customers.setStatus({ id: customerId, status: 'suspended', reason: 'cuti 1 bulan' });
    expect(suspended.status).toBe('suspended');
    await runQueued();
    expect(routerA.sim.state.secrets.find((s) => s.name === 'siti.nurhaliza')!.disabled).toBe(true);
    await api().customers.customers.setStatus({ id: customerId, status: 'terminated', reason: 'berhenti langganan' });
    await runQueued();
    expect(routerA.sim.state.secrets.find((s) => s.name === 'siti.nurhaliza')).toBeUndefined();
    expect(await outcome(api().customers.customers.setStatus({ id: customerId, status: 'active', reason: 'again' }))).toBe('CONFLICT');
  });

  it('anonymises a terminated customer: personal data gone, invoices still add up', async () => {
    const [invoice] = await admin<{ id: string }[]>`
      INSERT INTO tenant_invoices (tenant_id, number, customer_id, period_start, period_end, subtotal, total, paid_amount, due_date, status)
      VALUES (${h.tenantA}, 'SNJ-TEST-0001', ${customerId}, '2026-10-01', '2026-10-31', 200000, 200000, 200000, '2026-10-10', 'paid') RETURNING id`;
    const anonymised = await api().customers.customers.anonymize({ id: customerId, reason: 'permintaan pelanggan (UU PDP)' });
    expect(anonymised).toMatchObject({ phone: null, email: null, address: null, national_id: null, location: null });
    expect(anonymised.name).toMatch(/^Anonim /);
    expect(anonymised.anonymized_at).toBeInstanceOf(Date);
    const [inv] = await admin`SELECT customer_id, total FROM tenant_invoices WHERE id = ${invoice!.id}`;
    expect(inv).toMatchObject({ customer_id: customerId, total: '200000' });
    expect((await api().customers.customers.list({ q: 'nurhaliza' })).items).toHaveLength(0);
    expect(await outcome(api().customers.customers.update({ id: customerId, name: 'Kembali' }))).toBe('CONFLICT');
  });

  it('imports a CSV: the report names the bad rows; a clean file is imported all at once with progress', async () => {
    const plan = plans[0]!.name;
    const bad = [
      'name,phone,plan,router,pppoe_username,billing_day',
      `Andi Wijaya,081211112222,${plan},CCR-Cakung,andi.w,3`,
      `Budi Salah,12345,${plan},CCR-Cakung,budi.s,3`,
      `Cici Lestari,081233334444,Paket Tidak Ada,CCR-Cakung,cici.l,4`,
      `Dodi Pratama,081255556666,${plan},,dodi.p,40`,
    ].join('\n');
    const report = await api().customers.imports.preview({ file_name: 'bad.csv', csv: bad });
    expect(report.total_rows).toBe(4);
    expect(report.valid_rows).toBe(1);
    expect(report.errors.map((e) => [e.row, e.field])).toEqual([
      [3, 'phone'],
      [4, 'plan'],
      [5, 'billing_day'],
    ]);
    const refused = await api().customers.imports.start({ file_name: 'bad.csv', csv: bad });
    expect(refused.import).toBeNull();

    const good = [
      'name,phone,plan,router,pppoe_username,billing_day,lat,lng',
      `Andi Wijaya,081211112222,${plan},CCR-Cakung,andi.w,3,-6.2,106.9`,
      `Eko Saputra,081277778888,${plan},CCR-Cakung,,7,,`,
      `Fani Rahma,+6281299990000,${plan},,fani.r,9,,`,
    ].join('\n');
    const before = await admin`SELECT count(*)::int AS n FROM tenant_customers WHERE tenant_id = ${h.tenantA}`;
    const started = await api().customers.imports.start({ file_name: 'good.csv', csv: good });
    expect(started.import).toMatchObject({ status: 'queued', total_rows: 3 });
    expect(await runQueued()).toEqual(['customer_import', 'router_sync']);
    const done = await api().customers.imports.get({ id: started.import!.id });
    expect(done).toMatchObject({ status: 'completed', processed_rows: 3, created_count: 3 });
    const after = await admin`SELECT count(*)::int AS n FROM tenant_customers WHERE tenant_id = ${h.tenantA}`;
    expect(after[0]!.n - before[0]!.n).toBe(3);
    expect(routerA.sim.state.secrets.map((s) => s.name)).toEqual(expect.arrayContaining(['andi.w', 'eko.saputra']));
    const [stored] = await admin`SELECT rows FROM tenant_customer_imports WHERE id = ${started.import!.id}`;
    expect(stored!.rows).toBeNull();
  });

  it('an import that fails part-way keeps nothing', async () => {
    const plan = plans[0]!.name;
    const csv = ['code,name,phone,plan', `IMP-001,Gilang A,081200000001,${plan}`, `IMP-002,Hana B,081200000002,${plan}`, `IMP-003,Indra C,081200000003,${plan}`].join('\n');
    const started = await api().customers.imports.start({ file_name: 'race.csv', csv });
    // between the preview and the job, someone takes the third code
    await api().customers.customers.create({ code: 'IMP-003', name: 'Yang Duluan', phone: '081200000009', plan_id: plans[0]!.id });
    await runQueued();
    const failed = await api().customers.imports.get({ id: started.import!.id });
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/Nothing was imported/);
    const [n] = await admin`SELECT count(*)::int AS n FROM tenant_customers WHERE code IN ('IMP-001', 'IMP-002')`;
    expect(n!.n).toBe(0);
  });
});

describe('topology and map', () => {
  it('keeps OLT → ODC → ODP, and the map finds things by box and radius, fresh after a change', async () => {
    const nodes = await api().network.topology.list();
    const odc = nodes.find((n) => n.kind === 'odc')!;
    const olt = nodes.find((n) => n.kind === 'olt')!;
    expect(await outcome(api().network.topology.create({ kind: 'odp', name: 'ODP-X', parent_id: olt.id }))).toBe('VALIDATION_FAILED');
    const odp = await api().network.topology.create({ kind: 'odp', name: 'ODP-99', parent_id: odc.id, capacity: 1, location: { lat: -6.3001, lng: 107.0001 } });
    expect(odp).toMatchObject({ used: 0, capacity: 1 });

    const box = { min_lat: -6.31, min_lng: 106.99, max_lat: -6.29, max_lng: 107.01 };
    const first = await api().maps.features(box);
    expect(first.features.map((f) => f.name)).toEqual(['ODP-99']);
    const c = await api().customers.customers.create({ name: 'Joko Peta', phone: '081288880000', plan_id: (await api().customers.plans.list())[0]!.id, odp_id: odp.id, location: { lat: -6.3002, lng: 107.0002 } });
    expect(await outcome(api().customers.customers.create({ name: 'Penuh', phone: '081288880001', plan_id: c.plan_id, odp_id: odp.id }))).toBe('CONFLICT');
    const second = await api().maps.features(box);
    expect(second.features.map((f) => `${f.kind}:${f.name}:${f.status}`).sort()).toEqual(['customer:Joko Peta:active', 'odp:ODP-99:null']);
    const near = await api().maps.nearby({ lat: -6.3, lng: 107.0, radius_m: 50 });
    expect(near.features.map((f) => f.name)).toEqual(['ODP-99', 'Joko Peta']);
    expect(near.features[0]!.distance_m).toBeLessThan(20);
    expect((await api().maps.nearby({ lat: -6.3, lng: 107.0, radius_m: 5 })).features).toHaveLength(0);
    expect(await outcome(api().maps.features({ min_lat: 1, min_lng: 1, max_lat: 0, max_lng: 0 }))).toBe('VALIDATION_FAILED');
  });
});

describe('map cache invalidation from the worker', () => {
  it('coalesces a burst to two bumps, and a stopping worker flushes the bump it still owes', async () => {
    const services = { ...h.services.network, cachePrefix: `${h.services.network.cachePrefix}:coalesce` };
    const tenantId = crypto.randomUUID();
    const version = async () => Number((await h.services.redis.get<number | string>(cacheKeys.mapVersion(services.cachePrefix, tenantId))) ?? 0);
    for (let i = 0; i < 50; i++) invalidateMapCoalesced(services, tenantId);
    await flushMapInvalidations();
    // the first change bumped at once; the 49 others owed one more, paid by the flush
    // instead of by a window timer that a stopping process would never run
    expect(await version()).toBe(2);
    invalidateMapCoalesced(services, tenantId);
    await flushMapInvalidations();
    expect(await version()).toBe(3); // a lone change owes nothing more
  });
});

describe('feature toggles and plan limits on these procedures', () => {
  it('switching a feature off closes its procedures', async () => {
    const ownerB = (await h.login('owner@parahyangan.demo')).access_token;
    await h.system`INSERT INTO saas_feature_overrides (tenant_id, feature, enabled) VALUES (${h.tenantB}, 'maps', false)
                   ON CONFLICT (tenant_id, feature) DO UPDATE SET enabled = false`;
    await invalidateEntitlements(h.services.redis, h.tenantB);
    expect(await outcome(h.call(ownerB).maps.features({ min_lat: -7, min_lng: 107, max_lat: -6, max_lng: 108 }))).toBe('FEATURE_DISABLED');
    await h.system`INSERT INTO saas_feature_overrides (tenant_id, feature, enabled) VALUES (${h.tenantA}, 'network', false)`;
    await invalidateEntitlements(h.services.redis, h.tenantA);
    try {
      // the request chain and the schedulers read one rule (sys_tenant_features): the plan, then overrides
      const on = async (feature: 'maps' | 'network') => (await tenantsWithFeature(h.services.systemSql, feature)).map((t) => t.id);
      expect(await on('maps')).toEqual(expect.arrayContaining([h.tenantA]));
      expect(await on('maps')).not.toContain(h.tenantB);
      expect(await on('network')).toEqual(expect.arrayContaining([h.tenantB]));
      expect(await on('network')).not.toContain(h.tenantA);
      const [a, b] = [await loadEntitlements(h.services, h.tenantA), await loadEntitlements(h.services, h.tenantB)];
      expect([a!.features.includes('maps'), a!.features.includes('network')]).toEqual([true, false]);
      expect([b!.features.includes('maps'), b!.features.includes('network')]).toEqual([false, true]);
      expect(await outcome(api().network.routers.list())).toBe('FEATURE_DISABLED');
      expect(await outcome(api().network.topology.list())).toBe('FEATURE_DISABLED');
      expect(await outcome(api().customers.customers.list({}))).toBe('OK');
    } finally {
      await h.system`DELETE FROM saas_feature_overrides WHERE tenant_id = ${h.tenantA} AND feature = 'network'`;
      await invalidateEntitlements(h.services.redis, h.tenantA);
    }
  });

  it('a read that began before a feature was switched on does not bring the old features back', async () => {
    await h.system`DELETE FROM saas_feature_overrides WHERE tenant_id = ${h.tenantB} AND feature = 'maps'`;
    await h.system`INSERT INTO saas_feature_overrides (tenant_id, feature, enabled) VALUES (${h.tenantB}, 'maps', false)`;
    await invalidateEntitlements(h.services.redis, h.tenantB);
    // the real Redis, except that writing the cache entry waits until the test lets it go
    let reached!: () => void;
    const atWrite = new Promise<void>((resolve) => (reached = resolve));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slowRedis = new Proxy(h.services.redis, {
      get(target, prop, receiver) {
        if (prop !== 'set') return Reflect.get(target, prop, receiver) as unknown;
        return async (...args: Parameters<typeof target.set>) => {
          reached();
          await gate;
          return target.set(...args);
        };
      },
    });
    try {
      const early = loadEntitlements({ ...h.services, redis: slowRedis }, h.tenantB); // reads the database: maps off
      await atWrite;
      await h.system`UPDATE saas_feature_overrides SET enabled = true WHERE tenant_id = ${h.tenantB} AND feature = 'maps'`;
      await invalidateEntitlements(h.services.redis, h.tenantB);
      release();
      expect((await early)!.features).not.toContain('maps'); // what it read, for the request that asked
      // the late write is not used: neither this process nor Redis gives the old features again
      expect((await loadEntitlements(h.services, h.tenantB))!.features).toContain('maps');
      expect((await loadEntitlements({ ...h.services, redis: h.services.redis }, h.tenantB))!.features).toContain('maps');
    } finally {
      release();
      await h.system`DELETE FROM saas_feature_overrides WHERE tenant_id = ${h.tenantB} AND feature = 'maps'`;
      await invalidateEntitlements(h.services.redis, h.tenantB);
    }
  });

  it('the Starter plan’s 2 routers are its limit; an import beyond the customer limit is refused', async () => {
    const ownerB = (await h.login('owner@parahyangan.demo')).access_token;
    expect(await outcome(h.call(ownerB).network.routers.create({ name: 'hEX-3', host: '127.0.0.1', port: 1, use_tls: false, username: 'a', password: 'b' }))).toBe('LIMIT_EXCEEDED');
    const [plan] = await h.call(ownerB).customers.plans.list();
    const rows = Array.from({ length: 300 }, (_, i) => `Pelanggan ${i},0813${String(10000000 + i)},${plan!.name}`);
    expect(await outcome(h.call(ownerB).customers.imports.start({ file_name: 'big.csv', csv: ['name,phone,plan', ...rows].join('\n') }))).toBe('LIMIT_EXCEEDED');
  });

  it('the scheduler queues one sync per router of active tenants', async () => {
    await admin`DELETE FROM graphile_worker._private_jobs`;
    const n = await queueScheduledSyncs(h.services.systemSql);
    const [count] = await admin`SELECT count(*)::int AS n FROM tenant_routers`;
    expect(n).toBe(count!.n);
    await admin`DELETE FROM graphile_worker._private_jobs`;
  });
});
