import { ApiKeysView } from '~/components/ApiKeysView';
import { OperatorPage } from '~/components/OperatorPage';

export default function ApiKeysPage() {
  return (
    <OperatorPage permission="admin.api_keys.read" title="api_keys.title" subtitle="api_keys.subtitle">
      <ApiKeysView />
    </OperatorPage>
  );
}
