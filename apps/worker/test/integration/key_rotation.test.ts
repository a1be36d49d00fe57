/**
 * Key rotation over a seeded database, with Vault Transit (the simulator) holding the KEK:
 * the demo ISPs' secrets as the seed writes them (ENCRYPTION_KEYS, before envelope
 * encryption) plus national ids in plain text and secrets written through the envelope
 * provider; then the Transit key rotates and the key_rotation job runs in the worker's real
 * task list. While retiring keys wait out the grace period the old data keys still
 * decrypt; when the job finishes, every secret decrypts to what it was, none is left under
 * another key than its ISP's active data key, every data key is wrapped under the new KEK
 * version, the old data keys are destroyed, the audit trail has each ISP's rotation and
 * its hash chains verify.
 */
import { Logger as GraphileLogger } from 'graphile-worker';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProcessSecrets } from '@rrnet/core/secrets/key_provider';
import { secretsNotUnder } from '@rrnet/core/secrets/key_rotation';
import { setMidtransKey } from '@rrnet/core/billing/midtrans';
import type { NetworkServices } from '@rrnet/core/network/services';
import { ConfigKeyProvider, SecretBox, generateKeySpec } from '@rrnet/crypto';
import type { ProcessSecrets } from '@rrnet/core/secrets/key_provider';
import { createDatabase, verifyAuditChains, withTenant } from '@rrnet/db';
import { seedDemo } from '@rrnet/db/seed';
import { createTestDatabase } from '@rrnet/db/testing';
import type { TestDatabase } from '@rrnet/db/testing';
import { enqueue } from '@rrnet/jobs';
import { createLogger } from '@rrnet/logger';
import { RouterClientPool } from '@rrnet/routeros';
import { createVaultTransitSimulator } from '@rrnet/crypto/simulator';
import type { VaultSimulator } from '@rrnet/crypto/simulator';
import { graphileConnectionString } from '../../src/graphile_pool';
import { buildTaskList } from '../../src/task_list';
import { runOnceSettled } from '../../../../tests/graphile_jobs';
import { TEST_PG_URL } from '../../../../tests/services';

const TOKEN = 's.rotation-test-token';
const keySpec = generateKeySpec('k1');
let vault: VaultSimulator;
let db: TestDatabase;
let admin: postgres.Sql;
let app: ReturnType<typeof createDatabase>;
let system: ReturnType<typeof createDatabase>;
let secrets: ProcessSecrets;
let tenants: string[];
const lines: Record<string, unknown>[] = [];

/** Every SecretBox value of every tenant table, by tenant, column and row. */
async function allSecrets(): Promise<Map<string, string>> {
  const columns = await admin<{ table: string; column: string }[]>`
    SELECT table_name AS table, column_name AS column FROM information_schema.columns
    WHERE table_schema = 'public' AND table_name LIKE 'tenant\\_%' AND column_name LIKE '%\\_enc' ORDER BY 1, 2`;
  const out = new Map<string, string>();
  for (const { table, column } of columns) {
    const rows = await admin<{ ref: string; value: string }[]>`
      SELECT tenant_id::text || '/' || coalesce(to_jsonb(t) ->> 'id', '-') AS ref, ${admin(column)} AS value
      FROM ${admin(table)} t WHERE ${admin(column)} IS NOT NULL`;
    for (const r of rows) out.set(`${table}.${column}/${r.ref}`, r.value);
  }
  return out;
}

async function runJobs(): Promise<void> {
  const logger = createLogger({
    service: 'worker',
    level: 'info',
    destination: new (await import('node:stream')).Writable({
      write(chunk, _e, cb) {
        lines.push(JSON.parse(String(chunk)) as Record<string, unknown>);
        cb();
      },
    }),
  });
  await runOnceSettled({
    connectionString: graphileConnectionString(db.appUrl),
    concurrency: 1,
    noHandleSignals: true,
    logger: new GraphileLogger(() => () => {}),
    taskList: buildTaskList(
      { appSql: app.sql, systemSql: system.sql, logger },
      { network: { secretBox: secrets.secretBox, routers: new RouterClientPool(), logger } as unknown as NetworkServices, keys: secrets.keys },
    ),
  });
}

