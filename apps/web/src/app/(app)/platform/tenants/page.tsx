import { PlatformTenantsView } from '~/components/PlatformTenantsView';
import { OperatorPage } from '~/components/OperatorPage';

export default function PlatformTenantsPage() {
  return (
    <OperatorPage permission="platform.tenants.manage" title="saas.tenants.title" subtitle="saas.tenants.subtitle">
      <PlatformTenantsView />
    </OperatorPage>
  );
}
