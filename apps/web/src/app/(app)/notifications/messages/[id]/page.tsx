import { NotificationMessageView } from '~/components/NotificationMessageView';
import { requireSessionUser } from '~/server/web_session';

export default async function NotificationMessagePage({ params }: { params: Promise<{ id: string }> }) {
  await requireSessionUser();
  const { id } = await params;
  return <NotificationMessageView key={id} id={id} />;
}
