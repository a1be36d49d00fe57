import { OperatorPage } from '~/components/OperatorPage';
import { NotificationMessageView } from '~/components/NotificationMessageView';

export default async function NotificationMessagePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return (
    <OperatorPage permission="notifications.messages.read" title="notifications.detail.title" back={{ href: '/notifications', label: 'notifications.detail.back' }}>
      <NotificationMessageView key={id} id={id} />
    </OperatorPage>
  );
}
