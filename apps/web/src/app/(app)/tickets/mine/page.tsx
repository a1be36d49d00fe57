import { TicketsView } from '~/components/TicketsView';
import { requireSessionUser } from '~/server/web_session';

export default async function MyTicketsPage() {
  await requireSessionUser();
  return <TicketsView mine />;
}
