import { IsolirView } from '~/components/IsolirView';
import { requireSessionUser } from '~/server/web_session';

export default async function IsolirPage() {
  await requireSessionUser();
  return <IsolirView />;
}
