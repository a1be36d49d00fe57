'use client';
/**
 * The outages drawn on the map (react-leaflet: imported only by LeafletMap, which the map
 * page loads lazily): each open or suspected outage's affected area — the hull of its
 * customers' locations, or a circle when they are one or two — and a marker on its router
 * or node with the affected count. Clicking either opens the outage.
 */
import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { Circle, CircleMarker, Polygon, Tooltip } from 'react-leaflet';
import type { OutageMapItem } from '@rrnet/contracts';
import { OUTAGE_COLORS, outageAreaStyle } from '~/lib/map_style';

function OutageShape({ outage }: { outage: OutageMapItem }) {
  const t = useTranslations('map.outage');
  const router = useRouter();
  const open = { click: () => router.push(`/outages/${outage.id}`) };
  const label = (
    <Tooltip sticky>
      {outage.title} · {t('affected', { count: outage.affected_count })}
    </Tooltip>
  );
  const area = outage.area;
  return (
    <>
      {area && area.hull.length >= 3 && (
        <Polygon
          positions={area.hull.map((p) => [p.lat, p.lng] as [number, number])}
          pathOptions={outageAreaStyle(outage.status)}
          eventHandlers={open}
        >
          {label}
        </Polygon>
      )}
      {area && area.hull.length < 3 && (
        <Circle
          center={[area.center.lat, area.center.lng]}
          radius={area.radius_m}
          pathOptions={outageAreaStyle(outage.status)}
          eventHandlers={open}
        >
          {label}
        </Circle>
      )}
      {outage.source && (
        <CircleMarker
          center={[outage.source.lat, outage.source.lng]}
          radius={13}
          pathOptions={{
            color: OUTAGE_COLORS[outage.status],
            weight: 3,
            fillColor: '#ffffff',
            fillOpacity: 0.95,
          }}
          eventHandlers={open}
        >
          <Tooltip permanent direction="top" offset={[0, -12]}>
            {t('marker', { count: outage.affected_count })}
          </Tooltip>
        </CircleMarker>
      )}
    </>
  );
}

export function OutageMapLayer({ outages }: { outages: readonly OutageMapItem[] }) {
  return (
    <>
      {outages.map((o) => (
        <OutageShape key={o.id} outage={o} />
      ))}
    </>
  );
}
