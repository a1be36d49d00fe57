import { SaasInvoicesView } from '~/components/SaasInvoicesView';
import { OperatorPage } from '~/components/OperatorPage';

export default function SaasInvoicesPage() {
  return (
    <OperatorPage permission="platform.tenants.manage" title="saas.platform_title" subtitle="saas.platform_subtitle">
      <SaasInvoicesView />
    </OperatorPage>
  );
}
