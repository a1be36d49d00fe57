import { RouterDetailView } from '~/components/RouterDetailView';
import { requireSessionUser } from '~/server/web_session';

export default async function RouterDetailPage({ params }: { params: Promise<{ id: string }> }) {
  await requireSessionUser();
  const { id } = await params;
  return <RouterDetailView id={id} />;
}
