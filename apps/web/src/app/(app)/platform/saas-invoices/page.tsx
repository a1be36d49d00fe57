import { SaasInvoicesView } from '~/components/SaasInvoicesView';
import { requireSessionUser } from '~/server/web_session';

export default async function SaasInvoicesPage() {
  await requireSessionUser();
  return <SaasInvoicesView />;
}
