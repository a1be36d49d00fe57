import { ArrearsView } from '~/components/ArrearsView';
import { requireSessionUser } from '~/server/web_session';

export default async function ArrearsPage() {
  await requireSessionUser();
  return <ArrearsView />;
}
