/**
 * Key rotation (the key_rotation job): for every ISP, or the ones named —
 *   1. with `rotateDataKeys`, a new data key under the KMS's current KEK becomes active and
 *      the old one 'retiring' (it keeps decrypting);
 *   2. every live data key not wrapped under the current KEK version is rewrapped by the KMS
 *      (Vault `rewrap`, AWS `ReEncrypt`): the data key itself never changes there;
 *   3. every stored secret — each `*_enc` column of the tenant tables, found in the catalog,
 *      so a new one is covered without touching this — not under the active data key is
 *      re-encrypted, in committed batches through withTenant (the audit trail records each
 *      batch; values show as [redacted]); national ids still in plain text are encrypted;
 *   4. once no value names a retiring key and `graceMs` has passed since the new key became
 *      active (processes cache the active key id for ACTIVE_KEY_CACHE_MS), the retiring keys
 *      are destroyed (wrapped key removed, 'retired'). Before that the report says when to
 *      run again (`retryAt`), and the job schedules itself.
 * Each step is idempotent: a retried or repeated run finishes what an earlier one began.
 */
import { ACTIVE_KEY_CACHE_MS } from '@rrnet/crypto';
import type { EnvelopeKeyProvider, SecretBox } from '@rrnet/crypto';
import { dataKeyNumber, withTenant } from '@rrnet/db';
import type { Sql, TenantTx } from '@rrnet/db';

export interface RotationOptions {
  appSql: Sql;
  systemSql: Sql;
  keys: EnvelopeKeyProvider;
  secretBox: SecretBox;
  rotateDataKeys: boolean;
  tenantIds?: string[];
  batchSize?: number;
  graceMs?: number;
  now?: () => Date;
}

export interface TenantRotation {
  tenant_id: string;
  active_key: string;
  data_key_created: boolean;
  rewrapped: number;
  reencrypted: Record<string, number>;
  national_ids_encrypted: number;
  retired: string[];
  /** retiring keys still waiting for the grace period */
  waiting: string[];
}

export interface RotationReport {
  kek_version: string;
  tenants: TenantRotation[];
  /** when a later run can retire what is still waiting; null: nothing waits */
  retry_at: Date | null;
}

export interface EncryptedColumn {
  table: string;
  column: string;
}

/** Every `*_enc` column of a tenant table: the SecretBox values a rotation re-encrypts. */
export async function encryptedColumns(tx: TenantTx): Promise<EncryptedColumn[]> {
  return tx.sql<EncryptedColumn[]>`
    SELECT c.relname AS table, a.attname AS column
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_attribute a ON a.attrelid = c.oid
    WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname LIKE 'tenant\\_%'
      AND a.attname LIKE '%\\_enc' AND a.attnum > 0 AND NOT a.attisdropped
    ORDER BY 1, 2`;
}

interface KeyRow {
  id: string | number;
  wrapped_key: string;
  kek_version: string;
  status: 'active' | 'retiring';
  activated_at: Date | string;
}

const liveKeys = (systemSql: Sql, tenantId: string) =>
  systemSql<KeyRow[]>`SELECT id, wrapped_key, kek_version, status, activated_at FROM sys_data_keys WHERE tenant_id = ${tenantId} AND status <> 'retired' ORDER BY id`;

const audit = (tx: TenantTx, action: string, details: Record<string, unknown>) =>
  tx.sql`SELECT sys_audit_event('admin', ${action}, ${JSON.stringify(details)}::text::jsonb)`;

