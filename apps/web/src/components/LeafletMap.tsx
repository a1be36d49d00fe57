'use client';
/**
 * The map (react-leaflet, loaded lazily by MapView: Leaflet and its CSS are their own
 * chunk). Tiles from the configured tile server when it can be reached; offline the
 * tiles fail, the map says so and the markers still show on a plain background.
 * Features are fetched for the visible bounds after each move (debounced); a visually
 * hidden list names the features shown, for screen readers and tests. Open and suspected
 * outages (for those who may read them) are drawn over it with their affected area, and
 * what they affect is ringed in their colour.
 */
import 'leaflet/dist/leaflet.css';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useTranslations } from 'next-intl';
import { useEffect, useRef, useState } from 'react';
import { CircleMarker, MapContainer, Popup, TileLayer, Tooltip, useMapEvents } from 'react-leaflet';
import { CUSTOMER_STATUSES, MAP_FEATURE_KINDS, ROUTER_STATUSES } from '@rrnet/contracts/constants';
import type { MapBbox, MapFeature, OutageMap } from '@rrnet/contracts';
import { Badge } from '@rrnet/ui/Badge';
import { useSessionUser } from '~/hooks/useSessionUser';
import { errorCodeOf, retryUnlessRefused } from '~/hooks/useTrpcError';
import { CUSTOMER_STATUS_COLORS, FOCUS_COLOR, KIND_COLORS, OUTAGE_COLORS, featureHref, markerStyle, outageTint, roundBbox } from '~/lib/map_style';
import type { MapFocus } from '~/lib/map_style';
import { useTRPC } from '~/trpc/TrpcProvider';
import { ErrorNotice } from './ErrorNotice';
import { MapOutageList } from './MapOutageList';
import { OutageMapLayer } from './OutageMapLayer';

const INITIAL_ZOOM = 14;
const MOVE_DEBOUNCE_MS = 300;
const NO_FEATURES: MapFeature[] = [];
const NO_OUTAGES: OutageMap['outages'] = [];

/** What the outages affect, by feature: the status of the outage that rings it (open wins over suspected). */
function affectedBy(map: OutageMap | undefined): (feature: Pick<MapFeature, 'kind' | 'id'>) => 'open' | 'suspected' | null {
  const nodes = new Map<string, 'open' | 'suspected'>();
  // suspected first, so an open outage over the same node has the last word
  for (const o of [...(map?.outages ?? [])].sort((a, b) => Number(a.status === 'open') - Number(b.status === 'open'))) {
    for (const id of o.node_ids) nodes.set(id, o.status);
    if (o.router_id) nodes.set(o.router_id, o.status);
  }
  const customers = new Set(map?.customer_ids ?? []);
  const customerTint = map?.outages.some((o) => o.status === 'open') ? 'open' : 'suspected';
  return (f) => (f.kind === 'customer' ? (customers.has(f.id) ? customerTint : null) : (nodes.get(f.id) ?? null));
}

export interface TileConfig {
  url: string;
  attribution: string;
}

function useStatusLabel() {
  const t = useTranslations();
  return (feature: Pick<MapFeature, 'kind' | 'status'>): string => {
    const status = feature.status;
    if (!status) return t('map.no_status');
    if (feature.kind === 'customer' && (CUSTOMER_STATUSES as readonly string[]).includes(status)) {
      return t(`customers.status.${status as (typeof CUSTOMER_STATUSES)[number]}`);
    }
    if (feature.kind === 'router' && (ROUTER_STATUSES as readonly string[]).includes(status)) {
      return t(`routers.status.${status as (typeof ROUTER_STATUSES)[number]}`);
    }
    return status;
  };
}

