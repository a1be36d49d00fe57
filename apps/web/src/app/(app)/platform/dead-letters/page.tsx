import { DeadLettersView } from '~/components/DeadLettersView';
import { requireSessionUser } from '~/server/web_session';

export default async function DeadLettersPage() {
  await requireSessionUser();
  return <DeadLettersView />;
}
