import { DashboardView } from '~/components/DashboardView';
import { tenantFeatures } from '~/lib/tenant_features';
import { requireSessionUser } from '~/server/web_session';

export default async function DashboardPage() {
  await requireSessionUser();
  return <DashboardView features={await tenantFeatures()} today={new Date()} />;
}
