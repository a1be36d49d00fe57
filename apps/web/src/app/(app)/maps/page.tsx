import { MapView } from '~/components/MapView';
import { webConfig } from '~/config';
import { requireSessionUser } from '~/server/web_session';

export default async function MapPage() {
  await requireSessionUser();
  const config = webConfig();
  return <MapView tiles={{ url: config.MAP_TILE_URL, attribution: config.MAP_TILE_ATTRIBUTION }} />;
}
