import { MapView } from '~/components/MapView';
import { requireSessionUser } from '~/server/web_session';

export default async function MapPage() {
  await requireSessionUser();
  return <MapView />;
}
