import { UsersView } from '~/components/UsersView';
import { OperatorPage } from '~/components/OperatorPage';

export default function UsersPage() {
  return (
    <OperatorPage permission="admin.users.read" title="users.title" subtitle="users.subtitle">
      <UsersView />
    </OperatorPage>
  );
}
