import { OperatorPage } from '~/components/OperatorPage';
import { SubscriptionPlanCard } from '~/components/SubscriptionPlanCard';
import { SubscriptionView } from '~/components/SubscriptionView';

/** `?invoice=…&transaction_status=…`: back from Midtrans's payment page (Snap's finish redirect). */
export default async function SubscriptionPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const query = await searchParams;
  const one = (v: string | string[] | undefined) => (typeof v === 'string' ? v : null);
  const status = one(query.transaction_status);
  return (
    <OperatorPage permission="admin.subscription.read" title="saas.subscription_title" subtitle="saas.subscription_subtitle">
      <SubscriptionPlanCard />
      <SubscriptionView back={{ invoiceId: one(query.invoice), settled: status === 'settlement' || status === 'capture' }} />
    </OperatorPage>
  );
}
