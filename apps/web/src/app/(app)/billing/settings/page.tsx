import { BillingSettingsView } from '~/components/BillingSettingsView';
import { requireSessionUser } from '~/server/web_session';

export default async function BillingSettingsPage() {
  await requireSessionUser();
  return <BillingSettingsView />;
}
