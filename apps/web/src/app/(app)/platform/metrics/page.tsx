import { PlatformMetricsView } from '~/components/PlatformMetricsView';
import { requireSessionUser } from '~/server/web_session';

export default async function PlatformMetricsPage() {
  await requireSessionUser();
  return <PlatformMetricsView />;
}