/** Reports the visible bounds once at start and after every move (debounced). */
function BoundsWatcher({ onBounds }: { onBounds: (bbox: MapBbox) => void }) {
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const map = useMapEvents({
    moveend: () => {
      clearTimeout(timer.current);
      timer.current = setTimeout(report, MOVE_DEBOUNCE_MS);
    },
  });
  function report() {
    const b = map.getBounds();
    onBounds(roundBbox({ south: b.getSouth(), west: b.getWest(), north: b.getNorth(), east: b.getEast() }));
  }
  useEffect(() => {
    timer.current = setTimeout(report, 0);
    return () => clearTimeout(timer.current);
    // once per map
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [map]);
  return null;
}

function Legend({ outages }: { outages: boolean }) {
  const t = useTranslations('map');
  const tc = useTranslations('customers.status');
  return (
    <ul className="m-0 flex list-none flex-wrap gap-x-5 gap-y-1.5 p-0 text-sm" aria-label={t('legend')} data-testid="map-legend">
      {MAP_FEATURE_KINDS.filter((k) => k !== 'customer').map((kind) => (
        <li key={kind} className="flex items-center gap-1.5">
          <span className="inline-block size-3 rounded-full border-[1.5px] border-white shadow-[0_0_0_1px_var(--input)]" style={{ background: KIND_COLORS[kind] }} aria-hidden />
          {t(`kind.${kind}`)}
        </li>
      ))}
      {CUSTOMER_STATUSES.map((status) => (
        <li key={status} className="flex items-center gap-1.5">
          <span className="inline-block size-2.5 rounded-full border-[1.5px] border-white shadow-[0_0_0_1px_var(--input)]" style={{ background: CUSTOMER_STATUS_COLORS[status] }} aria-hidden />
          {t('legend_customer', { status: tc(status) })}
        </li>
      ))}
      <li className="flex items-center gap-1.5">
        <span className="inline-block size-3 rounded-full border-[3px] border-success" style={{ background: KIND_COLORS.router }} aria-hidden />
        {t('legend_router_ring')}
      </li>
      {outages && (
        <>
          <li className="flex items-center gap-1.5" data-testid="map-legend-outage">
            <span className="inline-block h-3 w-4 rounded-sm border-2 border-dashed" style={{ borderColor: OUTAGE_COLORS.open, background: `${OUTAGE_COLORS.open}1f` }} aria-hidden />
            {t('legend_outage_area')}
          </li>
          <li className="flex items-center gap-1.5">
            <span className="inline-block size-3 rounded-full border-[3px]" style={{ borderColor: OUTAGE_COLORS.open, background: KIND_COLORS.odp }} aria-hidden />
            {t('legend_outage_ring')}
          </li>
        </>
      )}
    </ul>
  );
}

export function LeafletMap({ center, zoom = INITIAL_ZOOM, focus = null, tiles }: { center: { lat: number; lng: number }; zoom?: number; focus?: MapFocus | null; tiles: TileConfig }) {
  const t = useTranslations();
  const statusLabel = useStatusLabel();
  const trpc = useTRPC();
  const [bbox, setBbox] = useState<MapBbox | null>(null);
  const [tilesFailed, setTilesFailed] = useState(false);

  const { can } = useSessionUser();
  const outagesQuery = useQuery({
    ...trpc.outages.map.queryOptions(bbox ?? {}),
    enabled: bbox !== null && can('outages.outages.read'),
    placeholderData: keepPreviousData,
    retry: retryUnlessRefused,
  });
  // the plan without outages, or a role without them: the map simply has none
  const outagesRefused = ['FEATURE_DISABLED', 'FORBIDDEN'].includes(errorCodeOf(outagesQuery.error) ?? '');
  const outages = outagesQuery.data?.outages ?? NO_OUTAGES;
  const affected = affectedBy(outagesQuery.data);

  const features = useQuery({
    ...trpc.maps.features.queryOptions(bbox ?? { min_lat: 0, min_lng: 0, max_lat: 0, max_lng: 0 }),
    enabled: bbox !== null,
    placeholderData: keepPreviousData,
    retry: retryUnlessRefused,
  });
  const shown = features.data?.features ?? NO_FEATURES;

  return (
    <div className="grid gap-3">
      <div className="h-[min(600px,65dvh)] overflow-hidden rounded-xl border" data-testid="map" aria-label={t('map.label')} role="region">
        <MapContainer
          key={`${center.lat},${center.lng},${zoom}`}
          center={[center.lat, center.lng]}
          zoom={zoom}
          preferCanvas
          className="h-full bg-[#e8eef5] [background-image:linear-gradient(rgba(100,116,139,0.08)_1px,transparent_1px),linear-gradient(90deg,rgba(100,116,139,0.08)_1px,transparent_1px)] [background-size:48px_48px] font-[inherit]"
        >
          <TileLayer
            url={tiles.url}
            attribution={tiles.attribution}
            maxZoom={19}
            eventHandlers={{
              tileerror: (e) => {
                e.tile.style.visibility = 'hidden'; // no broken-image squares over the plain background
                setTilesFailed(true);
              },
            }}
          />
          <BoundsWatcher onBounds={setBbox} />
          <OutageMapLayer outages={outages} />
          {focus && (
            // the spot a link asked for, under the features so the customer's own marker stays clickable
            <CircleMarker center={[focus.lat, focus.lng]} radius={16} pathOptions={{ color: FOCUS_COLOR, weight: 3, fillColor: FOCUS_COLOR, fillOpacity: 0.15 }} interactive={false}>
              <Tooltip permanent direction="top" offset={[0, -14]}>
                {t('map.focus')}
              </Tooltip>
            </CircleMarker>
          )}
          {shown.map((feature) => {
            const hit = affected(feature);
            const style = hit ? outageTint(markerStyle(feature), hit) : markerStyle(feature);
            return (
              <CircleMarker key={`${feature.kind}-${feature.id}`} center={[feature.lat, feature.lng]} pathOptions={style} radius={style.radius}>
                <Tooltip>{feature.name}</Tooltip>
                <Popup>
                  <div className="grid min-w-40 gap-1">
                    <strong>{feature.name}</strong>
                    <span className="text-muted-foreground">
                      {t(`map.kind.${feature.kind}`)} · {statusLabel(feature)}
                    </span>
                    <Link href={featureHref(feature)} className="text-primary">
                      {feature.kind === 'customer' || feature.kind === 'router' ? t('map.open') : t('map.open_topology')}
                    </Link>
                  </div>
                </Popup>
              </CircleMarker>
            );
          })}
        </MapContainer>
      </div>
      <div className="flex min-h-6 flex-wrap items-center gap-3 text-sm text-muted-foreground">
        <span data-testid="map-count">{features.data ? t('map.count', { count: shown.length }) : t('common.loading')}</span>
        {features.isFetching && <span>{t('common.loading')}</span>}
        {features.data?.truncated && (
          <Badge tone="warning" data-testid="map-truncated">
            {t('map.truncated')}
          </Badge>
        )}
        {tilesFailed && <span data-testid="map-tiles-offline">{t('map.tiles_offline')}</span>}
      </div>
      {features.isError && <ErrorNotice error={features.error} />}
      {outagesQuery.isError && !outagesRefused && <ErrorNotice error={outagesQuery.error} />}
      <MapOutageList outages={outages} />
      <Legend outages={can('outages.outages.read') && !outagesRefused} />
      {focus && (
        <p className="sr-only" data-testid="map-focus" data-lat={focus.lat} data-lng={focus.lng}>
          {t('map.focus')}
        </p>
      )}
      <ul className="sr-only" aria-label={t('map.feature_list')} data-testid="map-features">
        {shown.map((f) => (
          <li key={`${f.kind}-${f.id}`} data-testid="map-feature" data-kind={f.kind} data-id={f.id} data-outage={affected(f) ?? undefined}>
            {f.name} — {t(`map.kind.${f.kind}`)} — {statusLabel(f)}
          </li>
        ))}
      </ul>
    </div>
  );
}
