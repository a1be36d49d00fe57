import { OutagesView } from '~/components/OutagesView';
import { requireSessionUser } from '~/server/web_session';

export default async function OutagesPage() {
  await requireSessionUser();
  return <OutagesView />;
}