beforeAll(async () => {
  vault = await createVaultTransitSimulator({ tokens: [TOKEN], keys: ['rrnet'] });
  db = await createTestDatabase(TEST_PG_URL);
  // the seed writes as RRNet did before envelope encryption: keys straight from ENCRYPTION_KEYS
  const seed = await seedDemo({ appUrl: db.appUrl, systemUrl: db.systemUrl, secretBox: new SecretBox(new ConfigKeyProvider(keySpec)) });
  tenants = seed.tenants.map((t) => t.id);
  admin = postgres(db.adminUrl, { max: 1, onnotice: () => {} });
  app = createDatabase(db.appUrl, { max: 3 });
  system = createDatabase(db.systemUrl, { max: 2 });
  secrets = createProcessSecrets({ KMS_PROVIDER: 'vault', VAULT_ADDR: vault.url, VAULT_TOKEN: TOKEN, VAULT_TRANSIT_KEY: 'rrnet', ENCRYPTION_KEYS: keySpec }, system.sql);
  // national ids written before encryption at rest
  await admin`UPDATE tenant_customers SET national_id = lpad((abs(hashtext(id::text)) % 10000000000000000)::text, 16, '3'), national_id_enc = NULL WHERE code LIKE '%1' OR code LIKE '%5'`;
}, 120_000);

afterAll(async () => {
  await admin?.end();
  await app?.close();
  await system?.close();
  await db?.drop();
  await vault?.close();
});