/** Re-encrypt one column's values not under `activeId`, batch by batch; returns how many. */
async function reencryptColumn(opts: RotationOptions, tenantId: string, activeId: string, col: EncryptedColumn): Promise<number> {
  const batchSize = opts.batchSize ?? 200;
  let total = 0;
  for (;;) {
    const done = await withTenant(opts.appSql, { tenantId }, async (tx) => {
      const rows = await tx.sql<{ ref: string; value: string }[]>`
        SELECT ctid::text AS ref, ${tx.sql(col.column)} AS value FROM ${tx.sql(col.table)}
        WHERE ${tx.sql(col.column)} IS NOT NULL AND split_part(${tx.sql(col.column)}, ':', 1) <> ${activeId}
        LIMIT ${batchSize} FOR UPDATE`;
      if (rows.length === 0) return 0;
      const values: string[] = [];
      for (const row of rows) values.push(await opts.secretBox.encrypt(await opts.secretBox.decrypt(row.value), tenantId));
      await tx.sql`
        UPDATE ${tx.sql(col.table)} AS t SET ${tx.sql(col.column)} = v.value
        FROM (SELECT unnest(${rows.map((r) => r.ref)}::text[])::tid AS ref, unnest(${values}::text[]) AS value) AS v
        WHERE t.ctid = v.ref`;
      return rows.length;
    });
    total += done;
    if (done === 0) return total;
  }
}

/** National ids written before encryption at rest: into national_id_enc, the plain column emptied. */
async function encryptNationalIds(opts: RotationOptions, tenantId: string): Promise<number> {
  const batchSize = opts.batchSize ?? 200;
  let total = 0;
  for (;;) {
    const done = await withTenant(opts.appSql, { tenantId }, async (tx) => {
      const rows = await tx.sql<{ id: string; national_id: string }[]>`
        SELECT id, national_id FROM tenant_customers WHERE national_id IS NOT NULL LIMIT ${batchSize} FOR UPDATE`;
      if (rows.length === 0) return 0;
      const values: string[] = [];
      for (const row of rows) values.push(await opts.secretBox.encrypt(row.national_id, tenantId));
      await tx.sql`
        UPDATE tenant_customers AS t SET national_id_enc = v.value, national_id = NULL
        FROM (SELECT unnest(${rows.map((r) => r.id)}::uuid[]) AS id, unnest(${values}::text[]) AS value) AS v
        WHERE t.id = v.id`;
      return rows.length;
    });
    total += done;
    if (done === 0) return total;
  }
}

async function countUnder(opts: RotationOptions, tenantId: string, keyIds: string[], columns: EncryptedColumn[]): Promise<number> {
  if (keyIds.length === 0) return 0;
  return withTenant(opts.appSql, { tenantId }, async (tx) => {
    let n = 0;
    for (const col of columns) {
      const [row] = await tx.sql<{ n: number }[]>`SELECT count(*)::int AS n FROM ${tx.sql(col.table)} WHERE split_part(${tx.sql(col.column)}, ':', 1) = ANY(${keyIds}::text[])`;
      n += row!.n;
    }
    return n;
  });
}

