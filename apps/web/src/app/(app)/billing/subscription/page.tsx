import { SubscriptionView } from '~/components/SubscriptionView';
import { requireSessionUser } from '~/server/web_session';

export default async function SubscriptionPage() {
  await requireSessionUser();
  return <SubscriptionView />;
}
