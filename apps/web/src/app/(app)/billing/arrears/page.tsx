import { ArrearsView } from '~/components/ArrearsView';
import { OperatorPage } from '~/components/OperatorPage';

export default function ArrearsPage() {
  return (
    <OperatorPage permission="billing.invoices.read" title="arrears.title" subtitle="arrears.subtitle">
      <ArrearsView />
    </OperatorPage>
  );
}
