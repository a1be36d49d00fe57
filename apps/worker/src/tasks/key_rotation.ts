/**
 * key_rotation (normal, on demand: `pnpm --filter @rrnet/worker rotate-keys` or the
 * runbook's SQL): new data keys, rewrapped under the current KEK, every stored secret
 * re-encrypted, old keys retired — @rrnet/core/secrets/key_rotation. While retiring keys
 * wait out the grace period, the job schedules itself (without new data keys) for then.
 */
import { rotateKeys } from '@rrnet/core/secrets/key_rotation';
import { enqueue } from '@rrnet/jobs';
import type { JobHandler } from '@rrnet/jobs';
import type { WorkerServices } from '../services';

export const keyRotation =
  (services: WorkerServices): JobHandler<'key_rotation'> =>
  async ({ data, appSql, systemSql, logger }) => {
    if (!services.keys) throw new Error('key_rotation needs the envelope key provider');
    const report = await rotateKeys({
      appSql,
      systemSql,
      keys: services.keys,
      secretBox: services.network.secretBox,
      rotateDataKeys: data.rotate_data_keys,
      ...(data.tenant_ids ? { tenantIds: data.tenant_ids } : {}),
    });
    const reencrypted = report.tenants.reduce((n, t) => n + Object.values(t.reencrypted).reduce((a, b) => a + b, 0), 0);
    logger.info(
      {
        kek_version: report.kek_version,
        tenants: report.tenants.length,
        data_keys_created: report.tenants.filter((t) => t.data_key_created).length,
        rewrapped: report.tenants.reduce((n, t) => n + t.rewrapped, 0),
        reencrypted,
        national_ids_encrypted: report.tenants.reduce((n, t) => n + t.national_ids_encrypted, 0),
        retired: report.tenants.flatMap((t) => t.retired),
        waiting: report.tenants.flatMap((t) => t.waiting),
      },
      'key rotation pass done',
    );
    if (report.retry_at) {
      const waiting = report.tenants.filter((t) => t.waiting.length > 0).map((t) => t.tenant_id);
      await enqueue(systemSql as never, 'key_rotation', { rotate_data_keys: false, tenant_ids: waiting }, { tenantId: null, runAt: report.retry_at });
    }
  };
