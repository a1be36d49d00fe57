import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { PortalHomeView } from '~/components/PortalHomeView';
import { PortalSignInView } from '~/components/PortalSignInView';
import { portalPage } from '~/server/portal_page';

export const dynamic = 'force-dynamic';

type Params = { params: Promise<{ slug: string }> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const page = await portalPage((await params).slug);
  return { title: page ? page.brand.name : 'RRNet' };
}

/** /portal/{isp-slug}: the subscriber's sign-in, or their home once signed in. */
export default async function PortalPage({ params }: Params) {
  const page = await portalPage((await params).slug);
  if (!page) notFound();
  return page.scope ? <PortalHomeView brand={page.brand} /> : <PortalSignInView brand={page.brand} />;
}
