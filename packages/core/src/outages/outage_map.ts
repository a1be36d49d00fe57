/**
 * The map's outages: every suspected or open outage with its source (router or node)
 * and where it is, the nodes below it in the topology, its affected count, and the area
 * of its affected customers — in one statement: the nodes by the same recursive walk as
 * propagation, the customers as recorded by it (tenant_outage_customers), and of their
 * locations only the west and east edge of each ~11 m row, which is all a convex hull
 * needs (outageArea in the rules turns them into the hull and a circle). The affected
 * customers inside the visible box are named too, so the map can tint their markers.
 */
import { OUTAGE_MAP_CUSTOMER_LIMIT } from '@rrnet/contracts';
import type { OutageMap, OutageMapInput, OutageMapItem } from '@rrnet/contracts';
import type { TenantTx } from '@rrnet/db';
import { outageArea } from './outage_rules';
import type { LatLng } from './outage_rules';

interface MapRow {
  id: string;
  title: string;
  status: OutageMapItem['status'];
  cause: OutageMapItem['cause'];
  node_kind: 'olt' | 'odc' | 'odp' | null;
  source_name: string | null;
  src_lng: number | null;
  src_lat: number | null;
  started_at: string;
  expected_restoration_at: string | null;
  router_id: string | null;
  affected: number;
  located: number;
  /** [lat, west lng, east lng] per row of the grid */
  edges: [number, number, number][];
  node_ids: string[];
}

export async function outageMap(tx: TenantTx, input: OutageMapInput = {}): Promise<OutageMap> {
  const { sql } = tx;
  const box =
    input.min_lat !== undefined
      ? sql`c.location <@ box(point(${input.min_lng!}, ${input.min_lat}), point(${input.max_lng!}, ${input.max_lat!}))`
      : sql`false`;
  const [row] = await sql<{ outages: MapRow[]; customer_ids: string[] }[]>`
    WITH RECURSIVE active AS (
      SELECT o.id, o.title, o.status, o.cause, o.node_id, o.router_id, o.started_at, o.expected_restoration_at
      FROM tenant_outages o WHERE o.status IN ('suspected', 'open')
    ), below AS (
      SELECT a.id AS outage_id, n.id AS node_id FROM active a JOIN tenant_topology_nodes n ON n.id = a.node_id OR n.router_id = a.router_id
      UNION
      SELECT b.outage_id, n.id FROM below b JOIN tenant_topology_nodes n ON n.parent_id = b.node_id
    ), affected AS (
      SELECT oc.outage_id, c.id, c.location, ${box} AS in_view
      FROM active a JOIN tenant_outage_customers oc ON oc.outage_id = a.id JOIN tenant_customers c ON c.id = oc.customer_id
    ), edges AS (
      SELECT outage_id, round(location[1]::numeric, 4)::float8 AS lat, min(location[0])::float8 AS west, max(location[0])::float8 AS east
      FROM affected WHERE location IS NOT NULL GROUP BY 1, 2
    ), shown AS (
      SELECT DISTINCT id FROM affected WHERE in_view LIMIT ${OUTAGE_MAP_CUSTOMER_LIMIT + 1}
    )
    SELECT
      (SELECT coalesce(json_agg(x ORDER BY x.started_at DESC, x.id), '[]'::json) FROM (
        SELECT a.id, a.title, a.status, a.cause, n.kind AS node_kind, coalesce(n.name, r.name) AS source_name,
               (coalesce(n.location, r.location))[0] AS src_lng, (coalesce(n.location, r.location))[1] AS src_lat,
               a.started_at, a.expected_restoration_at, a.router_id,
               (SELECT count(*) FROM affected f WHERE f.outage_id = a.id)::int AS affected,
               (SELECT count(*) FROM affected f WHERE f.outage_id = a.id AND f.location IS NOT NULL)::int AS located,
               (SELECT coalesce(json_agg(json_build_array(e.lat, e.west, e.east)), '[]'::json) FROM edges e WHERE e.outage_id = a.id) AS edges,
               (SELECT coalesce(json_agg(DISTINCT b.node_id), '[]'::json) FROM below b WHERE b.outage_id = a.id) AS node_ids
        FROM active a LEFT JOIN tenant_topology_nodes n ON n.id = a.node_id LEFT JOIN tenant_routers r ON r.id = a.router_id
      ) x) AS outages,
      (SELECT coalesce(array_agg(id), '{}') FROM shown) AS customer_ids`;
  const outages = (row?.outages ?? []).map((o): OutageMapItem => {
    const points: LatLng[] = o.edges.flatMap(([lat, west, east]) => (west === east ? [{ lat, lng: west }] : [{ lat, lng: west }, { lat, lng: east }]));
    return {
      id: o.id,
      title: o.title,
      status: o.status,
      cause: o.cause,
      source_kind: o.node_kind ?? 'router',
      source_name: o.source_name,
      source: o.src_lat != null && o.src_lng != null ? { lat: Number(o.src_lat), lng: Number(o.src_lng) } : null,
      started_at: new Date(o.started_at).toISOString(),
      expected_restoration_at: o.expected_restoration_at ? new Date(o.expected_restoration_at).toISOString() : null,
      affected_count: o.affected,
      located_count: o.located,
      area: outageArea(points),
      router_id: o.router_id,
      node_ids: o.node_ids,
    };
  });
  const ids = row?.customer_ids ?? [];
  return { outages, customer_ids: ids.slice(0, OUTAGE_MAP_CUSTOMER_LIMIT), truncated: ids.length > OUTAGE_MAP_CUSTOMER_LIMIT };
}
