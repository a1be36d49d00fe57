import { PaymentsView } from '~/components/PaymentsView';
import { requireSessionUser } from '~/server/web_session';

export default async function PaymentsPage() {
  await requireSessionUser();
  return <PaymentsView />;
}
