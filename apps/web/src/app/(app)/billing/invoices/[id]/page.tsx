import { InvoiceDetailView } from '~/components/InvoiceDetailView';
import { tenantFeatures } from '~/lib/tenant_features';
import { requireSessionUser } from '~/server/web_session';

export default async function InvoiceDetailPage({ params }: { params: Promise<{ id: string }> }) {
  await requireSessionUser();
  const [{ id }, features] = await Promise.all([params, tenantFeatures()]);
  return <InvoiceDetailView key={id} id={id} features={features} />;
}
