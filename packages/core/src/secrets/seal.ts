/**
 * Encrypting a secret inside a tenant transaction: the SecretBox needs the ISP whose data
 * key encrypts, which the transaction knows (app.tenant_id); read once per transaction.
 */
import type { SecretBox } from '@rrnet/crypto';
import type { TenantTx } from '@rrnet/db';

const tenantOf = new WeakMap<TenantTx, Promise<string>>();

export function txTenantId(tx: TenantTx): Promise<string> {
  let tenant = tenantOf.get(tx);
  if (!tenant) {
    tenant = tx.sql<{ tenant_id: string | null }[]>`SELECT app_current_tenant()::text AS tenant_id`.then(([row]) => {
      if (!row?.tenant_id) throw new Error('sealSecret outside a tenant transaction');
      return row.tenant_id;
    });
    tenantOf.set(tx, tenant);
  }
  return tenant;
}

export async function sealSecret(tx: TenantTx, box: SecretBox, plaintext: string): Promise<string> {
  return box.encrypt(plaintext, await txTenantId(tx));
}
