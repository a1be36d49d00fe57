'use client';
/**
 * The map page: permission and plan checks, the tenant's starting point, then the
 * Leaflet map, loaded lazily (its own chunk, never rendered on the server).
 */
import { useQuery } from '@tanstack/react-query';
import dynamic from 'next/dynamic';
import { useTranslation } from '~/hooks/useTranslation';
import { retryUnlessRefused } from '~/hooks/useTrpcError';
import { useTRPC } from '~/trpc/TrpcProvider';
import { ErrorNotice } from './ErrorNotice';
import { RequirePermission } from './NoPermission';

const LeafletMap = dynamic(() => import('./LeafletMap').then((m) => m.LeafletMap), {
  ssr: false,
  loading: () => <MapPlaceholder />,
});

/**
 * `center` (where the tenant's things are) comes with every features answer; a
 * zero-size box in the ocean at 0,0 asks for it without fetching any features.
 */
const CENTER_PROBE = { min_lat: 0, min_lng: 0, max_lat: 0, max_lng: 0 };
/** Jakarta, when the tenant has nothing with a position yet */
const FALLBACK_CENTER = { lat: -6.2, lng: 106.8167 };

function MapPlaceholder() {
  const { t } = useTranslation();
  return (
    <div className="map-frame">
      <div className="map-canvas map-loading" data-testid="map-loading">
        <p className="muted">{t('map.loading')}</p>
      </div>
    </div>
  );
}

function MapContent() {
  const trpc = useTRPC();
  const probe = useQuery({ ...trpc.maps.features.queryOptions(CENTER_PROBE), retry: retryUnlessRefused, staleTime: 5 * 60_000 });
  if (probe.isError) return <ErrorNotice error={probe.error} page />;
  if (!probe.data) return <MapPlaceholder />;
  return <LeafletMap center={probe.data.center ?? FALLBACK_CENTER} />;
}

export function MapView() {
  const { t } = useTranslation();
  return (
    <>
      <h1>{t('map.title')}</h1>
      <p className="muted">{t('map.subtitle')}</p>
      <RequirePermission permission="maps.map.read">
        <MapContent />
      </RequirePermission>
    </>
  );
}
