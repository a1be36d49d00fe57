import { InvoicePrintView } from '~/components/InvoicePrintView';
import { tenantLogoUrl } from '~/lib/tenant_logo';
import { requireSessionUser } from '~/server/web_session';

export default async function InvoicePrintPage({ params }: { params: Promise<{ id: string }> }) {
  await requireSessionUser();
  const { id } = await params;
  return <InvoicePrintView key={id} id={id} logoUrl={await tenantLogoUrl()} />;
}
