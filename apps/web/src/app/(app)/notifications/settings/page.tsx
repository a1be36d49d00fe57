import { NotificationSettingsView } from '~/components/NotificationSettingsView';
import { OperatorPage } from '~/components/OperatorPage';

export default function NotificationSettingsPage() {
  return (
    <OperatorPage
      permission="admin.settings.read"
      title="notifications.settings.title"
      subtitle="notifications.settings.subtitle"
      links={[{ href: '/notifications', label: 'nav.wa_messages' }]}
    >
      <NotificationSettingsView />
    </OperatorPage>
  );
}
