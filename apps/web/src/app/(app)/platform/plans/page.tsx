import { PlatformPlansView } from '~/components/PlatformPlansView';
import { requireSessionUser } from '~/server/web_session';

export default async function PlatformPlansPage() {
  await requireSessionUser();
  return <PlatformPlansView />;
}
