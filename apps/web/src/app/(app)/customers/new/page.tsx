import { CustomerCreateView } from '~/components/CustomerCreateView';
import { OperatorPage } from '~/components/OperatorPage';

export default function NewCustomerPage() {
  return (
    <OperatorPage permission="customers.customers.manage" title="customers.new.title" subtitle="customers.new.subtitle" back={{ href: '/customers', label: 'customers.title' }}>
      <CustomerCreateView />
    </OperatorPage>
  );
}
