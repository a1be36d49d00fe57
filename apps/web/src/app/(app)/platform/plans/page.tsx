import { PlatformPlansView } from '~/components/PlatformPlansView';
import { OperatorPage } from '~/components/OperatorPage';

export default function PlatformPlansPage() {
  return (
    <OperatorPage permission="platform.tenants.manage" title="saas.plans.title" subtitle="saas.plans.subtitle">
      <PlatformPlansView />
    </OperatorPage>
  );
}
