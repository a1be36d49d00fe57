import { BillingSettingsView } from '~/components/BillingSettingsView';
import { tenantFeatures } from '~/lib/tenant_features';
import { requireSessionUser } from '~/server/web_session';

export default async function BillingSettingsPage() {
  await requireSessionUser();
  return <BillingSettingsView features={await tenantFeatures()} />;
}
