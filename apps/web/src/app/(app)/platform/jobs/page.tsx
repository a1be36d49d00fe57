import { PlatformJobsView } from '~/components/PlatformJobsView';
import { OperatorPage } from '~/components/OperatorPage';

export default function PlatformJobsPage() {
  return (
    <OperatorPage permission="platform.jobs.manage" title="jobs.title" subtitle="jobs.subtitle">
      <PlatformJobsView />
    </OperatorPage>
  );
}
