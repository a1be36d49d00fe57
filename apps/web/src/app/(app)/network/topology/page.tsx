import { TopologyView } from '~/components/TopologyView';
import { requireSessionUser } from '~/server/web_session';

export default async function TopologyPage() {
  await requireSessionUser();
  return <TopologyView />;
}
