import { NotificationSettingsView } from '~/components/NotificationSettingsView';
import { requireSessionUser } from '~/server/web_session';

export default async function NotificationSettingsPage() {
  await requireSessionUser();
  return <NotificationSettingsView />;
}
