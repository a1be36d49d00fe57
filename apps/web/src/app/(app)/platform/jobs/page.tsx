import { PlatformJobsView } from '~/components/PlatformJobsView';
import { requireSessionUser } from '~/server/web_session';

export default async function PlatformJobsPage() {
  await requireSessionUser();
  return <PlatformJobsView />;
}
