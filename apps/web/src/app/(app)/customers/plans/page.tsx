import { ServicePlansView } from '~/components/ServicePlansView';
import { requireSessionUser } from '~/server/web_session';

export default async function ServicePlansPage() {
  await requireSessionUser();
  return <ServicePlansView />;
}
