import { MapView } from '~/components/MapView';
import { OperatorPage } from '~/components/OperatorPage';
import { webConfig } from '~/config';
import { mapFocusFromQuery } from '~/lib/map_style';

/** `?lat=…&lng=…&zoom=…` opens the map on one spot (a ticket's customer), marked. */
export default async function MapPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const config = webConfig();
  const focus = mapFocusFromQuery(await searchParams);
  return (
    <OperatorPage permission="maps.map.read" title="map.title" subtitle="map.subtitle">
      <MapView tiles={{ url: config.MAP_TILE_URL, attribution: config.MAP_TILE_ATTRIBUTION }} focus={focus} />
    </OperatorPage>
  );
}
