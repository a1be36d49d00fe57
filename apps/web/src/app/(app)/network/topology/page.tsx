import { TopologyView } from '~/components/TopologyView';
import { OperatorPage } from '~/components/OperatorPage';

export default function TopologyPage() {
  return (
    <OperatorPage permission="network.topology.read" title="topology.title" subtitle="topology.subtitle">
      <TopologyView />
    </OperatorPage>
  );
}
