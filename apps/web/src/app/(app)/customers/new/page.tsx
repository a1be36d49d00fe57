import { CustomerCreateView } from '~/components/CustomerCreateView';
import { requireSessionUser } from '~/server/web_session';

export default async function NewCustomerPage() {
  await requireSessionUser();
  return <CustomerCreateView />;
}
