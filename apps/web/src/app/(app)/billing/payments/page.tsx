import { PaymentsView } from '~/components/PaymentsView';
import { OperatorPage } from '~/components/OperatorPage';

export default function PaymentsPage() {
  return (
    <OperatorPage permission="billing.payments.read" title="payments.title" subtitle="payments.subtitle">
      <PaymentsView />
    </OperatorPage>
  );
}
