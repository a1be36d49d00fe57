import { OutageDetailView } from '~/components/OutageDetailView';
import { requireSessionUser } from '~/server/web_session';

export default async function OutagePage({ params }: { params: Promise<{ id: string }> }) {
  await requireSessionUser();
  const { id } = await params;
  return <OutageDetailView key={id} id={id} />;
}
