/**
 * Envelope encryption with AWS KMS holding the KEK (the simulator, verifying SigV4): each
 * ISP's data key is created on its first secret, bound to the tenant by the encryption
 * context; moving the alias to a new KMS key and rotating rewraps every data key with
 * ReEncrypt (rewrap only: the data keys and the stored values stay as they are).
 */
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigKeyProvider, SecretBox, generateKeySpec } from '@rrnet/crypto';
import { createAwsKmsSimulator } from '@rrnet/crypto/simulator';
import type { AwsKmsSimulator } from '@rrnet/crypto/simulator';
import { createDatabase, withTenant } from '@rrnet/db';
import { seedDemo } from '@rrnet/db/seed';
import { createTestDatabase } from '@rrnet/db/testing';
import type { TestDatabase } from '@rrnet/db/testing';
import { createProcessSecrets } from '../../src/secrets/key_provider';
import type { ProcessSecrets } from '../../src/secrets/key_provider';
import { rotateKeys, secretsNotUnder } from '../../src/secrets/key_rotation';
import { sealSecret } from '../../src/secrets/seal';
import { TEST_PG_URL } from '../../../../tests/services';

const credentials = { accessKeyId: 'AKIARRNETTEST', secretAccessKey: 'rrnet-test-secret-access-key' };
let kms: AwsKmsSimulator;
let db: TestDatabase;
let admin: postgres.Sql;
let app: ReturnType<typeof createDatabase>;
let system: ReturnType<typeof createDatabase>;
let secrets: ProcessSecrets;
let tenants: string[];
let firstArn: string;

beforeAll(async () => {
  kms = await createAwsKmsSimulator({ credentials: { [credentials.accessKeyId]: credentials.secretAccessKey } });
  firstArn = kms.createKey();
  kms.setAlias('alias/rrnet', firstArn);
  db = await createTestDatabase(TEST_PG_URL);
  const keySpec = generateKeySpec('k1');
  tenants = (await seedDemo({ appUrl: db.appUrl, systemUrl: db.systemUrl, secretBox: new SecretBox(new ConfigKeyProvider(keySpec)) })).tenants.map((t) => t.id);
  admin = postgres(db.adminUrl, { max: 1, onnotice: () => {} });
  app = createDatabase(db.appUrl, { max: 2 });
  system = createDatabase(db.systemUrl, { max: 2 });
  secrets = createProcessSecrets(
    { KMS_PROVIDER: 'aws', AWS_REGION: kms.region, AWS_KMS_KEY_ID: 'alias/rrnet', AWS_KMS_ENDPOINT: kms.url, AWS_ACCESS_KEY_ID: credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey, ENCRYPTION_KEYS: keySpec },
    system.sql,
  );
}, 120_000);

afterAll(async () => {
  await admin?.end();
  await app?.close();
  await system?.close();
  await db?.drop();
  await kms?.close();
});

describe('envelope encryption with AWS KMS', () => {
  it('seals a secret under the tenant’s own data key, created on first use and wrapped by the KMS key', async () => {
    const sealed: string[] = [];
    for (const tenantId of tenants) sealed.push(await withTenant(app.sql, { tenantId }, (tx) => sealSecret(tx, secrets.secretBox, `secret-of-${tenantId}`)));
    const keys = await admin<{ id: string; tenant_id: string; kms: string; kek_version: string }[]>`SELECT id::text, tenant_id::text, kms, kek_version FROM sys_data_keys ORDER BY id`;
    expect(keys).toHaveLength(tenants.length);
    for (const k of keys) expect(k).toMatchObject({ kms: 'aws', kek_version: firstArn });
    for (const [i, tenantId] of tenants.entries()) {
      const own = keys.find((k) => k.tenant_id === tenantId)!;
      expect(sealed[i]!.startsWith(`dk_${own.id}:`)).toBe(true);
      secrets.keys.clearCache();
      expect(await secrets.secretBox.decrypt(sealed[i]!)).toBe(`secret-of-${tenantId}`);
    }
    expect(kms.calls.GenerateDataKey).toBe(tenants.length);
    expect(kms.rejectedSignatures).toBe(0);
  });

  it('rewraps every data key under a new KMS key with ReEncrypt; every secret still opens', async () => {
    const secondArn = kms.createKey();
    kms.setAlias('alias/rrnet', secondArn);
    const fresh = createProcessSecrets(
      { KMS_PROVIDER: 'aws', AWS_REGION: kms.region, AWS_KMS_KEY_ID: 'alias/rrnet', AWS_KMS_ENDPOINT: kms.url, AWS_ACCESS_KEY_ID: credentials.accessKeyId, AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey, ENCRYPTION_KEYS: undefined },
      system.sql,
    );
    // the seed's values (k1) need ENCRYPTION_KEYS: move them with the first rotation's process
    const report = await rotateKeys({ appSql: app.sql, systemSql: system.sql, keys: secrets.keys, secretBox: secrets.secretBox, rotateDataKeys: false });
    expect(report.kek_version).toBe(firstArn); // this process resolved the alias before it moved
    const rewrap = await rotateKeys({ appSql: app.sql, systemSql: system.sql, keys: fresh.keys, secretBox: fresh.secretBox, rotateDataKeys: false });
    expect(rewrap.kek_version).toBe(secondArn);
    expect(rewrap.tenants.map((t) => t.rewrapped)).toEqual(tenants.map(() => 1));
    expect(kms.calls.ReEncrypt).toBe(tenants.length);
    const keys = await admin<{ id: string; tenant_id: string; kek_version: string; status: string }[]>`SELECT id::text, tenant_id::text, kek_version, status FROM sys_data_keys`;
    for (const k of keys) expect(k).toMatchObject({ kek_version: secondArn, status: 'active' });
    // nothing is left under another key, and without ENCRYPTION_KEYS everything opens
    for (const k of keys) expect(await secretsNotUnder(app.sql, k.tenant_id, `dk_${k.id}`)).toEqual([]);
    const [row] = await admin<{ password_enc: string }[]>`SELECT password_enc FROM tenant_routers LIMIT 1`;
    expect(await fresh.secretBox.decrypt(row!.password_enc)).toMatch(/^[A-Za-z0-9_-]+$/);
  });
});
