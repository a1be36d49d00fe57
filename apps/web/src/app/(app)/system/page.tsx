import { OperatorPage } from '~/components/OperatorPage';
import { SystemStatus } from '~/components/SystemStatus';

export default function SystemStatusPage() {
  return (
    <OperatorPage title="status.title">
      <SystemStatus />
    </OperatorPage>
  );
}
