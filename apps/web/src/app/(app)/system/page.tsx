import { SystemStatusView } from '~/components/SystemStatusView';

export default function SystemStatusPage() {
  return <SystemStatusView />;
}
