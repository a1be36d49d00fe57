import { DashboardView } from '~/components/DashboardView';
import { requireSessionUser } from '~/server/web_session';

export default async function DashboardPage() {
  await requireSessionUser();
  return <DashboardView />;
}
