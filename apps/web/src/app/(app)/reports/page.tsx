import { ReportsView } from '~/components/ReportsView';
import { requireSessionUser } from '~/server/web_session';

export default async function ReportsPage() {
  await requireSessionUser();
  return <ReportsView />;
}