describe('key rotation', () => {
  const plaintext = new Map<string, string>();
  const nationalIds = new Map<string, string>();
  let beforeRotation: Map<string, string>;
  let firstKeys: { id: string; tenant_id: string }[];

  it('new secrets go under a data key per ISP, wrapped by Vault; old values still open with ENCRYPTION_KEYS', async () => {
    for (const [i, tenantId] of tenants.entries()) {
      await withTenant(app.sql, { tenantId }, (tx) => setMidtransKey(tx, { secretBox: secrets.secretBox } as unknown as NetworkServices, { server_key: `SB-Mid-server-${i}`, production: false }));
    }
    firstKeys = await admin<{ id: string; tenant_id: string }[]>`SELECT id::text, tenant_id::text FROM sys_data_keys WHERE status = 'active' ORDER BY tenant_id`;
    expect(firstKeys.map((k) => k.tenant_id).sort()).toEqual([...tenants].sort());
    const wrapped = await admin<{ wrapped_key: string; kms: string; kek_version: string }[]>`SELECT wrapped_key, kms, kek_version FROM sys_data_keys`;
    for (const w of wrapped) expect(w).toMatchObject({ wrapped_key: expect.stringMatching(/^vault:v1:/), kms: 'vault', kek_version: 'v1' });

    beforeRotation = await allSecrets();
    const keyIds = new Set([...beforeRotation.values()].map((v) => v.slice(0, v.indexOf(':'))));
    expect(keyIds).toEqual(new Set(['k1', ...firstKeys.map((k) => `dk_${k.id}`)]));
    expect(beforeRotation.size).toBeGreaterThan(20);
    for (const [ref, value] of beforeRotation) plaintext.set(ref, await secrets.secretBox.decrypt(value));
    for (const r of await admin<{ id: string; national_id: string }[]>`SELECT id::text, national_id FROM tenant_customers WHERE national_id IS NOT NULL`) nationalIds.set(r.id, r.national_id);
    expect(nationalIds.size).toBeGreaterThan(2);
  });

  it('after the KEK rotates, the job re-encrypts everything while the old data keys keep decrypting', async () => {
    vault.rotate('rrnet');
    await enqueue(app.sql as never, 'key_rotation', {}, { tenantId: null });
    await runJobs();
    const pass = lines.find((l) => l.message === 'key rotation pass done');
    expect(pass).toMatchObject({ kek_version: 'v2', tenants: 2, data_keys_created: 2, retired: [] });
    expect(pass!.reencrypted).toBe(beforeRotation.size);
    expect(pass!.national_ids_encrypted).toBe(nationalIds.size);
    expect((pass!.waiting as string[]).sort()).toEqual(firstKeys.map((k) => `dk_${k.id}`).sort());

    // the old keys are retiring, not gone: a value captured before still opens
    const states = await admin<{ id: string; status: string; kek_version: string }[]>`SELECT id::text, status, kek_version FROM sys_data_keys ORDER BY id`;
    expect(states.filter((s) => s.status === 'retiring').map((s) => s.id).sort()).toEqual(firstKeys.map((k) => k.id).sort());
    for (const s of states) expect(s.kek_version).toBe('v2');
    const oldValue = [...beforeRotation.values()].find((v) => v.startsWith('dk_'))!;
    secrets.keys.clearCache();
    expect(await secrets.secretBox.decrypt(oldValue)).toMatch(/^SB-Mid-server-/);

    // the job scheduled itself for when the grace period is over
    const [next] = await admin<{ run_at: Date; payload: { rotate_data_keys: boolean } }[]>`
      SELECT run_at, payload FROM graphile_worker._private_jobs j JOIN graphile_worker._private_tasks t ON t.id = j.task_id WHERE t.identifier = 'key_rotation'`;
    expect(next!.run_at.getTime()).toBeGreaterThan(Date.now());
    expect(JSON.stringify(next!.payload)).toContain('"rotate_data_keys":false');
  });

  it('after the grace period it retires the old keys: every secret decrypts as before, none under another key', async () => {
    // the grace period elapses (the active keys became active "5 minutes ago") and the scheduled run is due
    await admin`UPDATE sys_data_keys SET activated_at = activated_at - interval '5 minutes'`;
    await admin`UPDATE graphile_worker._private_jobs SET run_at = now()`;
    await runJobs();
    const passes = lines.filter((l) => l.message === 'key rotation pass done');
    expect(passes).toHaveLength(2);
    expect(passes[1]).toMatchObject({ data_keys_created: 0, reencrypted: 0, waiting: [] });
    expect((passes[1]!.retired as string[]).sort()).toEqual(firstKeys.map((k) => `dk_${k.id}`).sort());

    const keys = await admin<{ id: string; tenant_id: string; status: string; wrapped_key: string | null; kek_version: string }[]>`SELECT id::text, tenant_id::text, status, wrapped_key, kek_version FROM sys_data_keys ORDER BY id`;
    expect(keys.filter((k) => k.status === 'retired').map((k) => [k.id, k.wrapped_key])).toEqual(firstKeys.map((k) => [k.id, null]).sort());
    const active = keys.filter((k) => k.status === 'active');
    expect(active.map((k) => k.tenant_id).sort()).toEqual([...tenants].sort());
    for (const k of active) expect(k.wrapped_key).toMatch(/^vault:v2:/);

    secrets.keys.clearCache();
    const after = await allSecrets();
    // national ids moved into national_id_enc, the plain column emptied
    expect(after.size).toBe(beforeRotation.size + nationalIds.size);
    expect((await admin`SELECT count(*)::int AS n FROM tenant_customers WHERE national_id IS NOT NULL`)[0]!.n).toBe(0);
    for (const [ref, value] of after) {
      const [column, rest] = ref.split('/', 2) as [string, string];
      const rowId = ref.split('/')[2]!;
      if (column === 'tenant_customers.national_id_enc' && nationalIds.has(rowId)) {
        expect(await secrets.secretBox.decrypt(value)).toBe(nationalIds.get(rowId));
      } else {
        expect(await secrets.secretBox.decrypt(value), `${column} ${rest}`).toBe(plaintext.get(ref));
      }
    }
    for (const k of active) expect(await secretsNotUnder(app.sql, k.tenant_id, `dk_${k.id}`)).toEqual([]);

    // a value under a retired key no longer opens
    const oldValue = [...beforeRotation.values()].find((v) => v.startsWith('dk_'))!;
    await expect(secrets.secretBox.decrypt(oldValue)).rejects.toThrow(/retired/);

    // audited, and the audit chains still verify
    const audits = await admin<{ tenant_id: string; n: number }[]>`SELECT tenant_id::text, count(*)::int AS n FROM sys_audit_logs WHERE action = 'keys.rotated' GROUP BY 1 ORDER BY 1`;
    expect(audits).toEqual([...tenants].sort().map((t) => ({ tenant_id: t, n: 2 })));
    const chains = await verifyAuditChains(system.sql);
    expect(chains.length).toBeGreaterThan(0);
    expect(chains.filter((c) => !c.ok)).toEqual([]);
  });
});
