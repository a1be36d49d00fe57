import { ApiKeysView } from '~/components/ApiKeysView';
import { requireSessionUser } from '~/server/web_session';

export default async function ApiKeysPage() {
  await requireSessionUser();
  return <ApiKeysView />;
}
