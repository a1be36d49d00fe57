import { TicketsView } from '~/components/TicketsView';
import { requireSessionUser } from '~/server/web_session';

export default async function TicketsPage() {
  await requireSessionUser();
  return <TicketsView />;
}
