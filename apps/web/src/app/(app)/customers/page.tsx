import { CustomersView } from '~/components/CustomersView';
import { OperatorPage } from '~/components/OperatorPage';

export default function CustomersPage() {
  return (
    <OperatorPage
      permission="customers.customers.read"
      title="customers.title"
      subtitle="customers.subtitle"
      links={[
        { href: '/customers/import', label: 'customers.import_link', permission: 'customers.customers.manage' },
        { href: '/customers/new', label: 'customers.new_link', permission: 'customers.customers.manage', primary: true },
      ]}
    >
      <CustomersView />
    </OperatorPage>
  );
}
