import { PlatformMetricsView } from '~/components/PlatformMetricsView';
import { OperatorPage } from '~/components/OperatorPage';

export default function PlatformMetricsPage() {
  return (
    <OperatorPage permission="platform.jobs.manage" title="metrics.title" subtitle="metrics.description">
      <PlatformMetricsView />
    </OperatorPage>
  );
}
