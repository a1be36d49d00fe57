/**
 * The map's data: routers, topology nodes and customers (not terminated) inside a
 * bounding box or within a radius, read through the GiST (tenant_id, location) indexes
 * and cached in Redis for 5 minutes (spec TTL). A tenant's map version is bumped by
 * every change that moves or recolours something, so a cached answer is never older
 * than the last change (see invalidateMap).
 */
import { MAP_FEATURE_LIMIT } from '@rrnet/contracts';
import type { MapBbox, MapFeature, MapFeatures, MapRadius } from '@rrnet/contracts';
import type { TenantTx } from '@rrnet/db';
import { MAP_DATA_TTL_SECONDS, cacheKeys } from '../network/services';
import type { NetworkServices } from '../network/services';

const METRES_PER_DEGREE = 111_320;

interface FeatureRow {
  kind: MapFeature['kind'];
  id: string;
  name: string;
  lng: number;
  lat: number;
  status: string | null;
  distance_m?: number;
}

async function cached(services: NetworkServices, tenantId: string, query: string, load: () => Promise<MapFeatures>): Promise<MapFeatures> {
  let key: string | null = null;
  try {
    const version = (await services.redis.get<number>(cacheKeys.mapVersion(services.cachePrefix, tenantId))) ?? 0;
    key = cacheKeys.mapData(services.cachePrefix, tenantId, version, query);
    const hit = await services.redis.get<MapFeatures>(key);
    if (hit) return hit;
  } catch (err) {
    services.logger.warn({ err }, 'map cache unavailable; reading the database');
  }
  const fresh = await load();
  if (key) {
    try {
      await services.redis.set(key, fresh, { ex: MAP_DATA_TTL_SECONDS });
    } catch (err) {
      services.logger.warn({ err }, 'map cache unavailable');
    }
  }
  return fresh;
}

async function center(tx: TenantTx): Promise<MapFeatures['center']> {
  const [row] = await tx.sql<{ lng: number | null; lat: number | null }[]>`
    SELECT avg(p[0])::float8 AS lng, avg(p[1])::float8 AS lat FROM (
      SELECT location AS p FROM tenant_routers WHERE location IS NOT NULL
      UNION ALL SELECT location FROM tenant_topology_nodes WHERE location IS NOT NULL
      UNION ALL (SELECT location FROM tenant_customers WHERE location IS NOT NULL LIMIT 500)) s`;
  return row?.lat != null && row.lng != null ? { lat: row.lat, lng: row.lng } : null;
}

function result(rows: FeatureRow[], c: MapFeatures['center']): MapFeatures {
  const truncated = rows.length > MAP_FEATURE_LIMIT;
  return { features: rows.slice(0, MAP_FEATURE_LIMIT).map((r) => ({ ...r, lat: Number(r.lat), lng: Number(r.lng) })), truncated, center: c };
}

export async function featuresInBbox(tx: TenantTx, services: NetworkServices, tenantId: string, bbox: MapBbox): Promise<MapFeatures> {
  const r = (v: number) => v.toFixed(4);
  const query = `bbox:${r(bbox.min_lat)},${r(bbox.min_lng)},${r(bbox.max_lat)},${r(bbox.max_lng)}`;
  return cached(services, tenantId, query, async () => {
    const { sql } = tx;
    const box = sql`box(point(${bbox.min_lng}, ${bbox.min_lat}), point(${bbox.max_lng}, ${bbox.max_lat}))`;
    const rows = await sql<FeatureRow[]>`
      (SELECT 'router' AS kind, id, name, location[0] AS lng, location[1] AS lat, status FROM tenant_routers WHERE location <@ ${box})
      UNION ALL
      (SELECT kind, id, name, location[0], location[1], NULL FROM tenant_topology_nodes WHERE location <@ ${box})
      UNION ALL
      (SELECT 'customer', id, name, location[0], location[1], status FROM tenant_customers
        WHERE location <@ ${box} AND status <> 'terminated' LIMIT ${MAP_FEATURE_LIMIT + 1})`;
    return result(rows, await center(tx));
  });
}

export async function featuresInRadius(tx: TenantTx, services: NetworkServices, tenantId: string, q: MapRadius): Promise<MapFeatures> {
  const query = `radius:${q.lat.toFixed(5)},${q.lng.toFixed(5)},${Math.round(q.radius_m)}`;
  return cached(services, tenantId, query, async () => {
    const { sql } = tx;
    // coarse filter on the index: a circle in degrees wide enough for longitude at this latitude
    const degrees = q.radius_m / (METRES_PER_DEGREE * Math.max(0.01, Math.cos((q.lat * Math.PI) / 180)));
    const circle = sql`circle(point(${q.lng}, ${q.lat}), ${degrees})`;
    const distance = sql`(2 * 6371008.8 * asin(sqrt(power(sin(radians(location[1] - ${q.lat}) / 2), 2)
      + cos(radians(${q.lat})) * cos(radians(location[1])) * power(sin(radians(location[0] - ${q.lng}) / 2), 2))))`;
    const rows = await sql<FeatureRow[]>`
      SELECT * FROM (
        (SELECT 'router' AS kind, id, name, location[0] AS lng, location[1] AS lat, status, ${distance} AS distance_m FROM tenant_routers WHERE location <@ ${circle})
        UNION ALL
        (SELECT kind, id, name, location[0], location[1], NULL, ${distance} FROM tenant_topology_nodes WHERE location <@ ${circle})
        UNION ALL
        (SELECT 'customer', id, name, location[0], location[1], status, ${distance} FROM tenant_customers WHERE location <@ ${circle} AND status <> 'terminated')
      ) f WHERE distance_m <= ${q.radius_m}
      ORDER BY distance_m LIMIT ${MAP_FEATURE_LIMIT + 1}`;
    return result(rows.map((row) => ({ ...row, distance_m: Math.round(Number(row.distance_m)) })), await center(tx));
  });
}
