'use client';
/**
 * The Leaflet map (loaded lazily by MapView, so Leaflet and its CSS are their own chunk).
 * OpenStreetMap tiles when the network allows; offline the tiles fail and the markers
 * stay on a plain background. Features are fetched for the visible bounds after each
 * move (debounced); a visually hidden list names the features shown, for screen
 * readers and tests.
 */
import 'leaflet/dist/leaflet.css';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import L from 'leaflet';
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { CUSTOMER_STATUSES, MAP_FEATURE_KINDS, ROUTER_STATUSES } from '@rrnet/contracts';
import type { MapBbox, MapFeature } from '@rrnet/contracts';
import { useTranslation } from '~/hooks/useTranslation';
import { retryUnlessRefused } from '~/hooks/useTrpcError';
import { CUSTOMER_STATUS_COLORS, KIND_COLORS, featureHref, markerStyle, roundBbox } from '~/lib/map_style';
import { useTRPC } from '~/trpc/TrpcProvider';
import { ErrorNotice } from './ErrorNotice';

const TILE_URL = 'https://tile.openstreetmap.org/{z}/{x}/{y}.png';
const TILE_ATTRIBUTION = '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>';
const INITIAL_ZOOM = 14;
const MOVE_DEBOUNCE_MS = 300;
const NO_FEATURES: MapFeature[] = [];

type Translate = ReturnType<typeof useTranslation>['t'];

function statusLabel(t: Translate, feature: Pick<MapFeature, 'kind' | 'status'>): string {
  const status = feature.status;
  if (!status) return t('map.no_status');
  if (feature.kind === 'customer' && (CUSTOMER_STATUSES as readonly string[]).includes(status)) {
    return t(`customers.status.${status as (typeof CUSTOMER_STATUSES)[number]}`);
  }
  if (feature.kind === 'router' && (ROUTER_STATUSES as readonly string[]).includes(status)) {
    return t(`routers.status.${status as (typeof ROUTER_STATUSES)[number]}`);
  }
  return status;
}

function popupContent(t: Translate, feature: MapFeature, navigate: (href: string) => void): HTMLElement {
  const root = document.createElement('div');
  root.className = 'map-popup';
  const title = document.createElement('strong');
  title.textContent = feature.name;
  const meta = document.createElement('div');
  meta.className = 'muted';
  meta.textContent = `${t(`map.kind.${feature.kind}`)} · ${statusLabel(t, feature)}`;
  const link = document.createElement('a');
  const href = featureHref(feature);
  link.href = href;
  link.textContent = feature.kind === 'customer' || feature.kind === 'router' ? t('map.open') : t('map.open_topology');
  link.addEventListener('click', (e) => {
    if (e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return; // new tab: let the browser do it
    e.preventDefault();
    navigate(href);
  });
  root.append(title, meta, link);
  return root;
}

function Legend() {
  const { t } = useTranslation();
  return (
    <ul className="chart-legend map-legend" aria-label={t('map.legend')} data-testid="map-legend">
      {MAP_FEATURE_KINDS.filter((k) => k !== 'customer').map((kind) => (
        <li key={kind}>
          <span className="map-swatch" style={{ background: KIND_COLORS[kind] }} aria-hidden />
          {t(`map.kind.${kind}`)}
        </li>
      ))}
      {CUSTOMER_STATUSES.map((status) => (
        <li key={status}>
          <span className="map-swatch small-swatch" style={{ background: CUSTOMER_STATUS_COLORS[status] }} aria-hidden />
          {t('map.legend_customer', { status: t(`customers.status.${status}`) })}
        </li>
      ))}
      <li>
        <span className="map-swatch ring-swatch" aria-hidden />
        {t('map.legend_router_ring')}
      </li>
    </ul>
  );
}

export function LeafletMap({ center }: { center: { lat: number; lng: number } }) {
  const { t } = useTranslation();
  const trpc = useTRPC();
  const navigation = useRouter();
  const containerRef = useRef<HTMLDivElement>(null);
  const layerRef = useRef<L.LayerGroup | null>(null);
  const [bbox, setBbox] = useState<MapBbox | null>(null);
  const [tilesFailed, setTilesFailed] = useState(false);

  // the map itself: created once per centre, removed on unmount
  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const map = L.map(container, { center: [center.lat, center.lng], zoom: INITIAL_ZOOM, preferCanvas: true });
    const tiles = L.tileLayer(TILE_URL, { maxZoom: 19, attribution: TILE_ATTRIBUTION });
    tiles.on('tileerror', (e: L.TileErrorEvent) => {
      e.tile.style.visibility = 'hidden'; // no broken-image squares over the plain background
      setTilesFailed(true);
    });
    tiles.addTo(map);
    layerRef.current = L.layerGroup().addTo(map);

    let timer: ReturnType<typeof setTimeout> | undefined;
    const reportBounds = () => {
      const b = map.getBounds();
      setBbox(roundBbox({ south: b.getSouth(), west: b.getWest(), north: b.getNorth(), east: b.getEast() }));
    };
    map.on('moveend', () => {
      clearTimeout(timer);
      timer = setTimeout(reportBounds, MOVE_DEBOUNCE_MS);
    });
    timer = setTimeout(reportBounds, 0);
    return () => {
      clearTimeout(timer);
      layerRef.current = null;
      map.remove();
    };
  }, [center.lat, center.lng]);

  const features = useQuery({
    ...trpc.maps.features.queryOptions(bbox ?? { min_lat: 0, min_lng: 0, max_lat: 0, max_lng: 0 }),
    enabled: bbox !== null,
    placeholderData: keepPreviousData,
    retry: retryUnlessRefused,
  });
  const shown = features.data?.features ?? NO_FEATURES;

  // markers follow the fetched features
  useEffect(() => {
    const layer = layerRef.current;
    if (!layer) return;
    layer.clearLayers();
    for (const feature of shown) {
      L.circleMarker([feature.lat, feature.lng], markerStyle(feature))
        .bindTooltip(feature.name)
        .bindPopup(() => popupContent(t, feature, (href) => navigation.push(href)))
        .addTo(layer);
    }
  }, [shown, t, navigation]);

  return (
    <>
      <div className="map-frame">
        <div ref={containerRef} className="map-canvas" data-testid="map" aria-label={t('map.label')} role="region" />
      </div>
      <div className="map-status">
        <span className="muted small" data-testid="map-count">
          {features.data ? t('map.count', { count: shown.length }) : t('common.loading')}
        </span>
        {features.isFetching && <span className="muted small">{t('common.loading')}</span>}
        {features.data?.truncated && (
          <span className="badge warn" data-testid="map-truncated">
            {t('map.truncated')}
          </span>
        )}
        {tilesFailed && (
          <span className="muted small" data-testid="map-tiles-offline">
            {t('map.tiles_offline')}
          </span>
        )}
      </div>
      {features.isError && <ErrorNotice error={features.error} />}
      <Legend />
      <ul className="sr-only" aria-label={t('map.feature_list')} data-testid="map-features">
        {shown.map((f) => (
          <li key={`${f.kind}-${f.id}`} data-testid="map-feature" data-kind={f.kind} data-id={f.id}>
            {f.name} — {t(`map.kind.${f.kind}`)} — {statusLabel(t, f)}
          </li>
        ))}
      </ul>
    </>
  );
}
