/**
 * The map's outages against real PostgreSQL under RLS: an open ODC outage with the nodes
 * below it, its affected count, the convex hull of its customers' locations (inner points
 * left out, a customer without a location counted but not placed), the affected customers
 * inside a box for tinting, gone once resolved; another ISP sees none of it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutageMap } from '@rrnet/contracts';
import { outageMap } from '../../src/outages/outage_map';
import { distanceMetres } from '../../src/outages/outage_rules';
import { propagateOutage, resolveOutage } from '../../src/outages/outages';
import { startWaHarness } from './wa_harness';
import type { WaHarness } from './wa_harness';

let h: WaHarness;
let t: string;
const ids = { olt: '', odc: '', odpA: '', odpB: '', outage: '' };
const placed: { id: string; lng: number; lat: number }[] = [];
let unplaced = '';

async function node(kind: 'olt' | 'odc' | 'odp', name: string, parent: string | null, lng: number, lat: number): Promise<string> {
  const [r] = await h.admin<{ id: string }[]>`
    INSERT INTO tenant_topology_nodes (tenant_id, kind, name, parent_id, location) VALUES (${t}, ${kind}, ${name}, ${parent}, point(${lng}, ${lat})) RETURNING id`;
  return r!.id;
}

let seq = 0;
async function customer(odp: string, at: { lng: number; lat: number } | null): Promise<string> {
  seq += 1;
  const [plan] = await h.admin<{ id: string }[]>`SELECT id FROM tenant_service_plans WHERE tenant_id = ${t} LIMIT 1`;
  const [r] = await h.admin<{ id: string }[]>`
    INSERT INTO tenant_customers (tenant_id, code, name, plan_id, odp_id, pppoe_username, pppoe_password_enc, billing_day, status, location)
    VALUES (${t}, ${`MAP-${seq}`}, ${`Map Test ${seq}`}, ${plan!.id}, ${odp}, ${`map-test-${seq}`}, 'k:iv:ct:tag', 5, 'active',
            ${at ? h.admin`point(${at.lng}, ${at.lat})` : null})
    RETURNING id`;
  if (at) placed.push({ id: r!.id, ...at });
  return r!.id;
}

// far from the seed's own network, so nothing of the seed falls into these boxes
const W = 110.5;
const S = -7.5;

beforeAll(async () => {
  h = await startWaHarness();
  t = h.tenantA;
  ids.olt = await node('olt', 'M-OLT', null, W - 0.01, S);
  ids.odc = await node('odc', 'M-ODC', ids.olt, W - 0.005, S);
  ids.odpA = await node('odp', 'M-ODP-A', ids.odc, W + 0.001, S + 0.001);
  ids.odpB = await node('odp', 'M-ODP-B', ids.odc, W + 0.003, S + 0.001);
  // a square of four with one inside, one further east, one without a location
  for (const [dx, dy] of [[0, 0], [0.002, 0], [0.002, 0.002], [0, 0.002], [0.001, 0.001]] as const) await customer(ids.odpA, { lng: W + dx, lat: S + dy });
  await customer(ids.odpB, { lng: W + 0.003, lat: S + 0.001 });
  unplaced = await customer(ids.odpB, null);
  const [o] = await h.admin<{ id: string }[]>`
    INSERT INTO tenant_outages (tenant_id, title, node_id, status, detected_by, confirmed_at) VALUES (${t}, 'M: feeder cut', ${ids.odc}, 'open', 'manual', now()) RETURNING id`;
  ids.outage = o!.id;
  await h.inTenant(t, (tx) => propagateOutage(tx, t, ids.outage));
}, 90_000);
afterAll(async () => {
  await h?.close();
});

const mapOf = (input: Parameters<typeof outageMap>[1] = {}) => h.inTenant(t, (tx) => outageMap(tx, input)) as Promise<OutageMap>;

describe('outages on the map', () => {
  it('an open outage with its source, the nodes below it, its affected count and the hull of its customers', async () => {
    const map = await mapOf();
    const o = map.outages.find((x) => x.id === ids.outage)!;
    expect(o).toMatchObject({ status: 'open', source_kind: 'odc', source_name: 'M-ODC', affected_count: 7, located_count: 6, router_id: null });
    expect(o.source!.lng).toBeCloseTo(W - 0.005, 6);
    expect(new Set(o.node_ids)).toEqual(new Set([ids.odc, ids.odpA, ids.odpB]));
    // the hull: the square's corners and the point east of it, not the one inside
    const corners = o.area!.hull.map((p) => `${p.lng.toFixed(4)},${p.lat.toFixed(4)}`).sort();
    expect(corners).toEqual(
      [[0, 0], [0.002, 0], [0.002, 0.002], [0, 0.002], [0.003, 0.001]].map(([dx, dy]) => `${(W + dx!).toFixed(4)},${(S + dy!).toFixed(4)}`).sort(),
    );
    // the circle holds every placed customer
    for (const c of placed) expect(distanceMetres(o.area!.center, c)).toBeLessThanOrEqual(o.area!.radius_m);
    // no box asked: nobody named for tinting
    expect(map.customer_ids).toEqual([]);
  });

  it('names the affected customers inside the visible box (tinting), not those outside it', async () => {
    const map = await mapOf({ min_lat: S - 0.0005, min_lng: W - 0.0005, max_lat: S + 0.0025, max_lng: W + 0.0015 });
    const west = placed.filter((c) => c.lng <= W + 0.0015).map((c) => c.id);
    expect(new Set(map.customer_ids)).toEqual(new Set(west));
    expect(map.customer_ids).not.toContain(unplaced);
    expect(map.truncated).toBe(false);
  });

  it('another ISP sees none of it; a resolved outage leaves the map', async () => {
    const other = (await h.inTenant(h.tenantB, (tx) => outageMap(tx, { min_lat: S - 1, min_lng: W - 1, max_lat: S + 1, max_lng: W + 1 }))) as OutageMap;
    expect(other.outages.some((x) => x.id === ids.outage)).toBe(false);
    expect(other.customer_ids).toEqual([]);
    await h.inTenant(t, (tx) => resolveOutage(tx, t, null, ids.outage));
    expect((await mapOf()).outages.some((x) => x.id === ids.outage)).toBe(false);
  });
});
