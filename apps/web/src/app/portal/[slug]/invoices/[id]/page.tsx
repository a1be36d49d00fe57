import { notFound, redirect } from 'next/navigation';
import { AppError } from '@rrnet/contracts';
import { myInvoice } from '@rrnet/core/portal/portal';
import { PortalInvoicePrintView } from '~/components/PortalInvoicePrintView';
import { portalPage } from '~/server/portal_page';

export const dynamic = 'force-dynamic';

/** A subscriber's invoice, printable; another customer's id is not found (the customer scope). */
export default async function PortalInvoicePage({ params }: { params: Promise<{ slug: string; id: string }> }) {
  const { slug, id } = await params;
  const page = await portalPage(slug);
  if (!page) notFound();
  if (!page.scope) redirect(`/portal/${slug}`);
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) notFound();
  const invoice = await myInvoice(page.scope, id).catch((err: unknown) => {
    if (err instanceof AppError && err.code === 'NOT_FOUND') return null;
    throw err;
  });
  if (!invoice) notFound();
  return <PortalInvoicePrintView slug={slug} invoice={invoice} brand={page.brand} />;
}
