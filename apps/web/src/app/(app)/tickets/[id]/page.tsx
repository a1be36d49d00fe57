import { TicketDetailView } from '~/components/TicketDetailView';
import { requireSessionUser } from '~/server/web_session';

export default async function TicketPage({ params }: { params: Promise<{ id: string }> }) {
  await requireSessionUser();
  const { id } = await params;
  return <TicketDetailView key={id} id={id} />;
}
