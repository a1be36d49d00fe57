import { PlatformTenantsView } from '~/components/PlatformTenantsView';
import { requireSessionUser } from '~/server/web_session';

export default async function PlatformTenantsPage() {
  await requireSessionUser();
  return <PlatformTenantsView />;
}
