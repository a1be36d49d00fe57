import { CustomerImportView, CustomerImportWizard } from '~/components/CustomerImportView';
import { OperatorPage } from '~/components/OperatorPage';

export default function CustomerImportPage() {
  return (
    <OperatorPage permission="customers.customers.read" title="import.title" subtitle="import.subtitle" back={{ href: '/customers', label: 'customers.title' }}>
      {(can) => (
        <>
          {can('customers.customers.manage') && <CustomerImportWizard />}
          <CustomerImportView />
        </>
      )}
    </OperatorPage>
  );
}
