import { z } from 'zod';
import { NotificationsView } from '~/components/NotificationsView';
import { OperatorPage } from '~/components/OperatorPage';

export default async function NotificationsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  // ?customer_id=…: one customer's messages (from a customer page)
  const { customer_id: customerId } = await searchParams;
  const customer = z.uuid().safeParse(customerId).success ? (customerId as string) : null;
  return (
    <OperatorPage
      permission="notifications.messages.read"
      title="notifications.title"
      subtitle="notifications.subtitle"
      links={[
        { href: '/notifications/templates', label: 'nav.wa_templates' },
        { href: '/notifications/settings', label: 'nav.wa_settings', permission: 'admin.settings.read' },
      ]}
    >
      <NotificationsView key={customer ?? 'all'} customerId={customer} />
    </OperatorPage>
  );
}
