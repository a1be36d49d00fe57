import { DeadLettersView } from '~/components/DeadLettersView';
import { OperatorPage } from '~/components/OperatorPage';

export default function DeadLettersPage() {
  return (
    <OperatorPage permission="platform.jobs.manage" title="dead_letters.title" subtitle="dead_letters.subtitle">
      <DeadLettersView />
    </OperatorPage>
  );
}
