import { CustomersView } from '~/components/CustomersView';
import { requireSessionUser } from '~/server/web_session';

export default async function CustomersPage() {
  await requireSessionUser();
  return <CustomersView />;
}
