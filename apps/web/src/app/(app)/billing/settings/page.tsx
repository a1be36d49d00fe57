import { BillingSettingsView } from '~/components/BillingSettingsView';
import { OperatorPage } from '~/components/OperatorPage';
import { tenantFeatures } from '~/lib/tenant_features';

export default async function BillingSettingsPage() {
  return (
    <OperatorPage permission="admin.settings.read" title="billing_settings.title" subtitle="billing_settings.subtitle">
      <BillingSettingsView features={await tenantFeatures()} />
    </OperatorPage>
  );
}
