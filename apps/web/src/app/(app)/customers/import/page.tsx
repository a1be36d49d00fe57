import { CustomerImportView } from '~/components/CustomerImportView';
import { requireSessionUser } from '~/server/web_session';

export default async function CustomerImportPage() {
  await requireSessionUser();
  return <CustomerImportView />;
}
