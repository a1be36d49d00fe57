'use client';
/**
 * The map page: permission and plan checks, the tenant's starting point (or the spot a
 * link asked for), then the map, loaded lazily (react-leaflet in its own chunk, never rendered on the server).
 */
import { useQuery } from '@tanstack/react-query';
import dynamic from 'next/dynamic';
import { useTranslations } from 'next-intl';
import { Skeleton } from '@rrnet/ui/Skeleton';
import { retryUnlessRefused } from '~/hooks/useTrpcError';
import { useTRPC } from '~/trpc/TrpcProvider';
import { ErrorNotice } from './ErrorNotice';
import type { MapFocus } from '~/lib/map_style';
import type { TileConfig } from './LeafletMap';

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
  const t = useTranslations('map');
  return (
    <div className="relative" data-testid="map-loading">
      <Skeleton className="h-[min(600px,65dvh)] w-full rounded-xl" />
      <p className="absolute inset-0 m-0 grid place-items-center text-sm text-muted-foreground">{t('loading')}</p>
    </div>
  );
}

export function MapView({ tiles, focus }: { tiles: TileConfig; focus: MapFocus | null }) {
  const trpc = useTRPC();
  const probe = useQuery({ ...trpc.maps.features.queryOptions(CENTER_PROBE), retry: retryUnlessRefused, staleTime: 5 * 60_000, enabled: focus === null });
  // a link to one spot (a ticket's customer) needs no starting point
  if (focus) return <LeafletMap center={focus} zoom={focus.zoom} focus={focus} tiles={tiles} />;
  if (probe.isError) return <ErrorNotice error={probe.error} page />;
  if (!probe.data) return <MapPlaceholder />;
  return <LeafletMap center={probe.data.center ?? FALLBACK_CENTER} tiles={tiles} />;
}
