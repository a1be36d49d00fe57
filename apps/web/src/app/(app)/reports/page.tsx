import { ReportsView } from '~/components/ReportsView';
import { OperatorPage } from '~/components/OperatorPage';

export default function ReportsPage() {
  return (
    <OperatorPage permission="reports.reports.read" title="reports.title" subtitle="reports.subtitle">
      <ReportsView />
    </OperatorPage>
  );
}
