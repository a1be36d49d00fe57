import { OperatorPage } from '~/components/OperatorPage';
import { OutageDetailView } from '~/components/OutageDetailView';

export default async function OutagePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <OperatorPage permission="outages.outages.read" title="outages.detail.title" back={{ href: '/outages', label: 'outages.detail.back' }}>
      <OutageDetailView key={id} id={id} />
    </OperatorPage>
  );
}
