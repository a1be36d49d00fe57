import { z } from 'zod';
import { NotificationsView } from '~/components/NotificationsView';
import { requireSessionUser } from '~/server/web_session';

export default async function NotificationsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireSessionUser();
  // ?customer_id=…: one customer's messages (from a customer page)
  const { customer_id: customerId } = await searchParams;
  const customer = z.uuid().safeParse(customerId).success ? (customerId as string) : null;
  return <NotificationsView key={customer ?? 'all'} customerId={customer} />;
}
