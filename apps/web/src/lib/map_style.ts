/**
 * How features look on the map: circle markers coloured by kind, customers by status,
 * routers ringed by status. No image assets, so the map works offline.
 */
import type { MapFeature, MapFeatureKind } from '@rrnet/contracts';

export const KIND_COLORS: Record<MapFeatureKind, string> = {
  router: '#0a3d73',
  olt: '#7c3aed',
  odc: '#0d9488',
  odp: '#d97706',
  customer: '#16a34a',
};

export const CUSTOMER_STATUS_COLORS: Record<string, string> = {
  active: '#16a34a',
  isolated: '#dc2626',
  suspended: '#ea580c',
  terminated: '#64748b',
};

const ROUTER_STATUS_COLORS: Record<string, string> = { online: '#16a34a', offline: '#dc2626', unknown: '#94a3b8' };

const RADIUS: Record<MapFeatureKind, number> = { router: 9, olt: 8, odc: 7, odp: 6, customer: 5 };

export interface MarkerStyle {
  radius: number;
  color: string;
  fillColor: string;
  fillOpacity: number;
  weight: number;
}

export function markerStyle(feature: Pick<MapFeature, 'kind' | 'status'>): MarkerStyle {
  const fill = feature.kind === 'customer' ? (CUSTOMER_STATUS_COLORS[feature.status ?? ''] ?? KIND_COLORS.customer) : KIND_COLORS[feature.kind];
  const ring = feature.kind === 'router' ? (ROUTER_STATUS_COLORS[feature.status ?? 'unknown'] ?? ROUTER_STATUS_COLORS.unknown!) : '#ffffff';
  return { radius: RADIUS[feature.kind], color: ring, fillColor: fill, fillOpacity: 0.9, weight: feature.kind === 'router' ? 3 : 1.5 };
}

/** Where a feature's page is. */
export function featureHref(feature: Pick<MapFeature, 'kind' | 'id'>): string {
  if (feature.kind === 'customer') return `/customers/${feature.id}`;
  if (feature.kind === 'router') return `/network/routers/${feature.id}`;
  return '/network/topology';
}

/** Bounds rounded outward to 4 decimals (~11 m): small pans reuse the cached answer. */
export function roundBbox(b: { south: number; west: number; north: number; east: number }) {
  const down = (v: number) => Math.floor(v * 1e4) / 1e4;
  const up = (v: number) => Math.ceil(v * 1e4) / 1e4;
  const clamp = (v: number, limit: number) => Math.max(-limit, Math.min(limit, v));
  return {
    min_lat: clamp(down(b.south), 90),
    min_lng: clamp(down(b.west), 180),
    max_lat: clamp(up(b.north), 90),
    max_lng: clamp(up(b.east), 180),
  };
}

/** Outages: their area and the ring of what they affect (open red, suspected amber). */
export const OUTAGE_COLORS = { open: '#dc2626', suspected: '#d97706' } as const;

/** A marker inside an outage: ringed in the outage's colour, thicker, whatever its own colour. */
export function outageTint(style: MarkerStyle, status: keyof typeof OUTAGE_COLORS): MarkerStyle {
  return { ...style, color: OUTAGE_COLORS[status], weight: 3, radius: style.radius + 1 };
}

/** An outage's area: dashed outline, light fill. */
export function outageAreaStyle(status: keyof typeof OUTAGE_COLORS) {
  return { color: OUTAGE_COLORS[status], weight: 2, dashArray: '6 4', fillColor: OUTAGE_COLORS[status], fillOpacity: 0.12 };
}

/** Where the map opens when a link points at one spot (a customer's location): `/maps?lat=…&lng=…&zoom=…`. */
export interface MapFocus {
  lat: number;
  lng: number;
  zoom: number;
}

/** The ring around the spot a link asked for. */
export const FOCUS_COLOR = '#2563eb';

/** Close enough to see the house and its ODP. */
export const FOCUS_ZOOM = 18;

/** The map page's query as a focus; null when it names no valid spot (then the map opens where the ISP's things are). */
export function mapFocusFromQuery(query: Record<string, string | string[] | undefined>): MapFocus | null {
  const one = (v: string | string[] | undefined) => (typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN);
  const lat = one(query.lat);
  const lng = one(query.lng);
  if (!Number.isFinite(lat) || !Number.isFinite(lng) || Math.abs(lat) > 90 || Math.abs(lng) > 180) return null;
  const zoom = one(query.zoom);
  return { lat, lng, zoom: Number.isInteger(zoom) && zoom >= 3 && zoom <= 19 ? zoom : FOCUS_ZOOM };
}

/** The in-app map centred on a spot. */
export function mapFocusHref(at: { lat: number; lng: number }, zoom = FOCUS_ZOOM): string {
  return `/maps?${new URLSearchParams({ lat: String(at.lat), lng: String(at.lng), zoom: String(zoom) }).toString()}`;
}

/** Turn-by-turn directions to a spot in Google Maps (the app on a phone, the site elsewhere). */
export function directionsUrl(at: { lat: number; lng: number }): string {
  return `https://www.google.com/maps/dir/?api=1&destination=${at.lat},${at.lng}`;
}
