/** audit_maintenance (low, daily): audit partitions three months ahead; every hash chain verified. */
import { ensureAuditPartitions, verifyAuditChains } from '@rrnet/db';
import type { JobHandler } from '@rrnet/jobs';

export const auditMaintenance: JobHandler<'audit_maintenance'> = async ({ systemSql, logger }) => {
  const created = await ensureAuditPartitions(systemSql, 3);
  const chains = await verifyAuditChains(systemSql);
  const broken = chains.filter((c) => !c.ok);
  for (const c of broken) {
    logger.error({ alert: 'audit_chain_broken', chain_id: c.chain_id, first_broken_id: c.first_broken_id, reason: c.reason }, 'ALERT: audit chain broken');
  }
  logger.info({ partitions_created: created, chains: chains.length, broken: broken.length }, 'audit maintenance done');
  if (broken.length > 0) throw new Error(`${broken.length} audit chain(s) broken`);
};
