/**
 * The KMS providers against HTTP simulators that follow Vault Transit's and AWS KMS's
 * documented APIs (the AWS one verifies every SigV4 signature), and the local provider.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AwsKms, KmsError, LocalKms, VaultTransitKms, generateKeySpec } from '../../src';
import { createAwsKmsSimulator, createVaultTransitSimulator } from '../../src/kms_simulator';
import type { AwsKmsSimulator, VaultSimulator } from '../../src/kms_simulator';

const TENANT_A = '0b7d2c52-5f0e-4a3c-9d0b-1f7a2f0c9a01';
const TENANT_B = '6a4e8f10-2c3d-4b5e-8f70-9a1b2c3d4e02';

describe('Vault Transit provider', () => {
  let sim: VaultSimulator;
  beforeAll(async () => {
    sim = await createVaultTransitSimulator({ tokens: ['s.good'], keys: ['rrnet'] });
  });
  afterAll(() => sim.close());

  it('generates a 256-bit data key wrapped under the latest version and unwraps it', async () => {
    const kms = new VaultTransitKms({ address: sim.url, token: 's.good', keyName: 'rrnet' });
    const dk = await kms.generateDataKey();
    expect(dk.plaintext).toHaveLength(32);
    expect(dk.wrapped).toMatch(/^vault:v1:/);
    expect(dk.kekVersion).toBe('v1');
    expect((await kms.unwrap(dk.wrapped)).equals(dk.plaintext)).toBe(true);
    expect(await kms.currentKekVersion()).toBe('v1');
  });

  it('after a key rotation rewraps onto the new version; the old version stops when Vault says so', async () => {
    const kms = new VaultTransitKms({ address: sim.url, token: 's.good', keyName: 'rrnet' });
    const dk = await kms.generateDataKey();
    const before = sim.latestVersion('rrnet');
    sim.rotate('rrnet');
    expect(await kms.currentKekVersion()).toBe(`v${before + 1}`);
    const re = await kms.rewrap(dk.wrapped);
    expect(re.kekVersion).toBe(`v${before + 1}`);
    expect(re.wrapped.startsWith(`vault:v${before + 1}:`)).toBe(true);
    expect((await kms.unwrap(re.wrapped)).equals(dk.plaintext)).toBe(true);
    // min_decryption_version: the old wrapping is refused, the rewrapped one still opens
    const res = await fetch(`${sim.url}/v1/transit/keys/rrnet/config`, { method: 'POST', headers: { 'X-Vault-Token': 's.good' }, body: JSON.stringify({ min_decryption_version: before + 1 }) });
    expect(res.status).toBe(200);
    await expect(kms.unwrap(dk.wrapped)).rejects.toThrow(/400.*too old/);
    expect((await kms.unwrap(re.wrapped)).equals(dk.plaintext)).toBe(true);
  });

  it('sends X-Vault-Token: a wrong token is refused with 403, an unknown key with 400', async () => {
    const bad = new VaultTransitKms({ address: sim.url, token: 's.wrong', keyName: 'rrnet' });
    const err = await bad.generateDataKey().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KmsError);
    expect((err as KmsError).status).toBe(403);
    expect((err as KmsError).message).toMatch(/permission denied/);
    const missing = new VaultTransitKms({ address: sim.url, token: 's.good', keyName: 'nope' });
    await expect(missing.generateDataKey()).rejects.toThrow(/encryption key not found/);
    expect(sim.calls['POST datakey/plaintext']).toBeGreaterThanOrEqual(2);
  });

  it('refuses plain http to another host', () => {
    expect(() => new VaultTransitKms({ address: 'http://vault.example.com:8200', token: 't', keyName: 'k' })).toThrow(/must be https/);
    expect(() => new VaultTransitKms({ address: 'https://vault.example.com:8200', token: 't', keyName: 'k' })).not.toThrow();
    expect(() => new VaultTransitKms({ address: 'https://vault.example.com:8200', keyName: 'k' })).toThrow(/either a token or an AppRole/);
  });
});

describe('Vault with AppRole', () => {
  let sim: VaultSimulator;
  let clock = 1_000_000;
  const now = () => clock;
  const ROLE = { roleId: 'rrnet-web', secretId: 'c0ffee-secret' };
  beforeAll(async () => {
    // tokens of 60 s, renewable up to 150 s; both sides on the same movable clock
    sim = await createVaultTransitSimulator({ tokens: [], appRoles: [{ ...ROLE, ttlSeconds: 60, maxTtlSeconds: 150 }], keys: ['rrnet'], now });
  });
  afterAll(() => sim.close());

  it('logs in once, renews the lease at two thirds, logs in again at its max TTL', async () => {
    const kms = new VaultTransitKms({ address: sim.url, appRole: ROLE, keyName: 'rrnet', now });
    const dk = await kms.generateDataKey();
    await kms.unwrap(dk.wrapped);
    expect(sim.calls['POST auth/login']).toBe(1);
    // 30 s in: the token is still fresh, nothing to do
    clock += 30_000;
    await kms.currentKekVersion();
    expect(sim.calls['POST auth/login']).toBe(1);
    expect(sim.calls['POST auth/token/renew-self']).toBeUndefined();
    // 45 s in (past 40 s = 2/3 of 60): renewed, not a new login
    clock += 15_000;
    expect((await kms.unwrap(dk.wrapped)).equals(dk.plaintext)).toBe(true);
    expect(sim.calls['POST auth/token/renew-self']).toBe(1);
    expect(sim.calls['POST auth/login']).toBe(1);
    // renewed every 40 s up to 150 s after login; then the lease comes back short and a new login follows
    for (let i = 0; i < 4; i++) {
      clock += 41_000;
      await kms.currentKekVersion();
    }
    expect(sim.calls['POST auth/login']).toBe(2);
  });

  it('a token that died under it (revoked, or the clock jumped past its lease) costs one new login, not an error', async () => {
    const kms = new VaultTransitKms({ address: sim.url, appRole: ROLE, keyName: 'rrnet', now: () => 0 }); // its own clock never moves: it would never renew
    await kms.currentKekVersion();
    const logins = sim.calls['POST auth/login']!;
    clock += 10 * 60_000; // the simulator's clock: every token it issued has expired
    expect(await kms.currentKekVersion()).toMatch(/^v\d+$/);
    expect(sim.calls['POST auth/login']).toBe(logins + 1);
  });

  it('a wrong secret id is refused with Vault\'s 400, and no transit call is made', async () => {
    const before = sim.calls['POST datakey/plaintext'] ?? 0;
    const bad = new VaultTransitKms({ address: sim.url, appRole: { roleId: ROLE.roleId, secretId: 'guess' }, keyName: 'rrnet', now });
    const err = await bad.generateDataKey().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KmsError);
    expect((err as KmsError).status).toBe(400);
    expect((err as KmsError).message).toMatch(/Vault AppRole login: 400: invalid role or secret ID/);
    expect(sim.calls['POST datakey/plaintext'] ?? 0).toBe(before);
  });
});

describe('AWS KMS provider', () => {
  let sim: AwsKmsSimulator;
  let firstArn: string;
  const credentials = { accessKeyId: 'AKIASIMULATOR', secretAccessKey: 'sim-secret-key-0123456789' };
  beforeAll(async () => {
    sim = await createAwsKmsSimulator({ credentials: { [credentials.accessKeyId]: credentials.secretAccessKey } });
    firstArn = sim.createKey();
    sim.setAlias('alias/rrnet', firstArn);
  });
  afterAll(() => sim.close());

  const client = (over: Partial<ConstructorParameters<typeof AwsKms>[0]> = {}) =>
    new AwsKms({ region: sim.region, keyId: 'alias/rrnet', credentials, endpoint: sim.url, ...over });

  it('GenerateDataKey and Decrypt, signed with SigV4, bound to the tenant as encryption context', async () => {
    const kms = client();
    const dk = await kms.generateDataKey(TENANT_A);
    expect(dk.plaintext).toHaveLength(32);
    expect(dk.kekVersion).toBe(firstArn);
    expect(await kms.currentKekVersion()).toBe(firstArn);
    expect((await kms.unwrap(dk.wrapped, TENANT_A)).equals(dk.plaintext)).toBe(true);
    // another tenant's context does not open it
    const err = await kms.unwrap(dk.wrapped, TENANT_B).catch((e: unknown) => e);
    expect((err as KmsError).code).toBe('InvalidCiphertextException');
    expect(sim.calls.GenerateDataKey).toBeGreaterThanOrEqual(1);
    expect(sim.calls.Decrypt).toBeGreaterThanOrEqual(2);
  });

  it('ReEncrypt moves a data key to the key the alias now names', async () => {
    const kms = client();
    const dk = await kms.generateDataKey(TENANT_A);
    const secondArn = sim.createKey();
    sim.setAlias('alias/rrnet', secondArn);
    const fresh = client();
    expect(await fresh.currentKekVersion()).toBe(secondArn);
    const re = await fresh.rewrap(dk.wrapped, TENANT_A);
    expect(re.kekVersion).toBe(secondArn);
    expect((await fresh.unwrap(re.wrapped, TENANT_A)).equals(dk.plaintext)).toBe(true);
    sim.setAlias('alias/rrnet', firstArn);
  });

  it('the simulator refuses a wrong secret, an unknown access key and a body changed after signing', async () => {
    const before = sim.rejectedSignatures;
    const wrongSecret = client({ credentials: { ...credentials, secretAccessKey: 'not-the-secret' } });
    await expect(wrongSecret.generateDataKey(TENANT_A)).rejects.toMatchObject({ code: 'InvalidSignatureException' });
    const unknownKey = client({ credentials: { accessKeyId: 'AKIAUNKNOWN', secretAccessKey: 'x' } });
    await expect(unknownKey.generateDataKey(TENANT_A)).rejects.toMatchObject({ code: 'UnrecognizedClientException' });
    const tampering: typeof fetch = (input, init) => fetch(input, { ...init, body: String(init?.body).replace('AES_256', 'AES_128') });
    await expect(client({ fetch: tampering }).generateDataKey(TENANT_A)).rejects.toMatchObject({ code: 'InvalidSignatureException' });
    const wrongRegion = client({ region: 'us-east-1' });
    await expect(wrongRegion.generateDataKey(TENANT_A)).rejects.toMatchObject({ code: 'InvalidSignatureException' });
    expect(sim.rejectedSignatures - before).toBe(4);
  });
});

describe('local provider', () => {
  it('wraps under the first KEK, unwraps under any listed one, binds the context', async () => {
    const k1 = generateKeySpec('kek1');
    const old = new LocalKms(k1);
    const dk = await old.generateDataKey(TENANT_A);
    expect(dk.kekVersion).toBe('kek1');
    const k2 = generateKeySpec('kek2');
    const rotated = new LocalKms(`${k2},${k1}`);
    expect((await rotated.unwrap(dk.wrapped, TENANT_A)).equals(dk.plaintext)).toBe(true);
    await expect(rotated.unwrap(dk.wrapped, TENANT_B)).rejects.toThrow(/does not open/);
    const re = await rotated.rewrap(dk.wrapped, TENANT_A);
    expect(re.kekVersion).toBe('kek2');
    // rewrapped: kek1 is no longer needed
    expect((await new LocalKms(k2).unwrap(re.wrapped, TENANT_A)).equals(dk.plaintext)).toBe(true);
    await expect(new LocalKms(k2).unwrap(dk.wrapped, TENANT_A)).rejects.toThrow(/unknown local KEK "kek1"/);
  });
});
