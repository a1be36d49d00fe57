import { UsersView } from '~/components/UsersView';
import { requireSessionUser } from '~/server/web_session';

export default async function UsersPage() {
  await requireSessionUser();
  return <UsersView />;
}
