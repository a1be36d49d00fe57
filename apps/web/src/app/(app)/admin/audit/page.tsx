import { AuditLogView } from '~/components/AuditLogView';
import { requireSessionUser } from '~/server/web_session';

export default async function AuditPage() {
  await requireSessionUser();
  return <AuditLogView />;
}
