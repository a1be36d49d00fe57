import { CustomerDetailView } from '~/components/CustomerDetailView';
import { requireSessionUser } from '~/server/web_session';

export default async function CustomerDetailPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requireSessionUser();
  const [{ id }, query] = await Promise.all([params, searchParams]);
  // ?created=1: arrived from "new customer"; the page says so once
  return <CustomerDetailView key={id} id={id} created={query.created === '1'} />;
}
