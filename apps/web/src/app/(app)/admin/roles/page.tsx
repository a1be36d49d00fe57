import { RolesView } from '~/components/RolesView';
import { requireSessionUser } from '~/server/web_session';

export default async function RolesPage() {
  await requireSessionUser();
  return <RolesView />;
}
