import { IsolirView } from '~/components/IsolirView';
import { OperatorPage } from '~/components/OperatorPage';

export default function IsolirPage() {
  return (
    <OperatorPage permission="isolir.history.read" title="isolir.title" subtitle="isolir.subtitle">
      <IsolirView />
    </OperatorPage>
  );
}
