import { RolesView } from '~/components/RolesView';
import { OperatorPage } from '~/components/OperatorPage';

export default function RolesPage() {
  return (
    <OperatorPage permission="admin.users.read" title="users.custom_roles.title" subtitle="users.custom_roles.subtitle">
      <RolesView />
    </OperatorPage>
  );
}
