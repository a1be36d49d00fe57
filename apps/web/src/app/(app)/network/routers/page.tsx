import { RoutersView } from '~/components/RoutersView';
import { requireSessionUser } from '~/server/web_session';

export default async function RoutersPage() {
  await requireSessionUser();
  return <RoutersView />;
}
