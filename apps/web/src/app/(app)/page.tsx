import { DashboardView } from '~/components/DashboardView';
import { tenantFeatures } from '~/lib/tenant_features';
import { Prefetched } from '~/server/Prefetched';
import { requireSessionUser } from '~/server/web_session';

export default async function DashboardPage() {
  const user = await requireSessionUser();
  // the first-steps checklist, the page's largest text while the ISP is new, comes with the HTML
  const onboarding = user.tenant_id !== null && user.permissions.includes('admin.settings.read');
  return (
    <Prefetched queries={(trpc) => (onboarding ? [trpc.saas.onboarding.queryOptions()] : [])}>
      <DashboardView features={await tenantFeatures()} today={new Date()} />
    </Prefetched>
  );
}
