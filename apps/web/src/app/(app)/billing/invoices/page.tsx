import { InvoicesView } from '~/components/InvoicesView';
import { requireSessionUser } from '~/server/web_session';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function InvoicesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireSessionUser();
  // ?customer_id=…: one customer's invoices (from the arrears list or a customer page)
  const { customer_id: customerId } = await searchParams;
  const customer = typeof customerId === 'string' && UUID.test(customerId) ? customerId : null;
  return <InvoicesView key={customer ?? 'all'} customerId={customer} />;
}
