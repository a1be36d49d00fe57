import { describe, expect, it } from 'vitest';
import { CUSTOMER_STATUSES, MAP_FEATURE_KINDS, ROUTER_STATUSES, mapBboxInput, outageMapInput } from '@rrnet/contracts';
import { CUSTOMER_STATUS_COLORS, FOCUS_ZOOM, KIND_COLORS, OUTAGE_COLORS, directionsUrl, featureHref, mapFocusFromQuery, mapFocusHref, markerStyle, outageAreaStyle, outageTint, roundBbox } from '~/lib/map_style';

const ID = '6071829a-4b5c-4d6e-8f70-8192a3b4c5d6';
const WHITE = '#ffffff';

describe('markerStyle', () => {
  it('colours every status a customer can have, and each differently', () => {
    for (const status of CUSTOMER_STATUSES) expect(CUSTOMER_STATUS_COLORS[status], status).toMatch(/^#[0-9a-f]{6}$/);
    expect(new Set(CUSTOMER_STATUSES.map((s) => CUSTOMER_STATUS_COLORS[s])).size).toBe(CUSTOMER_STATUSES.length);
    expect(markerStyle({ kind: 'customer', status: 'isolated' })).toMatchObject({ fillColor: CUSTOMER_STATUS_COLORS.isolated, color: WHITE });
  });

  it('falls back to the customer colour for a customer without a known status', () => {
    expect(markerStyle({ kind: 'customer', status: null }).fillColor).toBe(KIND_COLORS.customer);
    expect(markerStyle({ kind: 'customer', status: 'pending' }).fillColor).toBe(KIND_COLORS.customer);
  });

  it('rings a router by its status, thicker than other markers; unknown or missing status rings grey', () => {
    const online = markerStyle({ kind: 'router', status: 'online' });
    const offline = markerStyle({ kind: 'router', status: 'offline' });
    const unknown = markerStyle({ kind: 'router', status: 'unknown' });
    expect(online).toMatchObject({ fillColor: KIND_COLORS.router, weight: 3 });
    expect(new Set([online.color, offline.color, unknown.color]).size).toBe(ROUTER_STATUSES.length);
    expect(markerStyle({ kind: 'router', status: null }).color).toBe(unknown.color);
    expect(markerStyle({ kind: 'router', status: 'rebooting' }).color).toBe(unknown.color);
  });

  it('draws topology nodes in their kind’s colour with a thin white ring, whatever the status', () => {
    for (const kind of ['olt', 'odc', 'odp'] as const) {
      expect(markerStyle({ kind, status: 'online' })).toEqual({ radius: expect.any(Number), color: WHITE, fillColor: KIND_COLORS[kind], fillOpacity: 0.9, weight: 1.5 });
    }
  });

  it('sizes markers down the network: router > OLT > ODC > ODP > customer', () => {
    const radii = MAP_FEATURE_KINDS.map((kind) => markerStyle({ kind, status: null }).radius);
    expect(MAP_FEATURE_KINDS).toEqual(['router', 'olt', 'odc', 'odp', 'customer']);
    expect([...radii].sort((a, b) => b - a)).toEqual(radii);
    expect(new Set(radii).size).toBe(radii.length);
  });
});

describe('featureHref', () => {
  it('links customers and routers to their pages and topology nodes to the topology', () => {
    expect(featureHref({ kind: 'customer', id: ID })).toBe(`/customers/${ID}`);
    expect(featureHref({ kind: 'router', id: ID })).toBe(`/network/routers/${ID}`);
    for (const kind of ['olt', 'odc', 'odp'] as const) expect(featureHref({ kind, id: ID })).toBe('/network/topology');
  });
});

describe('roundBbox', () => {
  const jakarta = { south: -6.23456789, west: 106.81234567, north: -6.12345678, east: 106.9876543 };

  it('rounds outward to 4 decimals, so the rounded box contains the visible one', () => {
    const b = roundBbox(jakarta);
    expect(b.min_lat).toBeLessThanOrEqual(jakarta.south);
    expect(b.min_lng).toBeLessThanOrEqual(jakarta.west);
    expect(b.max_lat).toBeGreaterThanOrEqual(jakarta.north);
    expect(b.max_lng).toBeGreaterThanOrEqual(jakarta.east);
    expect(b).toEqual({ min_lat: -6.2346, min_lng: 106.8123, max_lat: -6.1234, max_lng: 106.9877 });
    for (const v of Object.values(b)) expect(Math.abs(v * 1e4 - Math.round(v * 1e4))).toBeLessThan(1e-6);
  });

  it('gives the same box for a pan smaller than the rounding, so the cached answer is reused', () => {
    const nudged = { south: jakarta.south + 0.00001, west: jakarta.west + 0.00001, north: jakarta.north + 0.00001, east: jakarta.east + 0.00001 };
    expect(roundBbox(nudged)).toEqual(roundBbox(jakarta));
  });

  it('clamps a world-wrapped view to valid coordinates the API accepts', () => {
    const b = roundBbox({ south: -95.5, west: -540, north: 91, east: 200.25 });
    expect(b).toEqual({ min_lat: -90, min_lng: -180, max_lat: 90, max_lng: 180 });
    expect(mapBboxInput.safeParse(b).success).toBe(true);
  });
});

describe('outages on the map', () => {
  it('rings an affected marker in the outage\'s colour, keeping its own fill', () => {
    const customer = markerStyle({ kind: 'customer', status: 'isolated' });
    const tinted = outageTint(customer, 'open');
    expect(tinted).toMatchObject({ fillColor: customer.fillColor, color: OUTAGE_COLORS.open, weight: 3, radius: customer.radius + 1 });
    expect(outageTint(markerStyle({ kind: 'odp', status: null }), 'suspected').color).toBe(OUTAGE_COLORS.suspected);
    expect(OUTAGE_COLORS.open).not.toBe(OUTAGE_COLORS.suspected);
  });

  it('draws the area dashed and lightly filled in the outage\'s colour', () => {
    expect(outageAreaStyle('open')).toMatchObject({ color: OUTAGE_COLORS.open, fillColor: OUTAGE_COLORS.open, dashArray: '6 4' });
    expect(outageAreaStyle('open').fillOpacity).toBeLessThan(0.3);
  });

  it('the visible box the map sends is one the outages\' map accepts', () => {
    const b = roundBbox({ south: -6.25, west: 106.8, north: -6.15, east: 106.9 });
    expect(outageMapInput.safeParse(b).success).toBe(true);
  });
});

describe('a map link to one spot', () => {
  it('the map page reads back the link the ticket’s line card builds', () => {
    const at = { lat: -6.2146, lng: 106.8451 };
    const query = Object.fromEntries(new URL(mapFocusHref(at), 'http://x').searchParams);
    expect(mapFocusHref(at)).toMatch(/^\/maps\?/);
    expect(mapFocusFromQuery(query)).toEqual({ ...at, zoom: FOCUS_ZOOM });
    expect(mapFocusFromQuery({ lat: '-6.2', lng: '106.8', zoom: '12' })).toEqual({ lat: -6.2, lng: 106.8, zoom: 12 });
  });

  it('no spot, or a bad one, opens the map as before; a bad zoom falls back to the close one', () => {
    expect(mapFocusFromQuery({})).toBeNull();
    expect(mapFocusFromQuery({ lat: '-6.2' })).toBeNull();
    expect(mapFocusFromQuery({ lat: 'abc', lng: '106.8' })).toBeNull();
    expect(mapFocusFromQuery({ lat: '', lng: '106.8' })).toBeNull();
    expect(mapFocusFromQuery({ lat: '91', lng: '106.8' })).toBeNull();
    expect(mapFocusFromQuery({ lat: '-6.2', lng: '181' })).toBeNull();
    expect(mapFocusFromQuery({ lat: ['-6.2', '1'], lng: '106.8' })).toBeNull();
    expect(mapFocusFromQuery({ lat: '-6.2', lng: '106.8', zoom: '40' })!.zoom).toBe(FOCUS_ZOOM);
    expect(mapFocusFromQuery({ lat: '-6.2', lng: '106.8', zoom: '1.5' })!.zoom).toBe(FOCUS_ZOOM);
  });

  it('directions go to Google Maps with the spot as the destination', () => {
    expect(directionsUrl({ lat: -6.2146, lng: 106.8451 })).toBe('https://www.google.com/maps/dir/?api=1&destination=-6.2146,106.8451');
  });
});
