import { MapView } from '~/components/MapView';
import { webConfig } from '~/config';
import { mapFocusFromQuery } from '~/lib/map_style';
import { requireSessionUser } from '~/server/web_session';

/** `?lat=…&lng=…&zoom=…` opens the map on one spot (a ticket's customer), marked. */
export default async function MapPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireSessionUser();
  const config = webConfig();
  const focus = mapFocusFromQuery(await searchParams);
  return <MapView tiles={{ url: config.MAP_TILE_URL, attribution: config.MAP_TILE_ATTRIBUTION }} focus={focus} />;
}