export async function rotateKeys(opts: RotationOptions): Promise<RotationReport> {
  const now = opts.now ?? (() => new Date());
  const graceMs = opts.graceMs ?? 2 * ACTIVE_KEY_CACHE_MS;
  const kms = opts.keys.kms;
  const kekVersion = await kms.currentKekVersion();
  const tenantIds = opts.tenantIds ?? (await opts.systemSql<{ id: string }[]>`SELECT id FROM saas_tenants ORDER BY id`).map((r) => r.id);
  const report: RotationReport = { kek_version: kekVersion, tenants: [], retry_at: null };

  for (const tenantId of tenantIds) {
    const t: TenantRotation = { tenant_id: tenantId, active_key: '', data_key_created: false, rewrapped: 0, reencrypted: {}, national_ids_encrypted: 0, retired: [], waiting: [] };

    // 1. a new active data key (the old one retiring, still decrypting)
    if (opts.rotateDataKeys) {
      const fresh = await kms.generateDataKey(tenantId);
      await opts.systemSql.begin(async (sql) => {
        await sql`UPDATE sys_data_keys SET status = 'retiring' WHERE tenant_id = ${tenantId} AND status = 'active'`;
        await sql`INSERT INTO sys_data_keys (tenant_id, wrapped_key, kms, kek_version) VALUES (${tenantId}, ${fresh.wrapped}, ${kms.kind}, ${fresh.kekVersion})`;
      });
      t.data_key_created = true;
    }
    opts.keys.clearCache();

    // 2. every live data key under the current KEK version
    for (const key of await liveKeys(opts.systemSql, tenantId)) {
      if (key.kek_version === kekVersion) continue;
      const re = await kms.rewrap(key.wrapped_key, tenantId);
      await opts.systemSql`UPDATE sys_data_keys SET wrapped_key = ${re.wrapped}, kek_version = ${re.kekVersion}, rewrapped_at = now() WHERE id = ${key.id} AND status <> 'retired'`;
      t.rewrapped += 1;
    }

    // 3. every secret under the active data key (a tenant without one gets it here)
    t.active_key = (await opts.keys.currentKey(tenantId)).id;
    const columns = await withTenant(opts.appSql, { tenantId }, encryptedColumns);
    const reencryptAll = async () => {
      t.national_ids_encrypted += await encryptNationalIds(opts, tenantId);
      for (const col of columns) {
        const n = await reencryptColumn(opts, tenantId, t.active_key, col);
        t.reencrypted[`${col.table}.${col.column}`] = (t.reencrypted[`${col.table}.${col.column}`] ?? 0) + n;
      }
    };
    await reencryptAll();

    // 4. retire the retiring keys once nothing names them and no process can still pick them
    const keys = await liveKeys(opts.systemSql, tenantId);
    const active = keys.find((k) => k.status === 'active');
    const retiring = keys.filter((k) => k.status === 'retiring').map((k) => `dk_${k.id}`);
    if (retiring.length > 0 && active) {
      const safeAt = new Date(new Date(active.activated_at).getTime() + graceMs);
      if (now() < safeAt) {
        t.waiting = retiring;
        report.retry_at = !report.retry_at || safeAt > report.retry_at ? safeAt : report.retry_at;
      } else {
        // a process that still held the old id during the grace period may have written under it
        await reencryptAll();
        if ((await countUnder(opts, tenantId, retiring, columns)) === 0) {
          await opts.systemSql`UPDATE sys_data_keys SET status = 'retired', wrapped_key = NULL, retired_at = now() WHERE id = ANY(${retiring.map(dataKeyNumber)}::bigint[]) AND status = 'retiring'`;
          t.retired = retiring;
        } else {
          t.waiting = retiring;
          report.retry_at = now();
        }
      }
    }
    opts.keys.clearCache();

    await withTenant(opts.appSql, { tenantId }, (tx) =>
      audit(tx, 'keys.rotated', {
        kek_version: kekVersion,
        active_key: t.active_key,
        data_key_created: t.data_key_created,
        rewrapped: t.rewrapped,
        reencrypted: Object.values(t.reencrypted).reduce((a, b) => a + b, 0),
        national_ids_encrypted: t.national_ids_encrypted,
        retired: t.retired,
        waiting: t.waiting,
      }),
    );
    report.tenants.push(t);
  }
  return report;
}

/** Values of a tenant not under its active data key (0 after a finished rotation). */
export async function secretsNotUnder(appSql: Sql, tenantId: string, activeId: string): Promise<{ column: string; key: string; n: number }[]> {
  return withTenant(appSql, { tenantId }, async (tx) => {
    const out: { column: string; key: string; n: number }[] = [];
    for (const col of await encryptedColumns(tx)) {
      const rows = await tx.sql<{ key: string; n: number }[]>`
        SELECT split_part(${tx.sql(col.column)}, ':', 1) AS key, count(*)::int AS n FROM ${tx.sql(col.table)}
        WHERE ${tx.sql(col.column)} IS NOT NULL GROUP BY 1`;
      for (const r of rows) if (r.key !== activeId) out.push({ column: `${col.table}.${col.column}`, key: r.key, n: r.n });
    }
    return out;
  });
}
