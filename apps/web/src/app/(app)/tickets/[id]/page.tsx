import { OperatorPage } from '~/components/OperatorPage';
import { TicketDetailView } from '~/components/TicketDetailView';

export default async function TicketPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <OperatorPage permission="tickets.tickets.read" title="tickets.detail.overview" back={{ href: '/tickets', label: 'tickets.detail.back' }}>
      <TicketDetailView key={id} id={id} />
    </OperatorPage>
  );
}
