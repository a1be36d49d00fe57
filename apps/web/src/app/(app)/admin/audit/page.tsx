import { AuditLogView } from '~/components/AuditLogView';
import { OperatorPage } from '~/components/OperatorPage';
import { SupportAccessCard } from '~/components/SupportAccessCard';

export default function AuditPage() {
  return (
    <OperatorPage permission="admin.audit.read" title="audit.title" subtitle="audit.subtitle">
      {(can) => (
        <>
          {can('admin.support.manage') && <SupportAccessCard />}
          <AuditLogView />
        </>
      )}
    </OperatorPage>
  );
}
