/**
 * sys_data_keys through the system role: the `DataKeyStore` of envelope encryption
 * (@rrnet/crypto's EnvelopeKeyProvider) and the queries of the key_rotation job.
 */
import type { DataKeyRecord, DataKeyStore } from '@rrnet/crypto';
import type { Sql } from './client';

interface Row {
  id: string | number;
  tenant_id: string;
  wrapped_key: string | null;
  kek_version: string;
  status: DataKeyRecord['status'];
}

const toRecord = (r: Row): DataKeyRecord => ({ id: `dk_${r.id}`, tenantId: r.tenant_id, wrapped: r.wrapped_key ?? '', kekVersion: r.kek_version, status: r.status });

export const dataKeyNumber = (id: string): number => Number(id.slice(3));

export function createDataKeyStore(systemSql: Sql, kms: 'local' | 'vault' | 'aws'): DataKeyStore {
  return {
    async active(tenantId) {
      const [row] = await systemSql<Row[]>`SELECT id, tenant_id, wrapped_key, kek_version, status FROM sys_data_keys WHERE tenant_id = ${tenantId} AND status = 'active'`;
      return row ? toRecord(row) : null;
    },
    async byId(id) {
      const [row] = await systemSql<Row[]>`SELECT id, tenant_id, wrapped_key, kek_version, status FROM sys_data_keys WHERE id = ${dataKeyNumber(id)}`;
      return row ? toRecord(row) : null;
    },
    async createActive(tenantId, wrapped, kekVersion) {
      // the partial unique index admits one active key per tenant: a concurrent first
      // secret of the same tenant in another process loses here and uses the winner's key
      await systemSql`INSERT INTO sys_data_keys (tenant_id, wrapped_key, kms, kek_version) VALUES (${tenantId}, ${wrapped}, ${kms}, ${kekVersion}) ON CONFLICT (tenant_id) WHERE status = 'active' DO NOTHING`;
      const [row] = await systemSql<Row[]>`SELECT id, tenant_id, wrapped_key, kek_version, status FROM sys_data_keys WHERE tenant_id = ${tenantId} AND status = 'active'`;
      if (!row) throw new Error(`no active data key for tenant ${tenantId} after creating one`);
      return toRecord(row);
    },
  };
}
