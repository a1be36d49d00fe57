/** cleanup_jobs (low, hourly): expired idempotency keys (24 h) and report exports (their retention) per tenant, long-dead sessions, stale sign-ups. */
import { purgeExpiredExports } from '@rrnet/core/reports/exports';
import { purgeStaleSignups } from '@rrnet/core/saas/signup';
import { withTenant } from '@rrnet/db';
import type { JobHandler } from '@rrnet/jobs';

export const cleanupJobs: JobHandler<'cleanup_jobs'> = async ({ systemSql, appSql, logger }) => {
  const tenants = await systemSql<{ id: string }[]>`SELECT tenant_id AS id FROM tenant_idempotency_keys GROUP BY 1`;
  let keys = 0;
  for (const t of tenants) {
    const deleted = await withTenant(appSql, { tenantId: t.id }, ({ sql }) =>
      sql`DELETE FROM tenant_idempotency_keys WHERE created_at < now() - interval '24 hours'`,
    );
    keys += deleted.count;
  }
  const withExpired = await systemSql<{ id: string }[]>`SELECT tenant_id AS id FROM tenant_reports WHERE expires_at <= now() GROUP BY 1`;
  let exports = 0;
  for (const t of withExpired) exports += await withTenant(appSql, { tenantId: t.id }, (tx) => purgeExpiredExports(tx));
  const sessions = await systemSql`
    DELETE FROM sys_sessions WHERE (revoked_at IS NOT NULL OR expires_at < now()) AND coalesce(revoked_at, expires_at) < now() - interval '30 days'`;
  const signups = await purgeStaleSignups(systemSql);
  logger.info({ idempotency_keys: keys, report_exports: exports, sessions: sessions.count, signups }, 'cleanup done');
};
