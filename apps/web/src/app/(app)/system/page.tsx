import { SystemStatusView } from '~/components/SystemStatusView';
import { requireSessionUser } from '~/server/web_session';

export default async function SystemStatusPage() {
  await requireSessionUser();
  return <SystemStatusView />;
}
