import { SubscriptionView } from '~/components/SubscriptionView';
import { requireSessionUser } from '~/server/web_session';

/** `?invoice=…&transaction_status=…`: back from Midtrans's payment page (Snap's finish redirect). */
export default async function SubscriptionPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireSessionUser();
  const query = await searchParams;
  const one = (v: string | string[] | undefined) => (typeof v === 'string' ? v : null);
  const status = one(query.transaction_status);
  return <SubscriptionView returned={{ invoiceId: one(query.invoice), settled: status === 'settlement' || status === 'capture' }} />;
}
